import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeMember, makeUnit, makeUser, sessionCookie } from '../../testing/factories.ts';
import { auditLog, ruleSets } from '../../db/schema.ts';
import { duesRatesKind, sharesKind, type DuesShares } from '../../../common/dues/rules.ts';
import { requireRuleInForce, ruleInForce, ruleTimeline, resolveRule } from './rules.service.ts';

describe.each(ENGINES)('versioned rules on %s', (engine) => {
  let t: TestApp;
  const c: Record<string, string> = {};
  const u: Record<string, Awaited<ReturnType<typeof makeUnit>>> = {};

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-03-10T03:00:00Z'));
    const db = t.database.db;
    u.province = await makeUnit(db, { type: 'province', name: 'Đảng bộ tỉnh Thử' });
    u.ward = await makeUnit(db, { parent: u.province, type: 'grassroots', name: 'Đảng bộ phường Thử' });
    u.cell = await makeUnit(db, { parent: u.ward, type: 'cell' });
    u.otherProvince = await makeUnit(db, { type: 'province', name: 'Đảng bộ tỉnh Khác' });
    const admin = await makeUser(db, { roles: [{ role: 'system_admin', unit: u.province }], displayName: 'Quản trị' });
    const unitAdmin = await makeUser(db, { roles: [{ role: 'unit_admin', unit: u.province }] });
    const { member } = await makeMember(db, { cell: u.cell });
    const memberUser = await makeUser(db, { memberId: member.id });
    c.admin = await sessionCookie(db, t.config, admin.id, t.clock.now());
    c.unitAdmin = await sessionCookie(db, t.config, unitAdmin.id, t.clock.now());
    c.member = await sessionCookie(db, t.config, memberUser.id, t.clock.now());
  });
  afterAll(async () => t?.close());

  it('seeds the 2026 dues rule, its 2028 step and the 2010 shares marked as an example', async () => {
    const db = t.database.db;
    const feb = await requireRuleInForce(db, duesRatesKind, '2026-02-01');
    expect(feb.version).toBe('01-QĐ/TW');
    expect(feb.payload.other.belowRetirementBasisPoints).toBe(30);
    const jan = await ruleInForce(db, duesRatesKind, '2026-01-31');
    expect(jan).toBeNull();
    const step = await requireRuleInForce(db, duesRatesKind, '2028-01-01');
    expect(step.payload.other).toEqual({ belowRetirementBasisPoints: 50, atRetirementBasisPoints: 30 });
    const shares = await requireRuleInForce(db, sharesKind, '2026-03-01');
    expect(shares.example).toBe(true);
    // Seeding is idempotent and audited once.
    const { ensureRuleDefaults } = await import('./rules.service.ts');
    await ensureRuleDefaults(t.database.db);
    const seeds = await db.select().from(auditLog).where(eq(auditLog.action, 'rules.seed'));
    expect(seeds).toHaveLength(1);
    const count = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(ruleSets)
      .where(eq(ruleSets.kind, 'dues.rates'));
    expect(count[0]!.n).toBe(2);
  });

  it('lists kinds and versions to any signed-in user, with the version in force today', async () => {
    const res = await call(t.app, c.member, { method: 'GET', url: '/api/rules' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { today: string; items: Array<{ kind: string; current: { version: string } | null }> };
    expect(body.today).toBe('2026-03-10');
    expect(body.items.find((i) => i.kind === 'dues.rates')!.current!.version).toBe('01-QĐ/TW');
    const list = (await call(t.app, c.member, { method: 'GET', url: '/api/rules/dues.rates' })).json() as {
      items: Array<{ version: string; effectiveUntil: string | null; inForceToday: boolean }>;
    };
    expect(list.items.map((i) => [i.version, i.effectiveUntil, i.inForceToday])).toEqual([
      ['01-QĐ/TW', '2028-01-01', true],
      ['01-QĐ/TW (2028)', null, false],
    ]);
    expect((await call(t.app, c.member, { method: 'GET', url: '/api/rules/nope.nope' })).statusCode).toBe(404);
  });

  const minimumWage = (I: number) => ({
    version: 'NĐ thử 2027',
    regulation: 'Nghị định thử nghiệm',
    effectiveFrom: '2027-01-01',
    payload: { regions: { I, II: 5_000_000, III: 4_400_000, IV: 3_900_000 } },
  });

  it('lets only the system admin add a version, validating the payload with named fields', async () => {
    const forbidden = await call(t.app, c.unitAdmin, {
      method: 'POST',
      url: '/api/rules/dues.minimum_wage',
      payload: minimumWage(5_600_000),
    });
    expect(forbidden.statusCode).toBe(403);
    const bad = await call(t.app, c.admin, {
      method: 'POST',
      url: '/api/rules/dues.minimum_wage',
      payload: minimumWage(5_600_000.5),
    });
    expect(bad.statusCode).toBe(400);
    const problem = bad.json() as { code: string; title: string; errors: Array<{ field: string }> };
    expect(problem.code).toBe('rules.invalid_payload');
    expect(problem.errors[0]!.field).toBe('payload.regions.I');
    const ok = await call(t.app, c.admin, {
      method: 'POST',
      url: '/api/rules/dues.minimum_wage',
      payload: minimumWage(5_600_000),
    });
    expect(ok.statusCode).toBe(200);
    const id = (ok.json() as { id: string }).id;
    const inForce = (
      await call(t.app, c.member, { method: 'GET', url: '/api/rules/dues.minimum_wage/in-force?date=2027-03-01' })
    ).json() as { id: string; payload: { regions: { I: number } } };
    expect(inForce.id).toBe(id);
    expect(inForce.payload.regions.I).toBe(5_600_000);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'rules.add'), eq(auditLog.targetId, id)));
    expect(audit).toHaveLength(1);
    // The same version name, or a second live version from the same day, is refused.
    const again = await call(t.app, c.admin, {
      method: 'POST',
      url: '/api/rules/dues.minimum_wage',
      payload: minimumWage(5_700_000),
    });
    expect(again.statusCode).toBe(409);
    const sameDay = await call(t.app, c.admin, {
      method: 'POST',
      url: '/api/rules/dues.minimum_wage',
      payload: { ...minimumWage(5_700_000), version: 'khác' },
    });
    expect((sameDay.json() as { code: string }).code).toBe('rules.duplicate_start');
  });

  it('asks for confirmation before a version reaches back into days already past', async () => {
    const payload = { ...minimumWage(5_400_000), version: 'hồi tố', effectiveFrom: '2026-03-01' };
    const first = await call(t.app, c.admin, { method: 'POST', url: '/api/rules/dues.minimum_wage', payload });
    expect((first.json() as { code: string }).code).toBe('rules.retroactive');
    const confirmed = await call(t.app, c.admin, {
      method: 'POST',
      url: '/api/rules/dues.minimum_wage',
      payload: { ...payload, confirmRetroactive: true },
    });
    expect(confirmed.statusCode).toBe(200);
    const id = (confirmed.json() as { id: string }).id;
    // Withdrawn: kept with who and why, and no longer applies.
    const noReason = await call(t.app, c.admin, {
      method: 'POST',
      url: `/api/rules/dues.minimum_wage/${id}/withdraw`,
      payload: {},
    });
    expect(noReason.statusCode).toBe(400);
    const w = await call(t.app, c.admin, {
      method: 'POST',
      url: `/api/rules/dues.minimum_wage/${id}/withdraw`,
      payload: { reason: 'Nhập nhầm số liệu', confirmRetroactive: true },
    });
    expect(w.statusCode).toBe(200);
    const march = (
      await call(t.app, c.member, { method: 'GET', url: '/api/rules/dues.minimum_wage/in-force?date=2026-03-15' })
    ).json() as { version: string };
    expect(march.version).toBe('NĐ 293/2025');
    const list = (await call(t.app, c.admin, { method: 'GET', url: '/api/rules/dues.minimum_wage' })).json() as {
      items: Array<{ id: string; withdrawReason: string | null; withdrawnByName: string | null }>;
    };
    expect(list.items.find((i) => i.id === id)).toMatchObject({
      withdrawReason: 'Nhập nhầm số liệu',
      withdrawnByName: 'Quản trị',
    });
  });

  it('refuses to edit or delete a version in the database itself', async () => {
    const db = t.database.db;
    const [row] = await db.select().from(ruleSets).where(eq(ruleSets.kind, 'dues.rates')).limit(1);
    await expect(db.update(ruleSets).set({ regulation: 'sửa lén' }).where(eq(ruleSets.id, row!.id))).rejects.toThrow();
    await expect(db.delete(ruleSets).where(eq(ruleSets.id, row!.id))).rejects.toThrow();
  });

  it('resolves a unit-scoped kind to the nearest unit above that has a version, else the installation-wide one', async () => {
    const shares: DuesShares = {
      keepBasisPoints: { cell: 4000, grassroots_cell: 7000, grassroots: 8000, sub_unit: 0, upper_level: 5000, province: 5000 },
      localityGrassrootsKeepBasisPoints: 9000,
      localityCellKeepBasisPoints: 5000,
    };
    const res = await call(t.app, c.admin, {
      method: 'POST',
      url: '/api/rules/dues.shares',
      payload: {
        version: 'Tỉnh thử 2026',
        regulation: 'Hướng dẫn của Tỉnh ủy',
        effectiveFrom: '2026-04-01',
        unitId: u.province!.id,
        payload: shares,
      },
    });
    expect(res.statusCode).toBe(200);
    const timeline = await ruleTimeline(t.database.db, sharesKind);
    expect(resolveRule(timeline, '2026-04-01', u.cell!.path)!.payload.keepBasisPoints.cell).toBe(4000);
    expect(resolveRule(timeline, '2026-03-31', u.cell!.path)!.example).toBe(true); // before the province's own
    expect(resolveRule(timeline, '2026-04-01', u.otherProvince!.path)!.example).toBe(true);
    expect(resolveRule(timeline, '2026-04-01', null)!.example).toBe(true);
    // A kind that is not unit-scoped refuses a unit.
    const refused = await call(t.app, c.admin, {
      method: 'POST',
      url: '/api/rules/dues.rates',
      payload: { version: 'x', regulation: 'xyz', effectiveFrom: '2029-01-01', unitId: u.province!.id, payload: {} },
    });
    expect(refused.statusCode).toBe(400);
  });
});
