import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call as rawCall, makeMember, makeUnit, makeUser, sessionCookie, type TestUnit } from '../../testing/factories.ts';
import { auditLog, memberCellPeriods, members, memberStatusChanges } from '../../db/schema.ts';

// Failed calls print their problem+json, so a failing assertion shows why.
const call: typeof rawCall = async (...args) => {
  const res = await rawCall(...args);
  if (res.statusCode >= 500 || res.statusCode === 401) console.error(args[2].method, args[2].url, res.statusCode, res.body);
  return res;
};

describe.each(ENGINES)('member records on %s', (engine) => {
  let t: TestApp;
  let ward: TestUnit;
  let cellA: TestUnit;
  let cellB: TestUnit;
  let secA: string;
  let secB: string;
  let committee: string;
  let memberCookie: string;
  let memberId: string;

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-03-01T03:00:00Z'));
    const db = t.database.db;
    ward = await makeUnit(db, { type: 'grassroots', name: 'Đảng bộ phường Một' });
    cellA = await makeUnit(db, { parent: ward, type: 'cell', name: 'Chi bộ khu phố 1', code: 'KP1' });
    cellB = await makeUnit(db, { parent: ward, type: 'cell', name: 'Chi bộ khu phố 2', code: 'KP2' });
    const { member } = await makeMember(db, {
      cell: cellA,
      fullName: 'Trần Văn Bình',
      cccd: '086070000001',
      dateOfBirth: '1970-05-06',
    });
    memberId = member.id;
    await db.update(members).set({ partyCardNumber: '86.000001' }).where(eq(members.id, member.id));
    const memberUser = await makeUser(db, { memberId: member.id });
    memberCookie = await sessionCookie(db, t.config, memberUser.id, t.clock.now());
    secA = await sessionCookie(
      db,
      t.config,
      (await makeUser(db, { roles: [{ role: 'cell_secretary', unit: cellA }] })).id,
      t.clock.now(),
    );
    secB = await sessionCookie(
      db,
      t.config,
      (await makeUser(db, { roles: [{ role: 'cell_secretary', unit: cellB }] })).id,
      t.clock.now(),
    );
    committee = await sessionCookie(
      db,
      t.config,
      (await makeUser(db, { roles: [{ role: 'committee_member', unit: ward }] })).id,
      t.clock.now(),
    );
  });
  afterAll(async () => t.close());

  it('shows the full record to the secretary, masked to a committee member, and logs each view', async () => {
    const full = await call(t.app, secA, { method: 'GET', url: `/api/members/${memberId}` });
    expect(full.statusCode).toBe(200);
    expect(full.json().member.cccd).toBe('086070000001');
    const masked = await call(t.app, committee, { method: 'GET', url: `/api/members/${memberId}` });
    expect(masked.json().member.cccd).toBe('0*********01');
    expect(masked.json().member.phone).toMatch(/^0\*+\d\d$/);
    const views = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'member.view'), eq(auditLog.targetId, memberId)));
    expect(views).toHaveLength(2);
    expect((await call(t.app, secB, { method: 'GET', url: `/api/members/${memberId}` })).statusCode).toBe(404);
  });

  it('keeps problems current on every write and fixes certain ones in one click', async () => {
    const upd = await call(t.app, secA, {
      method: 'PATCH',
      url: `/api/members/${memberId}`,
      payload: { fullName: 'TRẦN VĂN BÌNH' },
    });
    expect(upd.statusCode).toBe(200);
    expect(upd.json().member.problems.map((p: { code: string }) => p.code)).toEqual(['name.casing']);
    await t.database.db.update(members).set({ phone: '+84 912 000 111' }).where(eq(members.id, memberId));
    await t.database.db.update(members).set({ checkedOn: null }).where(eq(members.id, memberId));
    const before = (await call(t.app, secA, { method: 'GET', url: `/api/members/standardization?unitId=${cellA.id}` })).json();
    expect(before.members).toBe(1);
    expect(before.standardized).toBe(0);
    expect(before.byProblem.map((p: { code: string }) => p.code).sort()).toEqual(['name.casing', 'phone.form']);
    expect(before.items[0].fixable).toBe(true);
    const fix = await call(t.app, secA, {
      method: 'POST',
      url: '/api/members/standardization/fix-all',
      payload: { unitId: cellA.id },
    });
    expect(fix.json().fixed).toBe(1);
    const after = (await call(t.app, secA, { method: 'GET', url: `/api/members/standardization?unitId=${cellA.id}` })).json();
    expect(after.percent).toBe(100);
    const [row] = await t.database.db.select().from(members).where(eq(members.id, memberId));
    expect(row!.fullName).toBe('Trần Văn Bình');
    expect(row!.phone).toBe('0912000111');
    expect(await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'member.standardize'))).toHaveLength(1);
  });

  it('finds likely duplicates across tone styles and counts the ones out of scope', async () => {
    const db = t.database.db;
    await makeMember(db, { cell: cellA, fullName: 'Lê Thị Hòa', dateOfBirth: '1980-01-02', cccd: '086180000002' });
    await makeMember(db, { cell: cellB, fullName: 'Lê Thị Hoà', dateOfBirth: '1980-01-02', cccd: '086180000003' });
    const res = (await call(t.app, secA, { method: 'GET', url: `/api/members/duplicates?unitId=${cellA.id}` })).json();
    expect(res.review).toHaveLength(1);
    expect(res.review[0].members.map((m: { fullName: string }) => m.fullName)).toEqual(['Lê Thị Hòa']);
    expect(res.review[0].outsideScope).toBe(1);
    const wide = (await call(t.app, committee, { method: 'GET', url: `/api/members/duplicates?unitId=${ward.id}` })).json();
    expect(wide.review[0].members).toHaveLength(2);
  });

  it('records status changes with dates and history', async () => {
    const { member } = await makeMember(t.database.db, { cell: cellA, status: 'probationary' });
    const res = await call(t.app, secA, {
      method: 'POST',
      url: `/api/members/${member.id}/status`,
      payload: { status: 'official', effectiveDate: '2026-02-01', note: 'Nghị quyết công nhận', partyCardNumber: '86.123456' },
    });
    expect(res.statusCode).toBe(200);
    const m = res.json().member;
    expect(m.status).toBe('official');
    expect(m.officialDate).toBe('2026-02-01');
    expect(m.statusHistory).toEqual([
      expect.objectContaining({ fromStatus: 'probationary', toStatus: 'official', effectiveDate: '2026-02-01' }),
    ]);
    const bad = await call(t.app, secA, {
      method: 'POST',
      url: `/api/members/${member.id}/status`,
      payload: { status: 'deceased', effectiveDate: '1990-01-01', note: '' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('lets a member ask for a correction and the secretary accept it', async () => {
    const own = await call(t.app, memberCookie, { method: 'GET', url: '/api/me/member' });
    expect(own.json().member.cccd).toBe('086070000001');
    const ask = await call(t.app, memberCookie, {
      method: 'POST',
      url: '/api/me/member/corrections',
      payload: { field: 'hometown', proposedValue: 'Xã Tân Phú, tỉnh Minh Hải', note: 'Quê ghi sai' },
    });
    expect(ask.statusCode).toBe(200);
    const id = ask.json().correction.id;
    expect(
      (
        await call(t.app, memberCookie, {
          method: 'POST',
          url: '/api/me/member/corrections',
          payload: { field: 'hometown', proposedValue: 'x' },
        })
      ).statusCode,
    ).toBe(409);
    const list = (await call(t.app, secA, { method: 'GET', url: '/api/members/corrections' })).json();
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect(
      (await call(t.app, secB, { method: 'POST', url: `/api/members/corrections/${id}/decision`, payload: { accept: true } }))
        .statusCode,
    ).toBe(404);
    const ok = await call(t.app, secA, {
      method: 'POST',
      url: `/api/members/corrections/${id}/decision`,
      payload: { accept: true, note: 'Đã đối chiếu lý lịch' },
    });
    expect(ok.json().correction.state).toBe('accepted');
    const [row] = await t.database.db.select().from(members).where(eq(members.id, memberId));
    expect(row!.hometown).toBe('Xã Tân Phú, tỉnh Minh Hải');
    expect(await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'member.correction_accept'))).toHaveLength(1);
  });

  it('transfers a member: sender requests, receiver accepts, periods follow; temporary ones come back', async () => {
    const db = t.database.db;
    const { member } = await makeMember(db, { cell: cellA });
    const req = await call(t.app, secA, {
      method: 'POST',
      url: `/api/members/${member.id}/transfers`,
      payload: { toCellId: cellB.id, startDate: '2026-03-01', endDate: '2026-06-01', reason: 'Đi công tác' },
    });
    expect(req.statusCode).toBe(200);
    const id = req.json().transfer.id;
    // The sending side sees the request in its list, so it hears why it may not accept it: 403, not 404.
    const own = await call(t.app, secA, {
      method: 'POST',
      url: `/api/members/transfers/${id}/decision`,
      payload: { decision: 'accept' },
    });
    expect(own.statusCode).toBe(403);
    expect(own.json().title).toMatch(/chi bộ bên kia/);
    const acc = await call(t.app, secB, {
      method: 'POST',
      url: `/api/members/transfers/${id}/decision`,
      payload: { decision: 'accept', note: 'Đồng ý' },
    });
    expect(acc.json().transfer.state).toBe('accepted');
    let [row] = await db.select().from(members).where(eq(members.id, member.id));
    expect(row!.cellId).toBe(cellB.id);
    const periods = await db
      .select()
      .from(memberCellPeriods)
      .where(eq(memberCellPeriods.memberId, member.id))
      .orderBy(memberCellPeriods.validFrom);
    expect(periods.map((p) => [p.cellId, p.validTo?.toISOString() ?? null])).toEqual([
      [cellA.id, '2026-02-28T17:00:00.000Z'],
      [cellB.id, '2026-05-31T17:00:00.000Z'],
      [cellA.id, null],
    ]);
    t.clock.set('2026-06-02T03:00:00Z');
    try {
      const later = await sessionCookie(
        db,
        t.config,
        (await makeUser(db, { roles: [{ role: 'cell_secretary', unit: cellA }] })).id,
        t.clock.now(),
      );
      const list = (await call(t.app, later, { method: 'GET', url: '/api/members/transfers' })).json();
      expect(list.items[0].state).toBe('returned');
      [row] = await db.select().from(members).where(eq(members.id, member.id));
      expect(row!.cellId).toBe(cellA.id);
    } finally {
      t.clock.set('2026-03-01T03:00:00Z');
    }
  });

  it('issues an e-card token that verifies, expires and resists tampering', async () => {
    const card = (await call(t.app, memberCookie, { method: 'GET', url: '/api/me/card' })).json();
    expect(card.qrSvg).toContain('<svg');
    const ok = (await call(t.app, undefined, { method: 'GET', url: `/api/cards/verify/${card.token}` })).json();
    expect(ok).toEqual({ valid: true, reason: null, fullName: 'Trần Văn Bình', cellName: 'Chi bộ khu phố 1' });
    const body = JSON.stringify(ok);
    expect(body).not.toContain('086070000001');
    const [p, mac] = card.token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ m: memberId, e: 9_999_999_999 })).toString('base64url')}.${mac}`;
    expect((await call(t.app, undefined, { method: 'GET', url: `/api/cards/verify/${forged}` })).json().valid).toBe(false);
    expect((await call(t.app, undefined, { method: 'GET', url: `/api/cards/verify/${p}.x` })).json().valid).toBe(false);
    t.clock.advance(25 * 3600_000);
    try {
      expect((await call(t.app, undefined, { method: 'GET', url: `/api/cards/verify/${card.token}` })).json()).toMatchObject({
        valid: false,
        reason: 'expired',
      });
    } finally {
      t.clock.set('2026-03-01T03:00:00Z');
    }
  });

  it('prints a PDF activation sheet for a cell and creates the missing accounts', async () => {
    const { member } = await makeMember(t.database.db, { cell: cellB, fullName: 'Phạm Thị Ước' });
    const res = await call(t.app, secB, { method: 'POST', url: '/api/members/activation-sheet', payload: { unitId: cellB.id } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(Number(res.headers['x-issued-count'])).toBeGreaterThanOrEqual(1);
    const list = (await call(t.app, secB, { method: 'GET', url: `/api/members?unitId=${cellB.id}` })).json();
    expect(list.items.find((m: { id: string }) => m.id === member.id).accountStatus).toBe('pending');
    expect(
      (await call(t.app, secA, { method: 'POST', url: '/api/members/activation-sheet', payload: { unitId: cellB.id } }))
        .statusCode,
    ).toBe(404);
  });

  it('keeps no status history rows for untouched members', async () => {
    expect(await t.database.db.select().from(memberStatusChanges).where(eq(memberStatusChanges.memberId, memberId))).toHaveLength(
      0,
    );
  });
});
