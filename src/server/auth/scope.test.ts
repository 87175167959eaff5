/**
 * The authorization matrix. For every role, each test builds its own two worlds (testing/world.ts):
 * ward A with cell A, where the role is held (cell roles at the cell, the others at the ward), and
 * ward B with cell B, holding a real resource of every kind the API takes an id of (a document
 * targeted at B only, a draft, a library file, feedback, a notice, a meeting with an agenda item and
 * a material, a notification, a correction, a transfer, a photo, guidance, a role, a session).
 *
 * Then it walks every registered route. Each id the route takes, in its path, its query or its body
 * (found from the route's schema), is given in turn a real id of B while every other input is the
 * actor's own and valid, so a refusal can only come from that one id. The walk checks that:
 * - no answer carries anything of B (names, titles, numbers, ids);
 * - the answer to B's id is the answer to an id that names nothing (same status and problem code,
 *   same body for a success): B's record is not even confirmed to exist;
 * - a foreign id in the path answers 404 (403 only where the role holds the route's action
 *   nowhere, which says nothing about B), and a foreign id in a body never succeeds;
 * - nothing answers 5xx.
 * A GET is also sent with all ids the actor's own (the control), counted when it is accepted: then
 * the 404 of the foreign id is the scope check's, not a missing thing's. Each test reports how many
 * (route, id) pairs it tried. A route whose body has an id field missing from its sample
 * (testing/route-walk.ts) fails the walk.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../testing/databases.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { makeMember, makeUnit, makeUser, sessionCookie, type TestUnit } from '../testing/factories.ts';
import { makeWorld, type World } from '../testing/world.ts';
import {
  fillUrl,
  hasBody,
  hasPath,
  idSlots,
  routeKey,
  sampleBody,
  sampleQuery,
  setPath,
  walkedRoutes,
  type IdSlot,
} from '../testing/route-walk.ts';
import { ACTIONS, type Action } from './authorize.ts';
import type { Role } from '../db/schema.ts';
import { vnMonth } from '../../common/time/vietnam.ts';

const CELL_ROLES: Role[] = ['member', 'cell_secretary', 'cell_deputy'];
const WARD_ROLES: Role[] = ['committee_member', 'unit_admin', 'editor', 'approver'];

/**
 * A foreign id the design lets through, with why. Everything else with a foreign id must fail.
 * `slot` is `where:path`.
 */
const ALLOWED_FOREIGN: Array<{ route: string; slot: string; why: string }> = [
  {
    route: 'POST /api/members/:id/transfers',
    slot: 'body:toCellId',
    why: 'a member moves to a receiving cell anywhere (DOMAIN: transfers in and out); that cell’s secretary decides',
  },
];

interface Answer {
  statusCode: number;
  body: string;
}

/** An answer without what differs between two identical requests (timings). */
function fingerprint(res: Answer): string {
  if (res.statusCode >= 400) {
    const code = (JSON.parse(res.body) as { code?: string }).code;
    return `${res.statusCode} ${code}`;
  }
  return `${res.statusCode} ${res.body.replace(/"tookMs":\d+/g, '').replace(/"(generatedAt|asOf)":"[^"]*"/g, '')}`;
}

let counter = 0;
/** A distinct phone and CCCD per world (the CCCD hash is unique across the installation). */
function numbers() {
  counter += 1;
  const n = String(1000 + counter).slice(-4);
  return { phone: `09771${n}2`.slice(0, 10), cccd: `00118005${n}` };
}

describe.each(ENGINES)('scope isolation on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  async function worlds() {
    const db = t.database.db;
    const province: TestUnit = await makeUnit(db, { type: 'province', name: 'Đảng bộ tỉnh Chung' });
    const a = await makeWorld(t, {
      parent: province,
      names: { ward: 'Phường Gần Nhà', cell: 'Chi bộ An Bình', person: 'An Bình', title: 'An Bình' },
      ...numbers(),
    });
    const b = await makeWorld(t, {
      parent: province,
      names: { ward: 'Phường Xa Lắc', cell: 'Chi bộ Bí Mật Xa', person: 'Kín Đáo', title: 'Bí Mật Xa' },
      ...numbers(),
    });
    return { a, b };
  }

  async function actorIn(a: World, role: Role): Promise<string> {
    const db = t.database.db;
    // The member role is implicit: an account linked to a member of cell A, with no assignment.
    const { member } = await makeMember(db, { cell: a.cell, fullName: `Người ${role} An Bình` });
    const roles = role === 'member' ? [] : [{ role, unit: CELL_ROLES.includes(role) ? a.cell : a.ward }];
    return (await makeUser(db, { memberId: member.id, roles })).id;
  }

  it.each([...CELL_ROLES, ...WARD_ROLES])(
    'lets the %s of A reach nothing of cell B through any id of any route',
    async (role) => {
      const { a, b } = await worlds();
      const actorId = await actorIn(a, role);
      const month = vnMonth(t.clock.now());
      const holds = (permission: string) =>
        permission === 'authenticated' ||
        permission === 'public' ||
        ((ACTIONS[permission as Action] as readonly Role[] | undefined)?.includes(role) ?? false);
      const wrong: string[] = [];
      const missingSamples: string[] = [];
      let pairs = 0;
      let controlled = 0;
      const routesWithIds = new Set<string>();

      const send = async (method: string, url: string, query: Record<string, string>, body: unknown) => {
        // A fresh session each time: sign-out and password change on the walk end the previous one.
        const cookie = await sessionCookie(t.database.db, t.config, actorId, t.clock.now());
        const qs = new URLSearchParams(query).toString();
        return t.app.inject({
          method: method as 'GET',
          url: qs ? `${url}?${qs}` : url,
          headers: { 'x-requested-with': 'sotay', cookie },
          ...(body === undefined ? {} : { payload: body as object }),
        });
      };
      const leaks = (what: string, text: string) => {
        for (const secret of b.secrets) if (text.includes(secret)) wrong.push(`${what} revealed "${secret}"`);
      };

      for (const route of walkedRoutes(t.app.routeTable)) {
        const key = routeKey(route);
        const slots = idSlots(route);
        const query = sampleQuery(route, a.ids, month);
        const body = hasBody(route) ? sampleBody(key, a.ids) : undefined;

        // Listings searched with B's names must not find B.
        if (route.method === 'GET' && !route.url.includes(':')) {
          for (const q of ['Kín Đáo', 'bi mat xa', 'Xa Lắc']) {
            const res = await send('GET', route.url, { ...query, q }, undefined);
            if (res.statusCode >= 500) wrong.push(`${key}?q=${q} → ${res.statusCode}`);
            leaks(`${key}?q=${q}`, res.body);
          }
        }
        if (slots.length === 0) continue;
        routesWithIds.add(key);

        if (route.method === 'GET') {
          const control = await send('GET', fillUrl(route, a.ids), query, undefined);
          if (control.statusCode < 400) controlled++;
        }
        for (const slot of slots) {
          if (slot.where === 'body' && !hasPath(body, slot.path)) {
            missingSamples.push(`${key} body.${slot.path}`);
            continue;
          }
          // What the route answers for an id that names nothing: a foreign id must get the same.
          const nothing = fingerprint(await sendWith(route, slot, randomUUID()));
          for (const kind of new Set(slot.kinds)) {
            const foreign = b.ids[kind];
            const res = await sendWith(route, slot, foreign);
            pairs++;
            check(key, slot, kind, res, nothing);
          }
        }

        async function sendWith(r: typeof route, slot: IdSlot, foreign: string) {
          if (slot.where === 'param') return send(r.method, fillUrl(r, a.ids, { name: slot.path, value: foreign }), query, body);
          if (slot.where === 'query') return send(r.method, fillUrl(r, a.ids), { ...query, [slot.path]: foreign }, body);
          return send(
            r.method,
            fillUrl(r, a.ids),
            query,
            setPath(structuredClone(body as Record<string, unknown>), slot.path, foreign),
          );
        }

        function check(k: string, slot: IdSlot, kind: string, res: Answer, nothing: string) {
          const what = `${k} ${slot.where}:${slot.path}=<B's ${kind}>`;
          if (res.statusCode >= 500) wrong.push(`${what} → ${res.statusCode}`);
          leaks(what, res.body);
          const allowed = ALLOWED_FOREIGN.some((x) => x.route === k && x.slot === `${slot.where}:${slot.path}`);
          if (allowed) return;
          // Indistinguishable from an id that names nothing: B's record is not even confirmed to exist.
          if (fingerprint(res) !== nothing)
            wrong.push(`${what} → ${fingerprint(res)}, but an unknown id → ${nothing}: ${res.body.slice(0, 160)}`);
          if (slot.where === 'body') {
            if (res.statusCode < 400) wrong.push(`${what} → ${res.statusCode}: a foreign id in the body was accepted`);
          } else if (slot.where === 'param') {
            if (res.statusCode === 403 && holds(route.permission))
              wrong.push(`${what} → 403 although ${role} holds ${route.permission}; a foreign id must answer 404`);
            else if (res.statusCode !== 403 && res.statusCode !== 404) wrong.push(`${what} → ${res.statusCode}: must be 404`);
          }
        }
      }

      console.info(
        `[scope ${engine}] ${role}: ${pairs} (route, foreign id) pairs on ${routesWithIds.size} routes; ` +
          `${controlled} GET routes answered their own-id control`,
      );
      expect(missingSamples, 'body id fields without a value in the sample (testing/route-walk.ts)').toEqual([]);
      expect(wrong).toEqual([]);
      expect(routesWithIds.size).toBeGreaterThan(80);
    },
    300_000,
  );

  it('shows cell A to its own secretary, nobody of B, numbers masked', async () => {
    const { a } = await worlds();
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/members?unitId=${a.ids.unit}`,
      headers: { cookie: a.cookies.secretary },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { items: Array<{ fullName: string; phoneMasked: string | null }>; total: number };
    expect(body.items.map((m) => m.fullName).sort()).toEqual(['Bí thư An Bình', 'Đảng viên An Bình']);
    expect(body.items.every((m) => !m.phoneMasked || m.phoneMasked.includes('*'))).toBe(true);
  });
});
