/**
 * VACUUM and ANALYZE for the embedded database. PGlite runs PostgreSQL as a single process, so no
 * autovacuum worker exists: every updated or deleted row stays as a dead row and the planner's
 * statistics are never refreshed. Measured on the demo city: the live statistics (rewritten every
 * 30 s) grew their table by ~140 KB a refresh, 400 MB a day, and each refresh slowed as it grew.
 * So the job worker runs, on PGlite only (PostgreSQL has autovacuum):
 *  - every 10 minutes (the first one 10 minutes after start-up at most), VACUUM (ANALYZE) of the
 *    tables rewritten all day (60 ms on the demo city);
 *  - once a day at 02:30 Vietnam time, VACUUM (ANALYZE) of everything, which also gives the
 *    planner statistics after imports (0.3 s on the demo city, seconds on a province's data: never
 *    at start-up, which may be in the busy hours).
 * Both hold the one embedded connection while they run; short by design.
 */
import { sql } from 'drizzle-orm';
import type { JobHandler } from '../jobs/handlers.ts';
import type { RecurringJob } from '../jobs/recurring.ts';

export const DB_VACUUM_CHURN = 'db.vacuumChurn';
export const DB_VACUUM_ALL = 'db.vacuumAll';

/** Rewritten all day: live statistics, the job queue, session touches, users' last-seen times. */
export const CHURN_TABLES = ['stats_unit_figures', 'jobs', 'sessions', 'users', 'meeting_client_ops'] as const;

export const embeddedMaintenanceJobs: RecurringJob[] = [
  // Not at start-up either: a start is busy enough (migrations, the first requests).
  { kind: DB_VACUUM_CHURN, everyMs: 10 * 60_000, waitForNext: true },
  // 19:30 UTC is 02:30 in Vietnam (UTC+7).
  { kind: DB_VACUUM_ALL, everyMs: 24 * 60 * 60_000, offsetMs: 19.5 * 60 * 60_000, waitForNext: true },
];

export const vacuumChurnJob: JobHandler = async (ctx) => {
  await ctx.db.execute(sql.raw(`VACUUM (ANALYZE) ${CHURN_TABLES.join(', ')}`));
};

export const vacuumAllJob: JobHandler = async (ctx) => {
  await ctx.db.execute(sql`VACUUM (ANALYZE)`);
};
