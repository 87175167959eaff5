/**
 * The remaining statistics tables on a small tree whose every number is known: composition,
 * movements per month, reading per document and unit with the not-read list, the 12-month meeting
 * trend; and each table's .xlsx (title with unit and period, Vietnamese headers, numbers as numbers).
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeMember, makeUnit, makeUser, sessionCookie, type TestUnit } from '../../testing/factories.ts';
import { takeSnapshot } from './figures.service.ts';
import { documentReads, documents, documentTargets, memberStatusChanges, memberTransfers, users } from '../../db/schema.ts';

describe.each(ENGINES)('statistics tables on %s', (engine) => {
  let t: TestApp;
  let cookie: string;
  let ward: TestUnit, c1: TestUnit, c2: TestUnit, other: TestUnit;
  const ids: Record<string, string> = {};
  let docA: string, docB: string;

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-03-10T03:00:00Z'));
    const db = t.database.db;
    const province = await makeUnit(db, { type: 'province', name: 'Tỉnh Thử' });
    ward = await makeUnit(db, { parent: province, type: 'grassroots', name: 'Phường Một' });
    c1 = await makeUnit(db, { parent: ward, type: 'cell', name: 'Chi bộ Khu 1' });
    c2 = await makeUnit(db, { parent: ward, type: 'cell', name: 'Chi bộ Khu 2' });
    const otherWard = await makeUnit(db, { parent: province, type: 'grassroots', name: 'Xã Khác' });
    other = await makeUnit(db, { parent: otherWard, type: 'cell', name: 'Chi bộ Xa' });
    // name, cell, date of birth, sex, admission, official, theory, ethnicity, status
    const people: Array<
      [
        string,
        TestUnit,
        string,
        'male' | 'female',
        string,
        string | null,
        string | null,
        string | null,
        'official' | 'probationary' | 'exempted',
      ]
    > = [
      ['An', c1, '1995-06-01', 'male', '2025-07-15', null, null, 'Kinh', 'probationary'],
      ['Bình', c1, '1980-01-01', 'female', '2005-01-01', '2006-01-01', 'Trung cấp', 'Kinh', 'official'],
      ['Chi', c1, '1950-03-03', 'female', '1975-02-01', '1976-02-01', 'Cao cấp', 'Tày', 'exempted'],
      ['Dũng', c2, '1990-12-12', 'male', '2025-03-20', '2026-03-02', 'Sơ cấp', 'Kinh', 'official'],
      ['Em', c2, '1966-04-04', 'male', '1990-09-09', '1991-09-09', 'Trung cấp', null, 'official'],
    ];
    for (const [name, cell, dob, sex, admitted, official, theory, ethnicity, status] of people) {
      const { member } = await makeMember(db, { cell, fullName: `Nguyễn Văn ${name}`, dateOfBirth: dob, status, cccd: null });
      await db.execute(
        sql`UPDATE members SET sex = ${sex}, admission_date = ${admitted}, official_date = ${official}, political_theory = ${theory}, ethnicity = ${ethnicity} WHERE id = ${member.id}`,
      );
      ids[name] = member.id;
    }
    // Movements: Em came from the other commune in February 2026; a member of c2 was removed in January 2026.
    await db
      .insert(memberTransfers)
      .values({ memberId: ids.Em!, fromCellId: other.id, toCellId: c2.id, startDate: '2026-02-10', state: 'accepted' });
    const { member: gone } = await makeMember(db, { cell: c2, fullName: 'Trần Văn Đi', status: 'removed', cccd: null });
    await db
      .insert(memberStatusChanges)
      .values({ memberId: gone.id, fromStatus: 'official', toStatus: 'removed', effectiveDate: '2026-01-20' });
    // Reading: doc A read by An, Bình, Dũng (and Chi, exempted: not counted); doc B by Dũng only.
    const now = t.clock.now();
    const [a, b] = await db
      .insert(documents)
      .values([
        {
          unitId: province.id,
          title: 'Nghị quyết thử A',
          symbol: '57-NQ/TW',
          status: 'published',
          publishAt: now,
          createdAt: now,
          updatedAt: now,
        },
        { unitId: province.id, title: 'Chỉ thị thử B', status: 'published', publishAt: now, createdAt: now, updatedAt: now },
      ])
      .returning();
    // Published to the whole province, as the library does: the reading figures only name such documents.
    await db.insert(documentTargets).values([a!, b!].map((d) => ({ documentId: d.id, unitId: province.id })));
    docA = a!.id;
    docB = b!.id;
    for (const [who, doc] of [
      ['An', docA],
      ['Bình', docA],
      ['Dũng', docA],
      ['Chi', docA],
      ['Dũng', docB],
    ] as const) {
      const [u] = await db
        .select()
        .from(users)
        .where(sql`${users.memberId} = ${ids[who]!}`);
      const userId =
        u?.id ?? (await db.insert(users).values({ memberId: ids[who]!, displayName: who, status: 'active' }).returning())[0]!.id;
      await db.insert(documentReads).values({
        documentId: doc,
        userId,
        memberId: ids[who]!,
        firstReadAt: now,
        lastReadAt: now,
        readCount: who === 'Dũng' ? 3 : 1,
      });
    }
    // Meetings: c1 met in January and February 2026 (held), c2 registered February only (not held).
    for (const [cell, month, held] of [
      [c1, '2026-01', true],
      [c1, '2026-02', true],
      [c2, '2026-02', false],
    ] as const) {
      const start = new Date(`${month}-12T01:00:00Z`).toISOString();
      await db.execute(sql`
        INSERT INTO meetings (cell_id, month, kind, starts_at, planned_end_at, place, status, registered_at, registration_deadline, registered_late, actual_start_at, created_at, updated_at)
        VALUES (${cell.id}, ${month}, 'regular', ${start}::timestamptz, ${start}::timestamptz + interval '2 hours', 'Nhà văn hóa', ${held ? 'finalized' : 'scheduled'},
                ${start}::timestamptz - interval '20 days', ${start}::timestamptz - interval '15 days', false, ${held ? start : null}::timestamptz, ${start}::timestamptz, ${start}::timestamptz)`);
    }
    const admin = await makeUser(db, { roles: [{ role: 'unit_admin', unit: ward }] });
    cookie = await sessionCookie(db, t.config, admin.id, t.clock.now());
  });
  afterAll(async () => t.close());

  const get = async <T>(url: string) => {
    const res = await call(t.app, cookie, { method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
    return res.json() as T;
  };
  const sheet = async (query: string) => {
    const res = await call(t.app, cookie, { method: 'GET', url: `/api/stats/export?${query}` });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow((row, i) => (rows[i] = (row.values as unknown[]).slice(1)));
    return { title: String(ws.getCell(1, 1).value), header: rows[3]!, rows: rows.slice(4).filter(Boolean) };
  };

  it('counts the composition: every dimension adds up to the members on the rolls', async () => {
    type C = { total: number; dimensions: Array<{ key: string; rows: Array<{ key: string; count: number; share: number }> }> };
    const c = await get<C>(`/api/stats/members/composition?unitId=${ward.id}`);
    expect(c.total).toBe(5);
    const dim = (k: string) => Object.fromEntries(c.dimensions.find((d) => d.key === k)!.rows.map((r) => [r.key, r.count]));
    for (const d of c.dimensions)
      expect(
        d.rows.reduce((s, r) => s + r.count, 0),
        d.key,
      ).toBe(5);
    expect(dim('ageBand')).toEqual({ '30to39': 2, '40to49': 1, '50to59': 1, '70plus': 1 });
    expect(dim('sex')).toEqual({ male: 3, female: 2 });
    expect(dim('membershipYears')).toEqual({ under5: 2, '20to29': 1, '30to39': 1, '40plus': 1 });
    expect(dim('status')).toEqual({ official: 3, probationary: 1, exempted: 1 });
    expect(dim('politicalTheory')).toEqual({ 'Trung cấp': 2, 'Cao cấp': 1, 'Sơ cấp': 1, unknown: 1 });
    expect(dim('ethnicity')).toEqual({ Kinh: 3, Tày: 1, unknown: 1 });
    const x = await sheet(`table=composition&unitId=${ward.id}`);
    expect(x.title).toContain('Phường Một');
    expect(x.title).toMatch(/ngày 10\/03\/2026/);
    expect(x.header).toEqual(['Tiêu chí', 'Nhóm', 'Số đảng viên', 'Tỷ lệ']);
    expect(x.rows).toContainEqual(['Giới tính', 'Nam', 3, 0.6]);
    expect(x.rows).toContainEqual(['Dân tộc', 'Chưa ghi', 1, 0.2]);
  });

  it('lists movements per month for twelve months', async () => {
    type M = {
      months: Array<{
        month: string;
        admitted: number;
        officialized: number;
        transferredIn: number;
        transferredOut: number;
        removed: number;
      }>;
      total: Record<string, number>;
    };
    const m = await get<M>(`/api/stats/members/movements?unitId=${ward.id}`);
    expect(m.months.map((x) => x.month)).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    const at = (month: string) => m.months.find((x) => x.month === month)!;
    expect(at('2025-07')).toMatchObject({ admitted: 1 });
    expect(at('2026-03')).toMatchObject({ officialized: 1 });
    expect(at('2026-02')).toMatchObject({ transferredIn: 1, transferredOut: 0 });
    expect(at('2026-01')).toMatchObject({ removed: 1 });
    // Dũng's admission (3/2025) is before the window.
    expect(m.total).toEqual({ admitted: 1, officialized: 1, transferredIn: 1, transferredOut: 0, removed: 1 });
    // Seen from the other commune, the same transfer went out.
    const admin = await makeUser(t.database.db, { roles: [{ role: 'unit_admin', unit: other }] });
    const c = await sessionCookie(t.database.db, t.config, admin.id, t.clock.now());
    const o = (await call(t.app, c, { method: 'GET', url: `/api/stats/members/movements?unitId=${other.id}` })).json() as M;
    expect(o.total.transferredOut).toBe(1);
    const x = await sheet(`table=movements&unitId=${ward.id}`);
    expect(x.title).toContain('từ tháng 04/2025 đến tháng 03/2026');
    expect(x.rows.at(-1)).toEqual(['Cộng', 1, 1, 1, 0, 1]);
  });

  it('shows reading per document and unit, and exactly the members who have not read', async () => {
    type R = {
      members: number;
      columns: Array<{ name: string; members: number }>;
      documents: Array<{ id: string; readers: number; notRead: number; opens: number; byUnit: number[] }>;
    };
    const r = await get<R>(`/api/stats/reading?unitId=${ward.id}`);
    expect(r.members).toBe(4); // exempted Chi apart
    expect(r.columns.map((c) => [c.name, c.members])).toEqual([
      ['Chi bộ Khu 1', 2],
      ['Chi bộ Khu 2', 2],
    ]);
    expect(r.documents.map((d) => d.id)).toEqual([docA, docB]);
    expect(r.documents[0]).toMatchObject({ readers: 3, notRead: 1, opens: 5, byUnit: [2, 1] });
    expect(r.documents[1]).toMatchObject({ readers: 1, notRead: 3, byUnit: [0, 1] });
    for (const d of r.documents) expect(d.byUnit.reduce((s, n) => s + n, 0)).toBe(d.readers);
    const nr = await get<{ total: number; items: Array<{ id: string }> }>(
      `/api/stats/reading/not-read?unitId=${c1.id}&documentId=${docB}`,
    );
    expect(nr.total).toBe(2);
    expect(nr.items.map((i) => i.id).sort()).toEqual([ids.An, ids['Bình']].sort());
    const wardNr = await get<{ total: number; items: Array<{ id: string }> }>(
      `/api/stats/reading/not-read?unitId=${ward.id}&documentId=${docA}`,
    );
    expect(wardNr.items.map((i) => i.id)).toEqual([ids.Em]);
    const x = await sheet(`table=reading&unitId=${ward.id}`);
    expect(x.header.slice(0, 7)).toEqual(['STT', 'Tài liệu', 'Số ký hiệu', 'Người đọc', 'Tỷ lệ đọc', 'Chưa đọc', 'Lượt mở']);
    expect(x.rows[0]).toEqual([1, 'Nghị quyết thử A', '57-NQ/TW', 3, 0.75, 1, 5, 2, 1]);
    const y = await sheet(`table=notRead&unitId=${c1.id}&documentId=${docB}`);
    expect(y.title).toContain('Chỉ thị thử B');
    expect(y.rows.at(-1)![0]).toBe(2);
    expect(
      (await call(t.app, cookie, { method: 'GET', url: `/api/stats/export?table=notRead&unitId=${c1.id}` })).statusCode,
    ).toBe(400);
  });

  it('draws twelve months of meetings, from snapshots where taken and from the records otherwise', async () => {
    type T = { months: Array<{ month: string; source: string; cells: number; registered: number; held: number }> };
    const tr = await get<T>(`/api/stats/meetings/trend?unitId=${ward.id}`);
    expect(tr.months).toHaveLength(12);
    expect(tr.months.at(-1)!.month).toBe('2026-03');
    const at = (m: string) => tr.months.find((x) => x.month === m)!;
    expect(at('2026-01')).toMatchObject({ source: 'records', cells: 2, registered: 1, held: 1 });
    expect(at('2026-02')).toMatchObject({ source: 'records', cells: 2, registered: 2, held: 1 });
    expect(at('2025-12')).toMatchObject({ cells: 2, registered: 0, held: 0 });
    const x = await sheet(`table=trend&unitId=${ward.id}`);
    // No attendance that month: the last cell stays empty (not 0).
    expect(x.rows.find((r) => r[0] === '02/2026')).toEqual(['02/2026', 2, 2, 2, 1, 0.5, 0, 0]);
    // Once February is snapshotted, the trend reads it from there (same figures).
    expect(await takeSnapshot(t.database.db, '2026-02', t.clock.now())).toBe(true);
    const again = await get<T>(`/api/stats/meetings/trend?unitId=${ward.id}`);
    expect(again.months.find((m) => m.month === '2026-02')).toMatchObject({
      source: 'snapshot',
      cells: 2,
      registered: 2,
      held: 1,
    });
    expect(again.months.find((m) => m.month === '2026-01')!.source).toBe('records');
  });

  it('exports the cell list, the coverage reasons and the monthly report with the dashboard numbers', async () => {
    const list = await sheet(`table=members&unitId=${c1.id}`);
    expect(list.title).toContain('Chi bộ Khu 1');
    expect(list.rows).toHaveLength(4); // three members and the total row
    expect(list.rows.at(-1)!.slice(0, 2)).toEqual([2, 'Tổng (không kể miễn sinh hoạt)']);
    for (const r of list.rows) for (const v of r.slice(4)) expect(typeof v).toBe('number');
    const cov = await sheet(`table=coverage&unitId=${ward.id}`);
    expect(cov.title).toContain('tháng 03/2026');
    // Nobody installed: An is probationary; Bình, Dũng and Em have no activated account.
    expect(cov.rows.at(-1)).toEqual(['', 'Tổng cộng', 4, 4, 1, 0, 3, 0, 1]);
    const rep = await sheet(`table=report&unitId=${ward.id}`);
    expect(rep.header.slice(0, 4)).toEqual(['STT', 'Đơn vị', 'Đảng viên', 'Đã cài ứng dụng']);
    expect(rep.rows.at(-1)!.slice(0, 4)).toEqual(['', 'Tổng cộng', 4, 0]);
  });
});
