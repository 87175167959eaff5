/**
 * Issue 3 "Done when": a LibreOffice-made .xlsx of the demo city's 6,080 members, names in TCVN3
 * and VNI among Unicode ones, dates as dd/mm/yyyy text, d/m/yy text, Excel serials and real date
 * cells, and 50 broken rows. The dry run names every broken row (spreadsheet row, field, reason in
 * Vietnamese) and nothing else; the real run imports exactly the rest, names in correct Unicode.
 *
 * The workbook is written as a flat ODS (.fods: typed cells, date style) and converted by
 * `soffice --headless --convert-to xlsx`, so the file is LibreOffice's own xlsx, not exceljs'.
 * Without LibreOffice the test fails with a message saying how to install it; it never skips.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { makeUnit, type TestUnit } from '../../testing/factories.ts';
import { MEMBER_SHEET_HEADER, memberSheetRows } from '../../testing/members.factories.ts';
import { convertWithLibreOffice, fods } from '../../testing/libreoffice.ts';
import { members, units } from '../../db/schema.ts';
import { generateOrganization } from '../../seed/generate.ts';
import { REJECT_REASONS_VI } from './import/parse-row.ts';
import { readSheet } from './import/read-sheet.ts';
import { runImport } from './import/run-import.ts';
import { DEFAULT_CARD_PATTERN } from '../../../common/members/checks.ts';
import { vnDate } from '../../../common/time/vietnam.ts';

const run = promisify(execFile);

const org = generateOrganization({ scale: 'demo', asOf: '2026-01-01' });
const cityMembers = org.members.filter((m) => m.cellCode.startsWith('TP.'));
const cellCodes = [...new Set(cityMembers.map((m) => m.cellCode))];
const TITLE_ROWS = 2; // a title line and an empty line above the header, as printed lists have (fods() writes them)

async function libreOfficeXlsx(dir: string, content: string): Promise<Buffer> {
  return (await convertWithLibreOffice(dir, 'danh-sach-dang-vien', content, ['xlsx'])).xlsx!;
}

describe.each(ENGINES)('LibreOffice .xlsx of 6,080 members on %s', (engine) => {
  let t: TestApp;
  let city: TestUnit;
  let dir: string;
  let file: Buffer;
  const { rows, brokenRows } = memberSheetRows(cityMembers, { brokenEvery: 120, brokenMax: 50 });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotay-lo-'));
    file = await libreOfficeXlsx(dir, fods('DANH SÁCH ĐẢNG VIÊN THÀNH PHỐ TÂN AN', MEMBER_SHEET_HEADER, rows));
    t = await createTestApp(engine, new Date('2026-03-01T03:00:00Z'));
    city = await makeUnit(t.database.db, { type: 'upper_level', name: 'Đảng bộ thành phố Tân An', code: 'TP' });
    for (const code of cellCodes) await makeUnit(t.database.db, { parent: city, type: 'cell', code, name: `Chi bộ ${code}` });
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('dry run names each of the 50 broken rows; the real run imports the other 6,030 in Unicode', async () => {
    expect(cityMembers).toHaveLength(6080);
    expect(brokenRows).toHaveLength(50);
    // It is LibreOffice's file: its zip carries LibreOffice's app name in docProps/app.xml.
    const { stdout: app } = await run('unzip', ['-p', path.join(dir, 'danh-sach-dang-vien.xlsx'), 'docProps/app.xml']);
    expect(app).toMatch(/LibreOffice/);

    const sheet = await readSheet(file, { name: 'danh-sach-dang-vien.xlsx' });
    const [unit] = await t.database.db
      .select({ id: units.id, code: units.code, name: units.name, path: units.path, type: units.type })
      .from(units)
      .where(eq(units.id, city.id));
    const now = t.clock.now();
    const opts = (dryRun: boolean, expectHash?: string) => ({
      unit: unit!,
      sheet,
      mapping: {},
      dryRun,
      expectHash,
      check: { today: vnDate(now), cardPattern: DEFAULT_CARD_PATTERN },
      source: { actorId: null, requestId: 'test:libreoffice', at: now },
      fileName: 'danh-sach-dang-vien.xlsx',
    });

    const dry = await runImport(t.database.db, opts(true));
    expect(dry.headerRow).toBe(TITLE_ROWS + 1);
    expect(dry.counts).toEqual({ created: 6080 - 50, updated: 0, unchanged: 0, rejected: 50 });
    // Every broken row, and only those, by its spreadsheet row number (header row + 1 + index).
    const expectedRows = brokenRows.map((i) => i + TITLE_ROWS + 2);
    expect([...new Set(dry.rejected.map((r) => r.row))].sort((a, b) => a - b)).toEqual(expectedRows);
    const expectedField = ['dateOfBirth', 'cccd', 'cell', 'fullName', 'sex'];
    const expectedCode = ['date.invalid', 'cccd.format', 'cell.unknown', 'required.full_name', 'sex.unknown'];
    brokenRows.forEach((_, k) => {
      const r = dry.rejected.find((x) => x.row === expectedRows[k]);
      expect(r, `row ${expectedRows[k]}`).toMatchObject({
        field: expectedField[k % 5],
        code: expectedCode[k % 5],
        reason: REJECT_REASONS_VI[expectedCode[k % 5] as keyof typeof REJECT_REASONS_VI],
      });
    });
    expect(dry.encodings.tcvn3).toBeGreaterThan(800);
    expect(dry.encodings.vni).toBeGreaterThan(400);
    expect(await t.database.db.select({ id: members.id }).from(members)).toHaveLength(0);

    const real = await runImport(t.database.db, opts(false, dry.planHash));
    expect(real.written).toBe(true);
    expect(real.counts).toEqual(dry.counts);

    // Names in correct Unicode (NFC): the stored multiset equals the source names of the good rows.
    // TCVN3 has no toned capitals, so a name typed all in lower case comes back with capitals there.
    const stored = (await t.database.db.select({ n: members.fullName }).from(members)).map((r) => r.n);
    expect(stored).toHaveLength(6030);
    const left = new Map<string, number>();
    for (const n of stored) left.set(n, (left.get(n) ?? 0) + 1);
    const loose: string[] = [];
    cityMembers.forEach((m, i) => {
      if (brokenRows.includes(i)) return;
      const name = m.fullName.normalize('NFC');
      if (left.get(name)) left.set(name, left.get(name)! - 1);
      else loose.push(name.toLowerCase());
    });
    const rest = [...left.entries()].flatMap(([n, c]) => Array<string>(c).fill(n.toLowerCase()));
    // Names typed in lower case in TCVN3 differ only by case (above). One name cannot be told at all:
    // VNI writes "ơ" with the byte of "ô", so VNI "Danh Thanh Mơ" is also the valid Unicode "Danh Thanh Mô"
    // (every word a Vietnamese syllable, no name word to break the tie); it is kept as typed.
    const missing = loose.filter((n) => !rest.includes(n));
    const extra = rest.filter((n) => !loose.includes(n));
    expect({ missing, extra }).toEqual({ missing: ['danh thanh mơ'], extra: ['danh thanh mô'] });
    expect(loose.length).toBeLessThan(20);
    for (const n of stored) expect(n, n).toBe(n.normalize('NFC'));

    const again = await runImport(t.database.db, opts(false));
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 6030, rejected: 50 });
  }, 600_000);
});
