/**
 * The demo city's 25 deliberately broken records (seed/generate.ts, `broken`) must all show up on
 * the city's standardization page or in its duplicate list, and fixing raises the percentage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeUser, sessionCookie } from '../../testing/factories.ts';
import { members, units } from '../../db/schema.ts';
import { DEMO_CITY, generateOrganization } from '../../seed/generate.ts';
import { hashCccd } from '../../privacy/cccd-crypto.ts';
import { loadOrganization } from '../../seed/load.ts';

const org = generateOrganization({ scale: 'demo', asOf: '2026-03-01' });
const broken = org.members.filter((m) => m.broken);

describe.each(ENGINES)('demo city standardization on %s', (engine) => {
  let t: TestApp;
  let cookie: string;
  let cityId: string;

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-03-01T03:00:00Z'));
    const db = t.database.db;
    await loadOrganization(db, { ...org, staff: [] }, { password: 'Demo@2026-x', now: t.clock.now() });
    const [city] = await db.select().from(units).where(eq(units.code, DEMO_CITY.code));
    cityId = city!.id;
    cookie = await sessionCookie(
      db,
      t.config,
      (await makeUser(db, { roles: [{ role: 'unit_admin', unit: city! }] })).id,
      t.clock.now(),
    );
  }, 120_000);
  afterAll(async () => t.close());

  it('finds every broken record, and one-click fixes raise the percentage', async () => {
    const summary = async () =>
      (await call(t.app, cookie, { method: 'GET', url: `/api/members/standardization?unitId=${cityId}&limit=200` })).json();
    const before = await summary();
    expect(before.members).toBe(DEMO_CITY.members);
    const flagged = new Set(before.items.map((m: { id: string }) => m.id));
    const dups = (await call(t.app, cookie, { method: 'GET', url: `/api/members/duplicates?unitId=${cityId}` })).json();
    for (const g of dups.review) for (const m of g.members) flagged.add(m.id);
    const rows = await t.database.db
      .select({ id: members.id, cccd: members.cccd })
      .from(members)
      .where(
        inArray(
          members.cccdHash,
          broken.map((b) => hashCccd(b.cccd)),
        ),
      );
    const idByCccd = new Map(rows.map((r) => [r.cccd, r.id]));
    for (const b of broken) expect(flagged.has(idByCccd.get(b.cccd)), b.broken).toBe(true);
    expect(dups.review.length).toBeGreaterThanOrEqual(2);

    const fix = await call(t.app, cookie, {
      method: 'POST',
      url: '/api/members/standardization/fix-all',
      payload: { unitId: cityId },
    });
    expect(fix.json().fixed).toBeGreaterThanOrEqual(9); // capitals, lower case, NFD names and +84 / dotted phones
    const after = await summary();
    expect(after.percent).toBeGreaterThan(before.percent);
    expect(after.byProblem.some((p: { certainFix: boolean }) => p.certainFix)).toBe(false);
  }, 60_000);
});
