import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, MissingPermissionError } from './app.ts';
import { testConfig } from './config.ts';
import { ENGINES } from './testing/databases.ts';
import { createTestApp, type TestApp } from './testing/app.ts';

describe.each(ENGINES)('app on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  it('declares a permission on every API route it registered', async () => {
    // Every route the router knows must be in the table the permission hook filled.
    const printed = new Set<string>();
    for (const line of t.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const m = line.match(/(\/api\/\S*) \(([A-Z, ]+)\)/);
      if (m) for (const method of m[2]!.split(', ')) printed.add(`${method} ${m[1]}`);
    }
    const table = new Map(t.app.routeTable.map((r) => [`${r.method} ${r.url}`, r.permission]));
    expect(printed.size).toBeGreaterThan(15);
    for (const route of printed) expect(table.get(route), route).toBeTruthy();
  });

  it('refuses a route that declares no permission', async () => {
    const app = await buildApp({ database: t.database, config: testConfig() });
    expect(() => app.get('/api/forgotten', async () => ({ leaked: true }))).toThrow(MissingPermissionError);
    await app.close();
  });

  it('reports health with the database and migrations', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'ok', migrations: 'current' });
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/units/{id}/move');
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('answers bad input with problem+json naming the field, in Vietnamese', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'x-requested-with': 'sotay' },
      payload: { login: '' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json() as { code: string; title: string; errors: Array<{ field: string }> };
    expect(body.code).toBe('validation');
    expect(body.title).toMatch(/không hợp lệ/);
    expect(body.errors.length).toBeGreaterThan(0);
  });

  it('rejects malformed JSON with 400, not 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'x-requested-with': 'sotay', 'content-type': 'application/json' },
      payload: '{"login":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_json' });
  });

  it('rejects state-changing requests without the CSRF header', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { login: 'a', password: 'b' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'csrf' });
  });

  it('answers unknown API paths with a problem 404 and sets security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('requires a session for scoped routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/units/roots' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'auth.required' });
  });
});
