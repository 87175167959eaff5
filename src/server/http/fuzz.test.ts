/**
 * Every route, fed random and malformed input (fast-check): the answer is a 4xx with a clear
 * message or a success, never a 5xx and never a hang. Routes come from the registered route table,
 * so a new route is fuzzed without anyone adding it here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ENGINES } from '../testing/databases.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { makeMember, makeUnit, makeUser, sessionCookie } from '../testing/factories.ts';

const nasty = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    'a\u0301\u0302\u0303\u0304', // stacked combining marks
    '\u202Eevil\u202C', // right-to-left override
    'zero\u200Bwidth\u200D\uFEFF',
    '\uD800', // lone surrogate
    '\u00C0\u0080', // overlong-looking bytes as text
    'Nghị quyết 57-NQ/TW',
    "'; DROP TABLE units; --",
    '%00%2e%2e%2f',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '0'.repeat(5000),
    'ă'.repeat(100_000),
  ),
);
const jsonish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    nasty,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nasty, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe.each(ENGINES)('fuzzing every route on %s', (engine) => {
  let t: TestApp;
  let cookies: Array<string | undefined>;
  let realIds: string[];
  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    const root = await makeUnit(db, { type: 'province' });
    const cell = await makeUnit(db, { type: 'cell' });
    const { member } = await makeMember(db, { cell });
    const admin = await makeUser(db, { roles: [{ role: 'system_admin', unit: root }] });
    const secretary = await makeUser(db, { roles: [{ role: 'cell_secretary', unit: cell }] });
    cookies = [undefined, await sessionCookie(db, t.config, admin.id), await sessionCookie(db, t.config, secretary.id)];
    realIds = [root.id, cell.id, member.id];
  });
  afterAll(async () => t.close());

  it('answers random input to every route with < 500, quickly', async () => {
    const routes = t.app.routeTable.filter(
      (r) =>
        !r.url.startsWith('/api/docs') && r.method !== 'HEAD' && !r.url.endsWith('/sign-out') && !r.url.endsWith('/password'),
    );
    expect(routes.length).toBeGreaterThan(15);
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            id: fc.oneof(fc.uuid(), fc.constantFrom(...realIds), nasty),
            body: fc.oneof(jsonish, fc.string({ maxLength: 200 })),
            query: fc.dictionary(fc.constantFrom('q', 'unitId', 'limit', 'offset', 'asOf', 'page', 'month'), nasty, {
              maxKeys: 3,
            }),
            cookie: fc.constantFrom(...cookies),
            rawBody: fc.boolean(),
          }),
          async ({ id, body, query, cookie, rawBody }) => {
            const url =
              route.url.replace(/:(\w+)/g, () => encodeURIComponent(id)) +
              '?' +
              new URLSearchParams(query as Record<string, string>).toString();
            const headers: Record<string, string> = { 'x-requested-with': 'sotay', ...(cookie ? { cookie } : {}) };
            const started = Date.now();
            const res = await t.app.inject({
              method: route.method as 'GET',
              url,
              headers: rawBody ? { ...headers, 'content-type': 'application/json' } : headers,
              ...(route.method === 'GET' || route.method === 'DELETE'
                ? {}
                : rawBody
                  ? { payload: typeof body === 'string' ? body : JSON.stringify(body) }
                  : { payload: body as object }),
            });
            const ms = Date.now() - started;
            if (res.statusCode >= 500) throw new Error(`${route.method} ${url} → ${res.statusCode}: ${res.body.slice(0, 300)}`);
            if (ms > 5000) throw new Error(`${route.method} ${url} took ${ms} ms`);
            if (res.statusCode >= 400) {
              const problem = res.json() as { title?: string; code?: string };
              if (!problem.title || !problem.code)
                throw new Error(`${route.method} ${url} → ${res.statusCode} without a problem body: ${res.body.slice(0, 200)}`);
            }
          },
        ),
        { numRuns: 12, seed: 20261126 },
      );
    }
  });
});
