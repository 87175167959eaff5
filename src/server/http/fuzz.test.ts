/**
 * Every route, fed random and malformed input (fast-check): the answer is a 4xx with a clear
 * message or a success, never a 5xx. Routes come from the registered route table, so a new route is
 * fuzzed without anyone adding it here. Speed is not judged here (timed unit tests measure the
 * machine's load, not the code): the benchmark does that.
 *
 * Invalid Unicode gets its own walk: a lone UTF-16 surrogate goes into every string field of every
 * write route, the rest of the body valid and its ids real (a world with a resource of every kind),
 * so without the edge guard the request would reach the database. Each must be a 400 naming the
 * field. A lone surrogate cannot travel in a URL or a multipart form (both are bytes, and invalid
 * UTF-8 decodes to U+FFFD), only in a JSON string ("\ud800"), so the JSON bodies are what is walked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ENGINES } from '../testing/databases.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { makeUnit, makeUser, sessionCookie } from '../testing/factories.ts';
import { makeWorld, type World } from '../testing/world.ts';
import { fillUrl, hasBody, routeKey, sampleBody, setPath, stringFields, walkedRoutes } from '../testing/route-walk.ts';

const nasty = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    'a\u0301\u0302\u0303\u0304', // stacked combining marks
    '\u202Eevil\u202C', // right-to-left override
    'zero\u200Bwidth\u200D\uFEFF',
    '\uD800', // lone high surrogate
    'x\uDC00y', // lone low surrogate
    '\uDFFF\uD800', // a pair in the wrong order
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

/** Lone surrogates as a client's JSON carries them: high, low, and reversed, amid ordinary text. */
const LONE_SURROGATES = ['x\uD800y', '\uDC00', 'Nghị quyết \uDFFF\uD800'];

describe.each(ENGINES)('fuzzing every route on %s', (engine) => {
  let t: TestApp;
  let world: World;
  let adminId: string;
  let cookies: Array<string | undefined>;
  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    const root = await makeUnit(db, { type: 'province' });
    world = await makeWorld(t, {
      parent: root,
      names: { ward: 'Phường Thử', cell: 'Chi bộ Thử', person: 'Thử Nghiệm', title: 'Thử Nghiệm' },
      phone: '0988000111',
      cccd: '001180011111',
    });
    adminId = (await makeUser(db, { roles: [{ role: 'system_admin', unit: root }] })).id;
    cookies = [undefined, await sessionCookie(db, t.config, adminId), world.cookies.secretary];
  }, 120_000);
  afterAll(async () => t.close());

  it('answers random input to every route with < 500 and a problem body', async () => {
    const routes = walkedRoutes(t.app.routeTable).filter((r) => !r.url.endsWith('/sign-out') && !r.url.endsWith('/password'));
    expect(routes.length).toBeGreaterThan(15);
    const realIds = Object.values(world.ids);
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            id: fc.oneof(fc.uuid(), fc.constantFrom(...realIds), nasty),
            body: fc.oneof(jsonish, fc.string({ maxLength: 200 })),
            query: fc.dictionary(
              fc.constantFrom('q', 'unitId', 'documentId', 'cellId', 'limit', 'offset', 'asOf', 'page', 'month'),
              nasty,
              { maxKeys: 3 },
            ),
            cookie: fc.constantFrom(...cookies),
            rawBody: fc.boolean(),
          }),
          async ({ id, body, query, cookie, rawBody }) => {
            const url =
              route.url.replace(/:(\w+)/g, () => encodeURIComponent(id)) +
              '?' +
              new URLSearchParams(query as Record<string, string>).toString();
            const headers: Record<string, string> = { 'x-requested-with': 'sotay', ...(cookie ? { cookie } : {}) };
            const res = await t.app.inject({
              method: route.method as 'GET',
              url,
              headers: rawBody ? { ...headers, 'content-type': 'application/json' } : headers,
              ...(!hasBody(route)
                ? {}
                : rawBody
                  ? { payload: typeof body === 'string' ? body : JSON.stringify(body) }
                  : { payload: body as object }),
            });
            if (res.statusCode >= 500) throw new Error(`${route.method} ${url} → ${res.statusCode}: ${res.body.slice(0, 300)}`);
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

  it('refuses a lone surrogate in every string field of every write route with a 400 naming the field', async () => {
    const wrong: string[] = [];
    let pairs = 0;
    const routes = new Set<string>();
    for (const route of walkedRoutes(t.app.routeTable).filter(hasBody)) {
      const sample = sampleBody(routeKey(route), world.ids);
      for (const field of stringFields(route)) {
        for (const bad of LONE_SURROGATES) {
          const body = setPath(structuredClone((sample ?? {}) as Record<string, unknown>), field, bad);
          // A fresh session each time: the account routes may end the one they were called with.
          const cookie = await sessionCookie(t.database.db, t.config, adminId);
          const res = await t.app.inject({
            method: route.method as 'POST',
            url: fillUrl(route, world.ids),
            headers: { 'x-requested-with': 'sotay', cookie },
            payload: body,
          });
          pairs++;
          routes.add(routeKey(route));
          const problem = res.json() as { code?: string; errors?: Array<{ field: string }> };
          if (res.statusCode !== 400 || problem.code !== 'invalid_characters' || problem.errors?.[0]?.field !== field)
            wrong.push(`${routeKey(route)} ${field}=${JSON.stringify(bad)} → ${res.statusCode} ${res.body.slice(0, 160)}`);
        }
      }
    }
    console.info(
      `[fuzz ${engine}] lone surrogates: ${pairs / LONE_SURROGATES.length} string fields of ${routes.size} write routes, ${pairs} requests`,
    );
    expect(wrong).toEqual([]);
    expect(routes.size).toBeGreaterThanOrEqual(50);
  });
});
