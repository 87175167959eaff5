/**
 * Authentication comes before validation: a caller without a session learns nothing about a
 * route's schema. Every registered route that is not public answers 401 to an anonymous request,
 * whatever its query, parameters and body, never 400 with the schema's complaints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../testing/databases.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';

describe.each(ENGINES)('authentication before validation on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  it('answers 401 to every anonymous call of a non-public route, even with invalid input', async () => {
    const routes = t.app.routeTable.filter((r) => r.permission !== 'public' && r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(100);
    const wrong: string[] = [];
    for (const route of routes) {
      // Parameters that are not ids, a query every schema refuses, and a body of the wrong shape.
      const url = route.url.replace(/:(\w+)/g, 'khong-phai-id') + '?limit=-1&unitId=x&month=13&table=x&q=';
      const body = route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: '[1,' };
      const res = await t.app.inject({
        method: route.method as 'GET',
        url,
        headers: { 'x-requested-with': 'sotay', 'content-type': 'application/json' },
        ...body,
      });
      if (res.statusCode !== 401 || (res.json() as { code?: string }).code !== 'auth.required')
        wrong.push(`${route.method} ${route.url} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });
});
