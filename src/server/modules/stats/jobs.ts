/**
 * Statistics jobs. Two self-renewing chains on the jobs table (no cron exists):
 *  - stats.monthEnd {month}: runs at the first instant of the next month (Vietnam time), writes the
 *    month's final snapshot and schedules the following month;
 *  - stats.live: recomputes the live counts and schedules itself every 30 s (on the half minute).
 * The next job's dedupe key is its due time, so however many times the chains are started (every
 * process, every stale read), they converge to one live job at a time and one per month.
 */
import { lt, and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { jobs } from '../../db/schema.ts';
import { enqueue } from '../../jobs/queue.ts';
import type { JobContext } from '../../jobs/handlers.ts';
import type { ClaimedJob } from '../../jobs/queue.ts';
import { addMonths, isMonth, vnMonth, vnMonthStart } from '../../../common/time/vietnam.ts';
import { LIVE_MAX_AGE_MS, refreshLive, takeSnapshot } from './figures.service.ts';

export const STATS_MONTH_END = 'stats.monthEnd';
export const STATS_LIVE = 'stats.live';

async function scheduleMonthEnd(db: DbOrTx, month: string) {
  await enqueue(
    db,
    STATS_MONTH_END,
    { month },
    { runAt: vnMonthStart(addMonths(month, 1)), dedupeKey: `${STATS_MONTH_END}:${month}` },
  );
}

/**
 * Half the read-side limit (LIVE_MAX_AGE_MS): the job keeps the counts fresh, so a dashboard read
 * pays for a recomputation only when the jobs are behind.
 */
const LIVE_PERIOD_MS = LIVE_MAX_AGE_MS / 2;

async function scheduleLive(db: DbOrTx, now: Date) {
  const next = new Date(Math.floor(now.getTime() / LIVE_PERIOD_MS) * LIVE_PERIOD_MS + LIVE_PERIOD_MS);
  await enqueue(db, STATS_LIVE, {}, { runAt: next, dedupeKey: `${STATS_LIVE}:${next.toISOString()}`, maxAttempts: 1 });
}

/** Starts both chains if they are not running (idempotent). */
export async function ensureStatsJobs(db: DbOrTx, now: Date): Promise<void> {
  await scheduleMonthEnd(db, vnMonth(now));
  await scheduleLive(db, now);
}

export async function monthEndJob(ctx: JobContext, job: ClaimedJob): Promise<void> {
  const month = String(job.payload.month ?? '');
  if (!isMonth(month)) return;
  await takeSnapshot(ctx.db, month, ctx.clock.now());
  await scheduleMonthEnd(ctx.db, addMonths(month, 1));
}

export async function liveJob(ctx: JobContext): Promise<void> {
  const now = ctx.clock.now();
  await refreshLive(ctx.db, now, true);
  // The chain leaves one finished row a minute: keep only the last hour's.
  await ctx.db
    .delete(jobs)
    .where(and(eq(jobs.kind, STATS_LIVE), eq(jobs.status, 'done'), lt(jobs.createdAt, new Date(now.getTime() - 3600_000))));
  await scheduleLive(ctx.db, now);
}
