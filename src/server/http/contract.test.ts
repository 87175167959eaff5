/**
 * The server serves the contract (src/common/api) the web is typed against: every declared route
 * is registered with its method and path, and its answers pass the declared response schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractRoutes } from '../../common/api/routes.ts';
import { UnitDetail } from '../../common/api/org.ts';
import { ENGINES } from '../testing/databases.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { call, makeUnit, makeUser, sessionCookie } from '../testing/factories.ts';

describe.each(ENGINES)('the API contract on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  it('registers every declared route with its method and path', () => {
    const registered = new Set(t.app.routeTable.map((r) => `${r.method} ${r.url}`));
    const declared = Object.values(contractRoutes).flatMap((area) => Object.values(area).map((r) => `${r.method} ${r.path}`));
    expect(declared.length).toBeGreaterThan(5);
    for (const route of declared) expect(registered, route).toContain(route);
  });

  it('answers in the declared shape, dates as the ISO strings the web is typed with', async () => {
    const unit = await makeUnit(t.database.db, { type: 'province' });
    const user = await makeUser(t.database.db, { roles: [{ role: 'unit_admin', unit }] });
    const cookie = await sessionCookie(t.database.db, t.config, user.id, t.clock.now());
    const res = await call(t.app, cookie, { method: 'GET', url: `/api/units/${unit.id}` });
    expect(res.statusCode).toBe(200);
    const body: unknown = res.json();
    expect(UnitDetail.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({ unit: { id: unit.id }, abilities: { manage: true, manageAccounts: true } });
    const history = await call(t.app, cookie, { method: 'GET', url: `/api/units/${unit.id}/history` });
    expect(history.statusCode).toBe(200);
  });
});
