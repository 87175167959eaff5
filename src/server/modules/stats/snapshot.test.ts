/**
 * Monthly snapshots: the month-end job freezes a month; moving a cell afterwards changes today's
 * figures but not the month's, and the ranking shows the movement since that month.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeMember, makeUnit, makeUser, sessionCookie, type TestUnit } from '../../testing/factories.ts';
import { rowsOf } from '../../db/client.ts';
import { appInstalls, users } from '../../db/schema.ts';
import { runDueJobs } from '../../jobs/worker.ts';

interface Row {
  unit: { id: string };
  direct: boolean;
  members: number;
  installed: number;
  installRank: number;
  rates: { installed: number };
  movement: { previousRank: number; rankChange: number; installedRateChange: number } | null;
}
interface View {
  period: string;
  previousMonth: string | null;
  total: { members: number; installed: number; exempted: number; probationary: number };
  rows: Row[];
}

describe.each(ENGINES)('monthly statistics snapshots on %s', (engine) => {
  let t: TestApp;
  let cookie: string;
  let province: TestUnit,
    cityA: TestUnit,
    cityB: TestUnit,
    wardA: TestUnit,
    wardB: TestUnit,
    c1: TestUnit,
    c2: TestUnit,
    c3: TestUnit;

  /** A member with an account; installed or not. */
  async function member(cell: TestUnit, opts: { installed?: boolean; status?: 'official' | 'probationary' | 'exempted' } = {}) {
    const db = t.database.db;
    const { member: m } = await makeMember(db, { cell, status: opts.status ?? 'official' });
    const [u] = await db
      .insert(users)
      .values({ memberId: m.id, displayName: m.fullName, status: 'active', activatedAt: t.clock.now() })
      .returning();
    if (opts.installed)
      await db.insert(appInstalls).values({
        userId: u!.id,
        deviceId: crypto.randomUUID(),
        platform: 'android',
        source: 'standalone',
        installedAt: t.clock.now(),
        lastSeenAt: t.clock.now(),
      });
  }

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-02-20T05:00:00Z'));
    const db = t.database.db;
    province = await makeUnit(db, { type: 'province', name: 'Tỉnh Thử' });
    cityA = await makeUnit(db, { parent: province, type: 'upper_level', name: 'Thành phố A' });
    cityB = await makeUnit(db, { parent: province, type: 'upper_level', name: 'Huyện B' });
    wardA = await makeUnit(db, { parent: cityA, type: 'grassroots', name: 'Phường A1' });
    wardB = await makeUnit(db, { parent: cityB, type: 'grassroots', name: 'Xã B1' });
    c1 = await makeUnit(db, { parent: wardA, type: 'cell', name: 'Chi bộ 1' });
    c2 = await makeUnit(db, { parent: wardA, type: 'cell', name: 'Chi bộ 2' });
    c3 = await makeUnit(db, { parent: wardB, type: 'cell', name: 'Chi bộ 3' });
    for (let i = 0; i < 4; i++) await member(c1, { installed: true });
    await member(c1, { status: 'exempted' });
    await member(c2, { installed: true });
    await member(c2, { status: 'probationary' });
    await member(c3, { installed: true });
    for (let i = 0; i < 3; i++) await member(c3);
    const admin = await makeUser(db, { roles: [{ role: 'system_admin', unit: province }] });
    cookie = await sessionCookie(db, t.config, admin.id, t.clock.now());
  });
  afterAll(async () => t.close());

  const get = async (url: string) => {
    const res = await call(t.app, cookie, { method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
    return res.json() as View;
  };
  const byUnit = (v: View, id: string) => v.rows.find((r) => r.unit.id === id && !r.direct)!;

  it('freezes the month at month end; moving a cell later changes today, not the month', async () => {
    // The first dashboard read computes the live counts and starts the jobs.
    const live = await get(`/api/stats/adoption?unitId=${province.id}`);
    expect(live.period).toBe('live');
    expect(live.total).toMatchObject({ members: 10, installed: 6, exempted: 1, probationary: 1 });
    expect(byUnit(live, cityA.id)).toMatchObject({ members: 6, installed: 5, installRank: 1 });
    // On demand during the month: taken, not final.
    const taken = await call(t.app, cookie, { method: 'POST', url: '/api/stats/snapshots', payload: { month: '2026-02' } });
    expect(taken.json()).toEqual({ month: '2026-02', written: true, final: false });
    // The ranking's month picker lists it, not final yet.
    expect((await call(t.app, cookie, { method: 'GET', url: '/api/stats/months' })).json()).toEqual({
      months: [{ month: '2026-02', final: false }],
    });
    expect(
      (await call(t.app, cookie, { method: 'POST', url: '/api/stats/snapshots', payload: { month: '2026-04' } })).statusCode,
    ).toBe(400);

    // Month end (Vietnam time): the job writes the final snapshot and schedules the next month.
    t.clock.set('2026-02-28T17:00:30Z');
    const jobCtx = { db: t.database.db, config: t.config, clock: t.clock };
    expect(await runDueJobs(jobCtx)).toBeGreaterThanOrEqual(1);
    const jobsNow = rowsOf<{ kind: string; status: string; payload: { month?: string } }>(
      await t.database.db.execute(sql`SELECT kind, status, payload FROM jobs WHERE kind LIKE 'stats.%' ORDER BY id`),
    );
    expect(jobsNow).toContainEqual({ kind: 'stats.monthEnd', status: 'done', payload: { month: '2026-02' } });
    expect(jobsNow).toContainEqual({ kind: 'stats.monthEnd', status: 'queued', payload: { month: '2026-03' } });
    expect((await call(t.app, cookie, { method: 'GET', url: '/api/stats/months' })).json()).toEqual({
      months: [{ month: '2026-02', final: true }],
    });
    const feb = await get(`/api/stats/adoption?unitId=${province.id}&month=2026-02`);
    const febCityA = await get(`/api/stats/adoption?unitId=${cityA.id}&month=2026-02`);
    const febWardB = await get(`/api/stats/adoption?unitId=${wardB.id}&month=2026-02`);
    expect(feb.total).toMatchObject({ members: 10, installed: 6 });

    // Restructuring in March: cell 1 (4 installed members) moves to the other city; one more member in cell 3.
    t.clock.set('2026-03-05T03:00:00Z');
    const moved = await call(t.app, cookie, {
      method: 'POST',
      url: `/api/units/${c1.id}/move`,
      payload: { newParentId: wardB.id, reason: 'Sắp xếp lại' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await member(c3, { installed: true });
    // A second request for February changes nothing: the month is final.
    expect(
      (await call(t.app, cookie, { method: 'POST', url: '/api/stats/snapshots', payload: { month: '2026-02' } })).json(),
    ).toMatchObject({ written: false, final: true });

    expect(await get(`/api/stats/adoption?unitId=${province.id}&month=2026-02`)).toEqual(feb);
    expect(await get(`/api/stats/adoption?unitId=${cityA.id}&month=2026-02`)).toEqual(febCityA);
    expect(await get(`/api/stats/adoption?unitId=${wardB.id}&month=2026-02`)).toEqual(febWardB);
    expect(byUnit(febCityA, wardA.id)).toMatchObject({ members: 6, installed: 5 });

    // Today (the live counts are older than a minute, so they are recomputed) sees the new tree.
    const now = await get(`/api/stats/adoption?unitId=${province.id}`);
    expect(now.total).toMatchObject({ members: 11, installed: 7 });
    const a = byUnit(now, cityA.id);
    const b = byUnit(now, cityB.id);
    expect(a).toMatchObject({ members: 2, installed: 1 });
    expect(b).toMatchObject({ members: 9, installed: 6 });
    // Movement since February: B overtook A.
    expect(now.previousMonth).toBe('2026-02');
    expect(b.movement).toEqual({ previousRank: 2, rankChange: 1, installedRateChange: 41.7 });
    expect(a.movement).toEqual({ previousRank: 1, rankChange: -1, installedRateChange: -33.3 });
    // A ward that had no row in February has no movement; its February figures are absent, not zero.
    const wardNow = await get(`/api/stats/adoption?unitId=${wardB.id}`);
    expect(byUnit(wardNow, c1.id).movement).toBeNull();
    expect(byUnit(wardNow, c3.id).movement).toMatchObject({ previousRank: 1 });
  });

  it('keeps the job chains to one job each, and answers 404 for a month without figures', async () => {
    // A stale read restarted the chain while an overdue job waited: once due jobs ran, one chain is left.
    await runDueJobs({ db: t.database.db, config: t.config, clock: t.clock });
    const queued = rowsOf<{ run_at: string | Date }>(
      await t.database.db.execute(sql`SELECT run_at FROM jobs WHERE kind = 'stats.live' AND status = 'queued'`),
    );
    expect(queued).toHaveLength(1);
    expect(new Date(queued[0]!.run_at).getTime() - t.clock.now().getTime()).toBeLessThanOrEqual(60_000);
    const res = await call(t.app, cookie, { method: 'GET', url: `/api/stats/adoption?unitId=${province.id}&month=2025-01` });
    expect(res.statusCode).toBe(404);
    // Only the system admin takes snapshots.
    const admin = await makeUser(t.database.db, { roles: [{ role: 'unit_admin', unit: province }] });
    const c = await sessionCookie(t.database.db, t.config, admin.id, t.clock.now());
    expect(
      (await call(t.app, c, { method: 'POST', url: '/api/stats/snapshots', payload: { month: '2026-03' } })).statusCode,
    ).toBe(403);
  });
});
