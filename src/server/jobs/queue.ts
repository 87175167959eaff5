/**
 * The job table's operations: enqueue (inside the caller's transaction, so a rolled-back write
 * schedules nothing), claim due jobs with FOR UPDATE SKIP LOCKED (several app processes can poll
 * the same table without taking each other's jobs), and finish or retry them with backoff.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client.ts';
import { jobs } from '../db/schema.ts';

export interface EnqueueOptions {
  /** When the job becomes due; default now. A future time makes a scheduled job (a reminder). */
  runAt?: Date;
  maxAttempts?: number;
  /** A job with the same key is enqueued once; later calls are no-ops. */
  dedupeKey?: string;
}

export async function enqueue(
  tx: DbOrTx,
  kind: string,
  payload: Record<string, unknown>,
  opts: EnqueueOptions = {},
): Promise<void> {
  await tx
    .insert(jobs)
    .values({
      kind,
      payload,
      runAt: opts.runAt ?? new Date(),
      maxAttempts: opts.maxAttempts ?? 6,
      dedupeKey: opts.dedupeKey ?? null,
    })
    .onConflictDoNothing();
}

export interface ClaimedJob {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

/** How long a claimed job stays with its worker before another may take it (a crashed process). */
export const LEASE_MS = 5 * 60_000;

/**
 * Takes up to `limit` due jobs: queued ones whose run_at has come, and running ones whose lease
 * expired (their worker died mid-job). Each claim counts as an attempt.
 */
export async function claimJobs(db: DbOrTx, workerId: string, now: Date, limit: number): Promise<ClaimedJob[]> {
  const nowIso = now.toISOString();
  const lease = new Date(now.getTime() + LEASE_MS).toISOString();
  const res = await db.execute(sql`
    UPDATE jobs SET status = 'running', locked_until = ${lease}::timestamptz, locked_by = ${workerId}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM jobs
      WHERE (status = 'queued' AND run_at <= ${nowIso}::timestamptz)
         OR (status = 'running' AND locked_until < ${nowIso}::timestamptz)
      ORDER BY run_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, kind, payload, attempts, max_attempts AS "maxAttempts"`);
  return rowsOf<ClaimedJob>(res).map((r) => ({ ...r, id: Number(r.id) }));
}

export async function completeJob(db: DbOrTx, id: number, now: Date): Promise<void> {
  await db.execute(
    sql`UPDATE jobs SET status = 'done', finished_at = ${now.toISOString()}::timestamptz, locked_until = NULL, last_error = NULL WHERE id = ${id}`,
  );
}

/** 30 s, 1 min, 2 min … capped at 1 hour: a push service that is down gets time to recover. */
export function backoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/** A failed attempt: back to the queue later, or `failed` for good after the last attempt. */
export async function failJob(db: DbOrTx, job: ClaimedJob, error: string, now: Date, permanent = false): Promise<void> {
  const message = error.slice(0, 2000);
  if (permanent || job.attempts >= job.maxAttempts) {
    await db.execute(
      sql`UPDATE jobs SET status = 'failed', finished_at = ${now.toISOString()}::timestamptz, locked_until = NULL, last_error = ${message} WHERE id = ${job.id}`,
    );
    return;
  }
  const runAt = new Date(now.getTime() + backoffMs(job.attempts)).toISOString();
  await db.execute(
    sql`UPDATE jobs SET status = 'queued', run_at = ${runAt}::timestamptz, locked_until = NULL, last_error = ${message} WHERE id = ${job.id}`,
  );
}

/** Thrown by a handler when retrying cannot help (the target is gone, the payload is bad). */
export class PermanentJobError extends Error {}
