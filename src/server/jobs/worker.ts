/**
 * The worker loop: every app process polls the job table, claims due jobs and runs them. Claims use
 * SKIP LOCKED, so N processes share the work; a process that dies mid-job leaves a lease that
 * expires, and the job runs again (handlers must tolerate a repeat).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Database } from '../db/client.ts';
import type { Config } from '../config.ts';
import { systemClock, type Clock } from '../clock.ts';
import { claimJobs, completeJob, failJob, PermanentJobError } from './queue.ts';
import { safeErrorMessage } from '../http/log-safety.ts';
import { jobHandlers, type JobContext, type JobHandler } from './handlers.ts';
import { maintenanceJobs, recurringJobs, scheduleRecurring, type RecurringJob } from './recurring.ts';

export interface RunOptions {
  workerId?: string;
  limit?: number;
  handlers?: Record<string, JobHandler>;
}

/** Claims and runs one batch of due jobs; returns how many ran. Tests call it directly. */
export async function runDueJobs(ctx: JobContext, opts: RunOptions = {}): Promise<number> {
  const handlers = opts.handlers ?? jobHandlers;
  const claimed = await claimJobs(ctx.db, opts.workerId ?? 'inline', ctx.clock.now(), opts.limit ?? 20);
  for (const job of claimed) {
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind "${job.kind}"`);
      await handler(ctx, job);
      await completeJob(ctx.db, job.id, ctx.clock.now());
    } catch (err) {
      // The message without a failed statement's parameters: the jobs table is no place for personal data.
      await failJob(ctx.db, job, safeErrorMessage(err), ctx.clock.now(), err instanceof PermanentJobError);
    }
  }
  return claimed.length;
}

/** The recurring jobs every worker keeps (both engines are PostgreSQL servers with their own autovacuum). */
export const recurringAll: RecurringJob[] = [...recurringJobs, ...maintenanceJobs];

export interface JobWorker {
  stop(): Promise<void>;
}

/** Starts polling (every `intervalMs` when idle, at once again after a full batch). */
export function startJobWorker(database: Database, config: Config, opts: { clock?: Clock; intervalMs?: number } = {}): JobWorker {
  const ctx: JobContext = { db: database.db, config, clock: opts.clock ?? systemClock };
  const workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const interval = opts.intervalMs ?? 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const recurringSeen = new Map<string, number>();
  const recurring = recurringAll;

  const tick = async () => {
    let ran = 0;
    try {
      // Every process ensures the current slot of each recurring job (reminder scan); the dedupe key keeps it one row.
      await scheduleRecurring(ctx.db, ctx.clock.now(), recurringSeen, recurring);
      ran = await runDueJobs(ctx, { workerId });
    } catch (err) {
      // The database may be briefly unreachable; the next tick tries again.
      if (config.LOG_LEVEL !== 'silent') console.warn(`jobs: ${(err as Error).message}`);
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), ran > 0 ? 0 : interval);
  };
  timer = setTimeout(() => (running = tick()), interval);
  timer.unref?.();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
