/**
 * The authorization matrix: for every role (held at cell A, or at ward A for committee-level
 * roles) the test walks every registered API route, fills its parameters with the ids of cell B in
 * another ward, and checks that no answer carries anything of B, that no write against B succeeds,
 * and that a foreign id answers 404 — 403 only where the role holds the route's action nowhere,
 * which says nothing about B. A new route without a sample body here fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ENGINES } from '../testing/databases.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { call, makeMember, makeUnit, makeUser, sessionCookie } from '../testing/factories.ts';
import { auditLog, roleAssignments, type Role } from '../db/schema.ts';
import { ACTIONS, type Action } from './authorize.ts';
import { meetingScopeSamples, sampleMeeting } from '../testing/meetings.factories.ts';

/** A valid body for each state-changing route, so the request reaches the scope check. */
function sampleBody(route: string, ids: Record<string, string>): unknown {
  const samples: Record<string, unknown> = {
    'POST /api/auth/sign-in': { login: 'khong-ton-tai', password: 'x' },
    'POST /api/auth/sign-out': undefined,
    'POST /api/auth/sign-out-everywhere': undefined,
    'POST /api/auth/sign-in/2fa': { challenge: 'khong-ton-tai-challenge', code: '123456' },
    'POST /api/auth/2fa/setup': undefined,
    'POST /api/auth/2fa/enable': { code: '123456' },
    'POST /api/auth/2fa/disable': { password: 'sai-mat-khau' },
    'POST /api/auth/password': { currentPassword: 'sai-mat-khau', newPassword: 'mat-khau-moi-1' },
    'POST /api/auth/activation/check': { code: 'ABCD-EFGH' },
    'POST /api/auth/activate': { code: 'ABCD-EFGH', password: 'mat-khau-moi-1' },
    'POST /api/units': { parentId: ids.unit, code: 'NEW-X', name: 'Chi bộ lạ', type: 'cell' },
    'PATCH /api/units/:id': { name: 'Tên bị đổi' },
    'POST /api/units/:id/move': { newParentId: ids.parentB, reason: 'x' },
    'POST /api/units/:id/merge': { intoId: ids.unit, reason: 'x' },
    'POST /api/units/:id/dissolve': { reason: 'x' },
    'POST /api/members/:id/activation-code': undefined,
    'POST /api/roles': { userId: ids.user, role: 'cell_secretary', unitId: ids.unit },
    'DELETE /api/roles/:id': undefined,
    'DELETE /api/auth/sessions/:id': undefined,
    'POST /api/documents': { unitId: ids.unit, title: 'Văn bản lạ', targetUnitIds: [ids.unit] },
    'PATCH /api/documents/:id': { title: 'Tên bị đổi' },
    'POST /api/documents/:id/files': undefined,
    'POST /api/documents/:id/submit': undefined,
    'POST /api/documents/:id/publish': {},
    'POST /api/documents/:id/send-back': { comment: 'Trả lại' },
    'POST /api/documents/:id/unpublish': {},
    'POST /api/documents/:id/archive': {},
    'POST /api/documents/:id/read': undefined,
    'POST /api/documents/:id/bookmark': undefined,
    'POST /api/library/codes/types': { code: 'XX', name: 'Loại lạ' },
    'POST /api/library/codes/issuers': { code: 'XX', name: 'Cơ quan lạ' },
    'POST /api/members/standardization/fix-all': { unitId: ids.unit },
    'POST /api/members/import': undefined,
    'POST /api/members/activation-sheet': { unitId: ids.unit },
    'POST /api/members/corrections/:id/decision': { accept: true, note: 'x' },
    'POST /api/members/transfers/:id/decision': { decision: 'accept', note: 'x' },
    'PATCH /api/members/:id': { fullName: 'Tên bị đổi' },
    'POST /api/members/:id/status': { status: 'deceased', effectiveDate: '2025-01-01', note: 'x' },
    'POST /api/members/:id/fix': undefined,
    'POST /api/members/:id/transfers': { toCellId: ids.unit, startDate: '2025-01-01', reason: 'x' },
    'POST /api/members/duplicates/dismiss': { memberIds: [ids.member, ids.member], note: 'x' },
    'POST /api/members/:id/photo': undefined,
    'POST /api/me/card/photo': undefined,
    'POST /api/me/member/corrections': { field: 'phone', proposedValue: '0912345678', note: 'x' },
    'POST /api/members/:id/erasure': undefined,
    'POST /api/notifications/read-all': undefined,
    'POST /api/notifications/:id/read': undefined,
    'PUT /api/notifications/preferences': { kind: 'new_document', enabled: false },
    'POST /api/push/subscriptions': {
      endpoint: 'https://push.example.test/abc',
      keys: {
        p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
        auth: 'tBHItJI5svbpez7KI4CCXg',
      },
    },
    'POST /api/push/unsubscribe': { endpoint: 'https://push.example.test/abc' },
    'POST /api/installs': { deviceId: '00000000-0000-4000-8000-000000000001', platform: 'android', source: 'standalone' },
    'POST /api/feedback': {
      clientId: '00000000-0000-4000-8000-000000000002',
      targetUnitId: ids.unit,
      kind: 'question',
      subject: 'Hỏi',
      body: 'Nội dung',
    },
    'POST /api/feedback/:id/reply': { body: 'Trả lời' },
    'POST /api/feedback/:id/forward': { toUnitId: ids.parentB, note: '' },
    'POST /api/feedback/:id/close': { note: '' },
    'POST /api/notices': { unitId: ids.unit, title: 'Thông báo lạ', body: 'Nội dung' },
    ...meetingScopeSamples(ids),
    'POST /api/stats/snapshots': { month: '2025-01' },
    'POST /api/rules/:kind': {
      version: 'x',
      regulation: 'Quy định lạ',
      effectiveFrom: '2030-01-01',
      unitId: ids.unit,
      payload: {},
    },
    'POST /api/rules/:kind/:id/withdraw': { reason: 'Thu hồi thử' },
  };
  if (!(route in samples)) throw new Error(`No sample body for ${route}: add one to scope.test.ts`);
  return samples[route];
}

/** Every role but the installation-wide system admin, with where it is held. */
const CELL_ROLES: Role[] = ['member', 'cell_secretary', 'cell_deputy'];
const WARD_ROLES: Role[] = ['committee_member', 'unit_admin', 'editor', 'approver'];

describe.each(ENGINES)('scope isolation on %s', (engine) => {
  let t: TestApp;
  let secretaryAId: string;
  const actorsA = new Map<Role, string>();
  const secretsOfB: string[] = [];
  const idsB: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    const province = await makeUnit(db, { type: 'province', name: 'Đảng bộ tỉnh Chung' });
    const wardA = await makeUnit(db, { parent: province, type: 'grassroots', name: 'Đảng bộ phường Gần' });
    const ward = await makeUnit(db, { parent: province, type: 'grassroots', name: 'Đảng bộ phường Xa Lắc' });
    const cellA = await makeUnit(db, { parent: wardA, type: 'cell', name: 'Chi bộ An Bình' });
    const cellB = await makeUnit(db, { parent: ward, type: 'cell', name: 'Chi bộ Bí Mật Xa' });
    const { member: mA } = await makeMember(db, { cell: cellA, fullName: 'Lê Văn Chủ' });
    const secretaryA = await makeUser(db, { memberId: mA.id, roles: [{ role: 'cell_secretary', unit: cellA }] });
    secretaryAId = secretaryA.id;
    actorsA.set('cell_secretary', secretaryA.id);
    for (const role of [...CELL_ROLES, ...WARD_ROLES]) {
      if (actorsA.has(role)) continue;
      // The member role is implicit: an account linked to a member of cell A, with no assignment.
      const { member } = await makeMember(db, { cell: cellA, fullName: `Người ${role}` });
      const roles = role === 'member' ? [] : [{ role, unit: CELL_ROLES.includes(role) ? cellA : wardA }];
      actorsA.set(role, (await makeUser(db, { memberId: member.id, roles })).id);
    }
    const { member: mB } = await makeMember(db, {
      cell: cellB,
      fullName: 'Phạm Thị Kín Đáo',
      phone: '0977111222',
      cccd: '001180054321',
    });
    const secretaryB = await makeUser(db, {
      memberId: mB.id,
      displayName: 'Bí thư Chi bộ Xa',
      roles: [{ role: 'cell_secretary', unit: cellB }],
    });
    const cookieB = await sessionCookie(db, t.config, secretaryB.id);
    // Some audited activity in B, so the log has something to leak.
    await call(t.app, cookieB, { method: 'POST', url: `/api/members/${mB.id}/activation-code` });
    const [role] = await db.select().from(roleAssignments).where(eq(roleAssignments.userId, secretaryB.id));
    const sessionsB = (await call(t.app, cookieB, { method: 'GET', url: '/api/auth/sessions' })).json() as {
      items: Array<{ id: string }>;
    };
    Object.assign(idsB, {
      unit: cellB.id,
      member: mB.id,
      user: secretaryB.id,
      role: role!.id,
      session: sessionsB.items[0]!.id,
      parentB: ward.id,
    });
    idsB.meeting = await sampleMeeting(t.app, cookieB, cellB.id, t.clock.now());
    secretsOfB.push(
      cellB.id,
      mB.id,
      idsB.meeting,
      secretaryB.id,
      ward.id,
      'Xa Lắc',
      'Bí Mật Xa',
      'Kín Đáo',
      '0977111222',
      '001180054321',
      'Bí thư Chi bộ Xa',
      '111222',
      '54321',
    );
    expect((await db.select().from(auditLog).where(eq(auditLog.unitId, cellB.id))).length).toBeGreaterThan(0);
  });
  afterAll(async () => t.close());

  it.each([...CELL_ROLES, ...WARD_ROLES])('leaks nothing of cell B to the %s of A through any route', async (role) => {
    const actorId = actorsA.get(role)!;
    const holds = (permission: string) => (ACTIONS[permission as Action] as readonly Role[] | undefined)?.includes(role) ?? false;
    const checked: string[] = [];
    for (const route of t.app.routeTable) {
      if (route.url.startsWith('/api/docs') || route.method === 'HEAD') continue;
      const key = `${route.method} ${route.url}`;
      const paramValues: Record<string, string[]> = {
        id: route.url.startsWith('/api/members')
          ? [idsB.member!]
          : route.url.startsWith('/api/roles')
            ? [idsB.role!]
            : route.url.startsWith('/api/auth/sessions')
              ? [idsB.session!]
              : route.url.startsWith('/api/meeting')
                ? [idsB.meeting!]
                : [idsB.unit!],
      };
      // Rule kinds are names, not ids: a real one, so the request reaches the scope check.
      const url = route.url.replace(':id', paramValues.id![0]!).replace(':kind', 'dues.shares');
      const queries =
        route.method === 'GET' ? ['', `?unitId=${idsB.unit}`, `?q=${encodeURIComponent('Kín Đáo')}`, '?q=bi%20mat'] : [''];
      for (const q of queries) {
        const payload = route.method === 'GET' || route.method === 'DELETE' ? undefined : sampleBody(key, idsB);
        // A fresh session each time: sign-out and password change on the walk end the previous one.
        const fresh = await sessionCookie(t.database.db, t.config, actorId);
        const res = await call(t.app, fresh, {
          method: route.method as 'GET',
          url: url + q,
          ...(payload === undefined ? {} : { payload: payload as object }),
        });
        expect(res.statusCode, `${key}${q}`).toBeLessThan(500);
        for (const secret of secretsOfB) expect(res.body, `${key}${q} revealed ${secret}`).not.toContain(secret);
        if (route.method !== 'GET' && route.permission !== 'public' && route.url.includes(':id')) {
          expect([403, 404], `${key} must not act on B`).toContain(res.statusCode);
        }
        if (route.method === 'GET' && route.url.includes(':id')) expect([403, 404], key).toContain(res.statusCode);
        if (res.statusCode === 403 && route.permission !== 'authenticated' && route.permission !== 'public') {
          expect(
            holds(route.permission),
            `${key}: 403 although ${role} holds ${route.permission}; a foreign id must answer 404`,
          ).toBe(false);
        }
      }
      checked.push(key);
    }
    expect(checked).toEqual(
      expect.arrayContaining(['GET /api/members', 'GET /api/audit', 'GET /api/units/:id', 'POST /api/units/:id/move']),
    );
  });

  it('still shows cell A to its own secretary', async () => {
    // A fresh session: the walk above signed secretary A out everywhere.
    const res = await call(t.app, await sessionCookie(t.database.db, t.config, secretaryAId), {
      method: 'GET',
      url: '/api/members',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      items: Array<{ fullName: string; phoneMasked: string | null; cccdMasked: string | null }>;
      total: number;
    };
    // Cell A's own members (the secretary and the accounts of the other roles), nobody of B.
    expect(body.items.map((m) => m.fullName)).toContain('Lê Văn Chủ');
    expect(body.total).toBe(1 + actorsA.size - 1);
    expect(body.items.map((m) => m.fullName)).not.toContain('Phạm Thị Kín Đáo');
    expect(body.items[0]!.phoneMasked).toMatch(/\*/);
  });
});
