import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeMember, makeUnit, makeUser, sessionCookie, type TestUnit } from '../../testing/factories.ts';
import { buildXlsx, multipart } from '../../testing/members.factories.ts';
import { rowsOf } from '../../db/client.ts';
import { auditLog, members, memberStatusChanges, sessions, users } from '../../db/schema.ts';
import { inspectFile } from '../documents/inspect.ts';
import { ERASED_NAME } from './erasure.service.ts';

const PASSWORD = 'Mật-khẩu-thử-2026';

describe.each(ENGINES)('privacy on %s', (engine) => {
  let t: TestApp;
  let ward: TestUnit;
  let cell: TestUnit;
  let otherCell: TestUnit;
  let admin: string;
  let adminId: string;
  let secretary: string;
  let memberId: string;
  let memberCookie: string;

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-03-01T03:00:00Z'));
    const db = t.database.db;
    ward = await makeUnit(db, { type: 'grassroots', name: 'Đảng bộ phường Hòa Bình', code: `PV-${engine}` });
    cell = await makeUnit(db, { parent: ward, type: 'cell', name: 'Chi bộ Khu phố Một', code: `PV-${engine}.1` });
    otherCell = await makeUnit(db, { parent: ward, type: 'cell', name: 'Chi bộ Khu phố Hai', code: `PV-${engine}.2` });
    adminId = (await makeUser(db, { displayName: 'Tổ quản trị Phường', roles: [{ role: 'unit_admin', unit: ward }] })).id;
    admin = await sessionCookie(db, t.config, adminId, t.clock.now());
    secretary = await sessionCookie(
      db,
      t.config,
      (await makeUser(db, { displayName: 'Bí thư Nguyễn Văn Xem', roles: [{ role: 'cell_secretary', unit: cell }] })).id,
      t.clock.now(),
    );
    const { member } = await makeMember(db, {
      cell,
      fullName: 'Nguyễn Thị Ánh Tuyết',
      cccd: '001180012345',
      phone: '0912000111',
    });
    memberId = member.id;
    memberCookie = await sessionCookie(db, t.config, (await makeUser(db, { memberId })).id, t.clock.now());
  });
  afterAll(async () => t.close());

  it('shows the member who viewed, exported and imported their record, and nothing about others', async () => {
    const { member: other } = await makeMember(db(), { cell: otherCell, fullName: 'Trần Văn Khác' });
    expect((await call(t.app, secretary, { method: 'GET', url: `/api/members/${memberId}` })).statusCode).toBe(200);
    t.clock.advance(60_000);
    expect((await call(t.app, admin, { method: 'GET', url: `/api/members/${other.id}` })).statusCode).toBe(200);
    expect(
      (await call(t.app, admin, { method: 'GET', url: `/api/members/export?unitId=${ward.id}&format=csv` })).statusCode,
    ).toBe(200);
    t.clock.advance(60_000);
    const file = await buildXlsx(['Số CCCD', 'Họ và tên'], [['001180012345', 'Nguyễn Thị Ánh Tuyết']]);
    const body = multipart({ name: 'ds.xlsx', content: file });
    expect(
      (
        await call(t.app, admin, {
          method: 'POST',
          url: `/api/members/import?unitId=${cell.id}&dryRun=false`,
          payload: body.payload,
          headers: body.headers,
        })
      ).statusCode,
    ).toBe(200);
    // An import into the other cell does not concern this member.
    const file2 = await buildXlsx(['Họ và tên', 'Ngày sinh'], [['Lê Văn Mới', '01/01/1980']]);
    const body2 = multipart({ name: 'ds2.xlsx', content: file2 });
    expect(
      (
        await call(t.app, admin, {
          method: 'POST',
          url: `/api/members/import?unitId=${otherCell.id}&dryRun=false`,
          payload: body2.payload,
          headers: body2.headers,
        })
      ).statusCode,
    ).toBe(200);

    const res = await call(t.app, memberCookie, { method: 'GET', url: '/api/me/privacy/access-log' });
    expect(res.statusCode).toBe(200);
    const log = res.json() as {
      items: Array<{ kind: string; actorName: string; role: string | null; unitName: string | null }>;
      total: number;
    };
    expect(log.total).toBe(3);
    expect(log.items.map((i) => i.kind)).toEqual(['import', 'export', 'view']);
    expect(log.items[2]).toMatchObject({
      actorName: 'Bí thư Nguyễn Văn Xem',
      role: 'cell_secretary',
      unitName: 'Chi bộ Khu phố Một',
    });
    expect(log.items[1]).toMatchObject({
      actorName: 'Tổ quản trị Phường',
      role: 'unit_admin',
      unitName: 'Đảng bộ phường Hòa Bình',
    });
    const staffOnly = await call(t.app, admin, { method: 'GET', url: '/api/me/privacy/access-log' });
    expect(staffOnly.statusCode).toBe(404);
  });

  it('lets the member download their own data as JSON and as a PDF with Vietnamese text, audited', async () => {
    const json = await call(t.app, memberCookie, { method: 'GET', url: '/api/me/privacy/data.json' });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-disposition']).toMatch(/^attachment; filename="du-lieu-ca-nhan-\d{4}-\d{2}-\d{2}\.json"/);
    const data = json.json();
    expect(data.record).toMatchObject({
      fullName: 'Nguyễn Thị Ánh Tuyết',
      cccd: '001180012345',
      phone: '0912000111',
      cellName: 'Chi bộ Khu phố Một',
    });
    expect(data.accessLog.length).toBeGreaterThan(0);
    expect(data.account).not.toHaveProperty('passwordHash');

    const pdf = await call(t.app, memberCookie, { method: 'GET', url: '/api/me/privacy/data.pdf' });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await inspectFile('pdf', pdf.rawPayload)).text;
    for (const s of ['DỮ LIỆU CÁ NHÂN CỦA TÔI', 'Nguyễn Thị Ánh Tuyết', 'Ai đã xem hồ sơ của tôi', 'Bí thư Nguyễn Văn Xem'])
      expect(text).toContain(s);

    const audits = await db().select().from(auditLog).where(eq(auditLog.action, 'member.self_export'));
    expect(audits.map((a) => a.changes.format?.new).sort()).toEqual(['json', 'pdf']);
    expect(audits.every((a) => a.targetId === memberId)).toBe(true);
  });

  it('erases a removed member only after the retention period, keeping anonymous statistics', async () => {
    const { member: gone } = await makeMember(db(), {
      cell,
      fullName: 'Phạm Văn Đã Đi',
      cccd: '001070088888',
      phone: '0988000222',
      dateOfBirth: '1960-07-15',
    });
    const goneUser = await makeUser(db(), { memberId: gone.id, password: PASSWORD });
    // A question to the cell committee while still a member: its words are personal data too.
    const goneCookie = await sessionCookie(db(), t.config, goneUser.id, t.clock.now());
    const asked = await call(t.app, goneCookie, {
      method: 'POST',
      url: '/api/feedback',
      payload: {
        clientId: randomUUID(),
        targetUnitId: cell.id,
        kind: 'question',
        subject: 'Hoàn cảnh gia đình ông Đã Đi',
        body: 'Vợ tôi đang điều trị tại bệnh viện tỉnh, số 0988000222.',
      },
    });
    expect(asked.statusCode, asked.body).toBe(200);
    const removed = await call(t.app, admin, {
      method: 'POST',
      url: `/api/members/${gone.id}/status`,
      payload: { status: 'removed', effectiveDate: '2026-02-10', note: 'Xóa tên' },
    });
    expect(removed.statusCode).toBe(200);
    const byStatus = async () =>
      rowsOf<{ sex: string; year: string; n: number }>(
        await db().execute(
          sql`SELECT sex, extract(year FROM date_of_birth)::text AS year, count(*)::int AS n FROM members WHERE cell_id = ${cell.id} GROUP BY 1, 2 ORDER BY 1, 2`,
        ),
      );
    const before = await byStatus();

    const secretaryTry = await call(t.app, secretary, { method: 'POST', url: `/api/members/${gone.id}/erasure` });
    expect(secretaryTry.statusCode).toBe(403);
    const early = await call(t.app, admin, { method: 'POST', url: `/api/members/${gone.id}/erasure` });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'erasure.retention' });
    expect(early.json().title).toContain(
      'Chưa hết thời hạn lưu giữ 5 năm kể từ ngày 10/02/2026: chỉ được xóa từ ngày 10/02/2031',
    );
    const active = await call(t.app, admin, { method: 'POST', url: `/api/members/${memberId}/erasure` });
    expect(active.json()).toMatchObject({ code: 'erasure.not_allowed' });

    t.clock.set('2031-02-10T03:00:00Z');
    admin = await sessionCookie(db(), t.config, adminId, t.clock.now());
    const status = await call(t.app, admin, { method: 'GET', url: `/api/members/${gone.id}/erasure` });
    expect(status.json()).toMatchObject({ eligible: true, eligibleFrom: '2031-02-10', retentionYears: 5 });
    const done = await call(t.app, admin, { method: 'POST', url: `/api/members/${gone.id}/erasure` });
    expect(done.statusCode).toBe(200);

    const [raw] = rowsOf<Record<string, unknown>>(await db().execute(sql`SELECT * FROM members WHERE id = ${gone.id}`));
    expect(raw).toMatchObject({
      full_name: ERASED_NAME,
      cccd: null,
      cccd_enc: null,
      cccd_hash: null,
      phone: null,
      sex: 'male',
      status: 'removed',
    });
    expect(String(raw!.date_of_birth).slice(0, 10)).toBe('1960-01-01');
    const dump = JSON.stringify(
      rowsOf(
        await db().execute(sql`SELECT m.*, u.* FROM members m LEFT JOIN users u ON u.member_id = m.id WHERE m.id = ${gone.id}`),
      ),
    );
    for (const s of ['Phạm Văn Đã Đi', '0988000222', '88888']) expect(dump).not.toContain(s);
    // The question stays (it counts in the committee's figures) without its words.
    const questions = JSON.stringify(
      rowsOf(
        await db().execute(
          sql`SELECT i.*, e.body AS event_body FROM feedback_items i LEFT JOIN feedback_events e ON e.item_id = i.id WHERE i.id = ${asked.json().id}`,
        ),
      ),
    );
    expect(questions).toContain('question');
    for (const s of ['Đã Đi', 'bệnh viện', '0988000222']) expect(questions).not.toContain(s);
    expect(await db().select().from(users).where(eq(users.memberId, gone.id))).toHaveLength(0);
    expect((await db().select().from(sessions)).every((s) => s.userId !== gone.id)).toBe(true);
    expect(await db().select().from(memberStatusChanges).where(eq(memberStatusChanges.memberId, gone.id))).toHaveLength(1);
    expect(await byStatus()).toEqual(before);
    expect((await db().select({ id: members.id }).from(members)).map((m) => m.id)).toContain(gone.id);
    const signIn = await call(t.app, undefined, {
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { login: '001070088888', password: PASSWORD },
    });
    expect(signIn.statusCode).toBe(401);
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.action, 'member.erase'));
    expect(entry!.targetId).toBe(gone.id);
    expect(JSON.stringify(entry!.changes)).not.toContain('Phạm Văn');
    const again = await call(t.app, admin, { method: 'POST', url: `/api/members/${gone.id}/erasure` });
    expect(again.json()).toMatchObject({ code: 'erasure.done' });
  });

  function db() {
    return t.database.db;
  }
});
