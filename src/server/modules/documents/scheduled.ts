/**
 * Scheduled publication. An approver who publishes "at 07:00 tomorrow" makes the item published
 * with a future publish_at: visibility (visibility.ts) hides it until then by itself. What must
 * happen at that moment is the announcement to the target members, once. The publish
 * transaction enqueues a `documents.announce` job due at the publication time, keyed by item and
 * time: rescheduling enqueues a new key and the old job finds a different time and does nothing;
 * unpublishing leaves a job that finds the item not published. The job marks itself done in the
 * same transaction as the notifications, so a worker that dies after sending cannot send again.
 */
import { eq, sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../../db/client.ts';
import { documentTargets, documents, units } from '../../db/schema.ts';
import type { JobContext } from '../../jobs/handlers.ts';
import { enqueue, PermanentJobError, type ClaimedJob } from '../../jobs/queue.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { announce } from './documents.service.ts';

export const DOCUMENT_ANNOUNCE = 'documents.announce';

/** Inside the publish transaction: the announcement job for `publishAt`. */
export async function scheduleAnnouncement(tx: DbOrTx, documentId: string, publishAt: Date): Promise<void> {
  const at = publishAt.toISOString();
  await enqueue(
    tx,
    DOCUMENT_ANNOUNCE,
    { documentId, publishAt: at },
    { runAt: publishAt, dedupeKey: `${DOCUMENT_ANNOUNCE}:${documentId}:${at}` },
  );
}

function parsePayload(p: Record<string, unknown>): { documentId: string; publishAt: Date } {
  const { documentId, publishAt } = p;
  if (typeof documentId !== 'string' || typeof publishAt !== 'string' || Number.isNaN(Date.parse(publishAt)))
    throw new PermanentJobError('bad announce payload');
  return { documentId, publishAt: new Date(publishAt) };
}

export async function announceScheduledJob(ctx: JobContext, job: ClaimedJob): Promise<void> {
  const p = parsePayload(job.payload);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    // Claim the send: a second worker holding the same job (an expired lease) waits on this row
    // and then finds it done.
    const mine = await tx.execute(
      sql`UPDATE jobs SET status = 'done', finished_at = ${now.toISOString()}::timestamptz, locked_until = NULL WHERE id = ${job.id} AND status = 'running' RETURNING id`,
    );
    if (rowsOf(mine).length === 0) return;
    await tx.execute(sql`SELECT id FROM documents WHERE id = ${p.documentId} FOR UPDATE`);
    const [row] = await tx
      .select({ doc: documents, unitPath: units.path })
      .from(documents)
      .innerJoin(units, eq(units.id, documents.unitId))
      .where(eq(documents.id, p.documentId));
    // Gone, unpublished, or moved to another time (that time has its own job).
    if (!row || row.doc.status !== 'published' || row.doc.publishAt?.getTime() !== p.publishAt.getTime()) return;
    if (row.doc.publishAt > now) throw new Error('publication time not reached');
    const targets = await tx
      .select({ unitId: documentTargets.unitId })
      .from(documentTargets)
      .where(eq(documentTargets.documentId, p.documentId));
    await announce(
      tx,
      row.doc,
      p.documentId,
      targets.map((t) => t.unitId),
      now,
    );
    await recordAudit(
      tx,
      { actorId: null, requestId: `job:${job.id}`, at: now },
      {
        action: 'documents.announce',
        targetType: 'document',
        targetId: p.documentId,
        unitId: row.doc.unitId,
        unitPath: row.unitPath,
        changes: { publishAt: { old: null, new: row.doc.publishAt } },
      },
    );
  });
}
