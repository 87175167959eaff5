/**
 * Issue 16: spreadsheets saved by LibreOffice go through the WEB import as through the command line
 * (the upload check read only the first 4 KB, and LibreOffice writes `[Content_Types].xml` last in
 * its zip: file-type's EndOfStreamError came back as HTTP 500). An old .xls or an .ods gets a
 * Vietnamese message saying what to do; rejected rows and rows with problems name their member.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { matchHeaders } from '../../../common/members/headers.ts';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeUnit, makeUser, sessionCookie, type TestUnit } from '../../testing/factories.ts';
import { MEMBER_SHEET_HEADER, memberSheetRows, multipart } from '../../testing/members.factories.ts';
import { convertWithLibreOffice, fods } from '../../testing/libreoffice.ts';
import { generateOrganization } from '../../seed/generate.ts';

const org = generateOrganization({ scale: 'demo', asOf: '2026-01-01' });
const cellMembers = org.members.filter((m) => m.cellCode === 'TP.P01.CB01' && !m.broken).slice(0, 12);
const TITLE_ROWS = 2;
const run = promisify(execFile);

describe.each(ENGINES)('web import of LibreOffice files on %s', (engine) => {
  let t: TestApp;
  let cell: TestUnit;
  let admin: string;
  let dir: string;
  let files: Record<string, Buffer>;
  const { rows, brokenRows } = memberSheetRows(cellMembers, { brokenEvery: 4 });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotay-lo-web-'));
    files = await convertWithLibreOffice(dir, 'danh-sach', fods('DANH SÁCH ĐẢNG VIÊN', MEMBER_SHEET_HEADER, rows), [
      'xlsx',
      'xls',
      'ods',
    ]);
    t = await createTestApp(engine, new Date('2026-03-01T03:00:00Z'));
    const ward = await makeUnit(t.database.db, { type: 'grassroots', code: 'TP.P01', name: 'Đảng bộ phường 1' });
    cell = await makeUnit(t.database.db, { parent: ward, type: 'cell', code: 'TP.P01.CB01', name: 'Chi bộ khu phố 1' });
    const user = await makeUser(t.database.db, { roles: [{ role: 'unit_admin', unit: ward }] });
    admin = await sessionCookie(t.database.db, t.config, user.id, t.clock.now());
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const upload = (name: string, content: Buffer, dryRun = true) => {
    const body = multipart({ name, content });
    return call(t.app, admin, {
      method: 'POST',
      url: `/api/members/import?unitId=${cell.id}&dryRun=${dryRun}`,
      payload: body.payload,
      headers: body.headers,
    });
  };

  it("accepts LibreOffice's .xlsx and names each rejected row's member", async () => {
    // LibreOffice's own zip: the content types entry comes last (what broke the 4 KB sniff).
    const { stdout } = await run('unzip', ['-Z1', path.join(dir, 'danh-sach.xlsx')]);
    const names = stdout.trim().split('\n');
    expect(names.at(-1)).toBe('[Content_Types].xml');
    const res = await upload('danh-sach.xlsx', files.xlsx!);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.headerRow).toBe(TITLE_ROWS + 1);
    expect(report.counts).toEqual({ created: rows.length - brokenRows.length, updated: 0, unchanged: 0, rejected: 3 });
    const expected = brokenRows.map((i) => ({
      row: i + TITLE_ROWS + 2,
      // The third broken kind has no name at all (row[1] = null); the others carry the member's name.
      name: rows[i]![1] === null ? null : cellMembers[i]!.fullName.normalize('NFC'),
    }));
    expect(report.rejected.map((r: { row: number; name: string | null }) => ({ row: r.row, name: r.name }))).toEqual(expected);

    const real = await upload('danh-sach.xlsx', files.xlsx!, false);
    expect(real.statusCode, real.body).toBe(200);
    expect(real.json().counts.created).toBe(rows.length - brokenRows.length);
  });

  it('refuses an old .xls and an .ods with a Vietnamese message saying how to save as .xlsx', async () => {
    const xls = await upload('danh-sach.xls', files.xls!);
    expect(xls.statusCode).toBe(415);
    expect(xls.json().title).toMatch(/Excel đời cũ \(\.xls\).*Lưu thành.*\.xlsx/);
    const ods = await upload('danh-sach.ods', files.ods!);
    expect(ods.statusCode).toBe(415);
    expect(ods.json().title).toMatch(/LibreOffice \(\.ods\).*\.xlsx/);
    // Renaming does not help: the bytes decide.
    const renamed = await upload('danh-sach.xlsx', files.xls!);
    expect(renamed.statusCode).toBe(415);
  });

  it('gives a template whose own example row imports with no rejection and no problem', async () => {
    const res = await call(t.app, admin, { method: 'GET', url: '/api/members/import-template' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/mau-nhap-dang-vien\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const list = wb.getWorksheet('Danh sách đảng viên')!;
    const guide = wb.getWorksheet('Hướng dẫn')!;
    const header = (list.getRow(4).values as unknown[]).slice(1).map(String);
    // Every column but the row number is one the import recognizes by its header.
    const matched = matchHeaders(header, {});
    expect(matched.filter((m) => !m.target).map((m) => m.header)).toEqual([]);
    // Fill row 5 with the examples of the guide sheet, column by column.
    const examples = new Map<string, string>();
    guide.eachRow((row, n) => {
      if (n > 1) examples.set(String(row.getCell(1).value ?? ''), String(row.getCell(2).value ?? ''));
    });
    list.getRow(5).values = ['1', ...header.slice(1).map((h) => examples.get(h) ?? '')];
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const dry = await upload('mau.xlsx', filled);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ counts: { created: 1, rejected: 0 }, withProblems: [] });
  });
});
