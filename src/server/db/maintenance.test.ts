/**
 * The embedded database has no autovacuum: without the maintenance jobs the live statistics,
 * rewritten every 30 seconds, grow their table without end. With them it stays the same size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { rowsOf } from './client.ts';
import { generateOrganization } from '../seed/generate.ts';
import { loadOrganization } from '../seed/load.ts';
import { refreshLive } from '../modules/stats/figures.service.ts';
import { testConfig } from '../config.ts';
import { systemClock } from '../clock.ts';
import { DB_VACUUM_ALL, DB_VACUUM_CHURN, embeddedMaintenanceJobs, vacuumAllJob, vacuumChurnJob } from './maintenance.ts';
import { recurringFor } from '../jobs/worker.ts';
import type { ClaimedJob } from '../jobs/queue.ts';
import { scheduleRecurring } from '../jobs/recurring.ts';

describe('embedded database maintenance', () => {
  let database: TestDatabase;
  const job = {} as ClaimedJob;
  const size = async () =>
    Number(rowsOf<{ n: string }>(await database.db.execute(sql`SELECT pg_total_relation_size('stats_unit_figures') AS n`))[0]!.n);
  const refresh = async (times: number) => {
    for (let i = 0; i < times; i++) await refreshLive(database.db, new Date(), true);
  };

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    await loadOrganization(database.db, generateOrganization({ scale: 'demo', asOf: '2026-03-01' }), {
      password: 'demo-password',
    });
  });
  afterAll(async () => database.close());

  it('runs only on PGlite: PostgreSQL has autovacuum', () => {
    const kinds = (engine: 'pglite' | 'postgres') => recurringFor(engine).map((r) => r.kind);
    expect(kinds('pglite')).toEqual(expect.arrayContaining([DB_VACUUM_CHURN, DB_VACUUM_ALL]));
    expect(kinds('postgres')).not.toContain(DB_VACUUM_CHURN);
    expect(kinds('postgres')).not.toContain(DB_VACUUM_ALL);
  });

  it('keeps the live statistics table from growing with every refresh', async () => {
    const ctx = { db: database.db, config: testConfig(), clock: systemClock };
    await refresh(3);
    await vacuumChurnJob(ctx, job);
    const settled = await size();
    // Without maintenance, twenty refreshes leave twenty copies of the rows behind.
    await refresh(20);
    const grown = await size();
    expect(grown).toBeGreaterThan(settled * 3);
    // With it, the space of the dead rows is used again: the table stops growing.
    await vacuumChurnJob(ctx, job);
    const afterVacuum = await size();
    await refresh(20);
    await vacuumChurnJob(ctx, job);
    expect(await size()).toBeLessThanOrEqual(afterVacuum * 1.1);
    // The daily pass covers everything, and leaves the planner statistics it needs.
    await vacuumAllJob(ctx, job);
    const [stats] = rowsOf<{ n: number }>(
      await database.db.execute(sql`SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'members'`),
    );
    expect(stats!.n).toBeGreaterThan(0);
  });

  it('vacuums the busy tables every ten minutes and everything at 02:30 Vietnam time, neither at start-up', async () => {
    const db = database.db;
    const runAt = async (kind: string) =>
      rowsOf<{ run_at: string | Date }>(await db.execute(sql`SELECT run_at FROM jobs WHERE kind = ${kind} ORDER BY run_at`)).map(
        (r) => new Date(r.run_at).toISOString(),
      );
    // A process starting at 11:07 in Vietnam (04:07 UTC).
    await scheduleRecurring(db, new Date('2026-11-27T04:07:00Z'), new Map(), embeddedMaintenanceJobs);
    expect(await runAt(DB_VACUUM_CHURN)).toEqual(['2026-11-27T04:10:00.000Z']);
    expect(await runAt(DB_VACUUM_ALL)).toEqual(['2026-11-27T19:30:00.000Z']);
    // After that night's run, the next night's; ensuring it again (another process) adds nothing.
    await scheduleRecurring(db, new Date('2026-11-27T19:31:00Z'), new Map(), embeddedMaintenanceJobs);
    await scheduleRecurring(db, new Date('2026-11-27T19:45:00Z'), new Map(), embeddedMaintenanceJobs);
    expect(await runAt(DB_VACUUM_ALL)).toEqual(['2026-11-27T19:30:00.000Z', '2026-11-28T19:30:00.000Z']);
  });
});
