import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeUnit, makeUser, sessionCookie, type TestUnit } from '../../testing/factories.ts';
import { buildXlsx, MEMBER_SHEET_HEADER, memberSheetRows, multipart } from '../../testing/members.factories.ts';
import { auditLog, members } from '../../db/schema.ts';
import { generateOrganization } from '../../seed/generate.ts';
import { encodeTcvn3, encodeVni } from '../../../common/members/encodings.ts';
import { hashCccd } from '../../privacy/cccd-crypto.ts';
import { readSheet } from './import/read-sheet.ts';

const org = generateOrganization({ scale: 'demo', asOf: '2026-01-01' });
const WARD = 'TP.P01';
const wardMembers = org.members.filter((m) => m.cellCode.startsWith(`${WARD}.`) && !m.broken).slice(0, 120);
const cellCodes = [...new Set(wardMembers.map((m) => m.cellCode))];

describe.each(ENGINES)('member import and export on %s', (engine) => {
  let t: TestApp;
  let ward: TestUnit;
  let admin: string;
  let otherSecretary: string;
  const cells = new Map<string, TestUnit>();

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-03-01T03:00:00Z'));
    const db = t.database.db;
    ward = await makeUnit(db, { type: 'grassroots', name: 'Đảng bộ phường 1', code: WARD });
    for (const code of cellCodes)
      cells.set(code, await makeUnit(db, { parent: ward, type: 'cell', code, name: `Chi bộ ${code}` }));
    admin = await sessionCookie(
      db,
      t.config,
      (await makeUser(db, { roles: [{ role: 'unit_admin', unit: ward }] })).id,
      t.clock.now(),
    );
    const elsewhere = await makeUnit(db, { type: 'cell' });
    otherSecretary = await sessionCookie(
      db,
      t.config,
      (await makeUser(db, { roles: [{ role: 'cell_secretary', unit: elsewhere }] })).id,
      t.clock.now(),
    );
  });
  afterAll(async () => t.close());

  const upload = (
    cookie: string,
    content: Buffer,
    opts: { dryRun: boolean; name?: string; unitId?: string; fields?: Record<string, string> },
  ) => {
    const body = multipart({ name: opts.name ?? 'danh-sach.xlsx', content }, opts.fields ?? {});
    return call(t.app, cookie, {
      method: 'POST',
      url: `/api/members/import?unitId=${opts.unitId ?? ward.id}&dryRun=${opts.dryRun}`,
      payload: body.payload,
      headers: body.headers,
    });
  };

  it('dry-runs, names every broken row, imports the rest exactly, and changes nothing the second time', async () => {
    const { rows, brokenRows } = memberSheetRows(wardMembers, { brokenEvery: 10 });
    const file = await buildXlsx(MEMBER_SHEET_HEADER, rows, { title: 'DANH SÁCH ĐẢNG VIÊN PHƯỜNG 1' });
    const dry = await upload(admin, file, { dryRun: true });
    expect(dry.statusCode).toBe(200);
    const report = dry.json();
    expect(report.headerRow).toBe(3);
    expect(report.counts).toEqual({
      created: wardMembers.length - brokenRows.length,
      updated: 0,
      unchanged: 0,
      rejected: brokenRows.length,
    });
    // Spreadsheet row = header row 3 + 1 + index.
    expect([...new Set(report.rejected.map((r: { row: number }) => r.row))]).toEqual(brokenRows.map((i) => i + 4));
    expect(report.rejected.map((r: { code: string }) => r.code)).toEqual(
      expect.arrayContaining(['date.invalid', 'cccd.format', 'cell.unknown', 'required.full_name', 'sex.unknown']),
    );
    expect(report.rejected[0].reason).toMatch(/[ạ-ỹ]/u);
    expect(report.encodings.tcvn3).toBeGreaterThan(0);
    expect(report.encodings.vni).toBeGreaterThan(0);
    expect(await t.database.db.select().from(members)).toHaveLength(0);

    const real = await upload(admin, file, { dryRun: false, fields: { planHash: report.planHash } });
    expect(real.statusCode).toBe(200);
    expect(real.json().counts).toEqual(report.counts);
    const stored = await t.database.db.select().from(members);
    expect(stored).toHaveLength(report.counts.created);
    const byCccd = new Map(stored.map((m) => [m.cccd, m]));
    wardMembers.forEach((m, i) => {
      if (brokenRows.includes(i)) return;
      const s = byCccd.get(m.cccd)!;
      expect(s.fullName, `row ${i}`).toBe(m.fullName.normalize('NFC'));
      expect(s.dateOfBirth).toBe(m.dateOfBirth);
      expect(s.admissionDate).toBe(m.admissionDate);
      expect(s.cellId).toBe(cells.get(m.cellCode)!.id);
    });
    const created = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'member.create'));
    const audited = created.flatMap((a) => (a.changes.members?.new as Array<{ id: string }>).map((m) => m.id));
    expect(new Set(audited)).toEqual(new Set(stored.map((m) => m.id)));
    expect(
      created.every(
        (a) =>
          a.unitPath &&
          cells.has(a.unitPath.split('/').length > 0 ? [...cells.entries()].find(([, c]) => c.path === a.unitPath)![0] : ''),
      ),
    ).toBe(true);

    const again = await upload(admin, file, { dryRun: false });
    expect(again.json().counts).toEqual({
      created: 0,
      updated: 0,
      unchanged: report.counts.created,
      rejected: brokenRows.length,
    });
    expect(await t.database.db.select().from(members)).toHaveLength(report.counts.created);
  });

  it('updates by CCCD, refuses a stale plan, and writes nothing when the run fails', async () => {
    const m = wardMembers[0]!;
    const file = await buildXlsx(['Số CCCD', 'Ho va ten', 'SĐT'], [[m.cccd, m.fullName, '0399999999']]);
    const dry = (await upload(admin, file, { dryRun: true })).json();
    expect(dry.counts).toMatchObject({ updated: 1 });
    await t.database.db
      .update(members)
      .set({ phone: '0388888888' })
      .where(eq(members.cccdHash, hashCccd(m.cccd)));
    expect((await upload(admin, file, { dryRun: false, fields: { planHash: dry.planHash } })).statusCode).toBe(409);
    const ok = await upload(admin, file, { dryRun: false });
    expect(ok.json().counts.updated).toBe(1);
    const [row] = await t.database.db
      .select()
      .from(members)
      .where(eq(members.cccdHash, hashCccd(m.cccd)));
    expect(row!.phone).toBe('0399999999');
  });

  it('asks for a column mapping when the name column is unknown, and uses it', async () => {
    const file = await buildXlsx(['Tên người', 'Năm sinh đầy đủ'], [['Hoàng Văn Mới', '01/02/1980']]);
    const first = (await upload(admin, file, { dryRun: true, unitId: cells.get(cellCodes[0]!)!.id })).json();
    expect(first.needsMapping).toBe(true);
    expect(first.columns.map((c: { target: string | null }) => c.target)).toEqual([null, null]);
    const mapped = (
      await upload(admin, file, {
        dryRun: true,
        unitId: cells.get(cellCodes[0]!)!.id,
        fields: { mapping: JSON.stringify({ 'Tên người': 'fullName', 'Năm sinh đầy đủ': 'dateOfBirth' }) },
      })
    ).json();
    expect(mapped.needsMapping).toBe(false);
    expect(mapped.counts.created).toBe(1);
    expect(mapped.withProblems[0].problems.map((p: { code: string }) => p.code)).toContain('required.cccd');
  });

  it('gives a clear error for bad input and keeps the scope', async () => {
    const bad = async (content: Buffer, name: string, code: string) => {
      const res = await upload(admin, content, { dryRun: true, name });
      expect(res.statusCode, `${name}: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().code).toBe(code);
      return res.json();
    };
    await bad(Buffer.alloc(0), 'rong.xlsx', 'upload.empty');
    await bad(Buffer.from('%PDF-1.4 not a sheet'), 'tai-lieu.xlsx', 'upload.type');
    await bad(Buffer.from('STT,Họ và tên\n'), 'chi-tieu-de.csv', 'import.empty');
    expect(
      (
        await bad(
          await buildXlsx(['Họ và tên', 'Ngày sinh'], [['An', { formula: 'DATE(1970,1,1)' }]]),
          'cong-thuc.xlsx',
          'import.formula',
        )
      ).title,
    ).toContain('B2');
    await bad(
      await buildXlsx(['Họ và tên', 'Ngày sinh', 'Quê quán'], [['An', '01/01/1970', 'x']], { mergeHeader: 'B1:C1' }),
      'gop.xlsx',
      'import.merged_header',
    );
    expect((await upload(otherSecretary, await buildXlsx(['Họ và tên'], [['An']]), { dryRun: true })).statusCode).toBe(404);
  });

  it('refuses a 200,000-row sheet and a 50 MB file before planning', async () => {
    const filename = path.join(os.tmpdir(), `sotay-200k-${process.pid}.xlsx`);
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename, useSharedStrings: false });
    const ws = wb.addWorksheet('DS');
    ws.addRow(['Họ và tên', 'Ngày sinh']).commit();
    for (let i = 0; i < 200_000; i++) ws.addRow([`Người ${i}`, '01/01/1970']).commit();
    ws.commit();
    await wb.commit();
    const big = fs.readFileSync(filename);
    fs.rmSync(filename);
    await expect(readSheet(big)).rejects.toMatchObject({ code: 'import.too_many_rows' });
    const huge = Buffer.concat([Buffer.from('Họ và tên\n'), Buffer.alloc(50 * 1024 * 1024, 0x41)]);
    await expect(readSheet(huge, { name: 'x.csv' })).rejects.toMatchObject({ code: 'import.too_large' });
    const res = await upload(admin, huge, { dryRun: true, name: 'lon.csv' });
    expect(res.statusCode).toBe(413);
  }, 60_000);

  it('reads Windows-1252 CSV with TCVN3 and VNI names', async () => {
    const csv = [
      'Ho va ten;Ngay sinh;Gioi tinh;Chi bo',
      `${encodeTcvn3('Nguyễn Văn Hòa')};3/2/1970;Nam;${cellCodes[0]}`,
      `${encodeVni('Trương Thị Thúy')};1970-02-03;Nu;${cellCodes[0]}`,
    ].join('\r\n');
    const report = (await upload(admin, Buffer.from(csv, 'latin1'), { dryRun: false, name: 'cu.csv' })).json();
    expect(report.counts.created).toBe(2);
    const names = (
      await t.database.db
        .select({ n: members.fullName })
        .from(members)
        .where(sql`${members.cccd} IS NULL`)
    )
      .map((r) => r.n)
      .sort();
    expect(names).toEqual(['Nguyễn Văn Hòa', 'Trương Thị Thúy']);
  });

  it('exports .xlsx and .csv that re-import without changes, and audits the export', async () => {
    const xlsx = await call(t.app, admin, { method: 'GET', url: `/api/members/export?unitId=${ward.id}&format=xlsx` });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('.xlsx');
    const n = (await t.database.db.select().from(members)).length;
    const back = (await upload(admin, xlsx.rawPayload, { dryRun: true, name: 'xuat.xlsx' })).json();
    expect(back.counts).toEqual({ created: 0, updated: 0, unchanged: n, rejected: 0 });
    const csv = await call(t.app, admin, { method: 'GET', url: `/api/members/export?unitId=${ward.id}&format=csv` });
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    expect(csv.body.split('\r\n')[0]).toContain('Họ và tên');
    expect((await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'member.export'))).length).toBe(2);
  });
});
