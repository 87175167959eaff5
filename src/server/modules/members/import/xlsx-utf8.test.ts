/** The streaming xlsx reader must not cut UTF-8 characters at zip chunk boundaries (see xlsx-utf8.ts). */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readSheet } from './read-sheet.ts';
import { Utf8WorkbookReader } from './xlsx-utf8.ts';

/** The first column of the first sheet, read by `Reader`. */
async function firstColumn(buf: Buffer, Reader: typeof ExcelJS.stream.xlsx.WorkbookReader): Promise<unknown[]> {
  const out: unknown[] = [];
  const reader = new Reader(Readable.from(buf), { sharedStrings: 'cache', worksheets: 'emit', entries: 'emit' });
  for await (const ws of reader) {
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) out.push((row.values as unknown[])[1]);
    break;
  }
  return out;
}

describe('xlsx text across chunk boundaries', () => {
  // xlsx-utf8.ts overrides two private methods of ExcelJS's WorkbookReader: it holds for the version it
  // was written against, which package.json pins exactly. An upgrade fails here first.
  it('patches the ExcelJS version package.json pins, whose private reader methods it overrides', () => {
    const pinned = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }).dependencies
      .exceljs;
    const installed = (createRequire(import.meta.url)('exceljs/package.json') as { version: string }).version;
    expect(pinned).toBe('4.4.0');
    expect(installed).toBe(pinned);
    const proto = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as Record<string, unknown>;
    expect(typeof proto._parseSharedStrings).toBe('function');
    expect(typeof proto._parseWorksheet).toBe('function');
    expect(Object.getPrototypeOf(Utf8WorkbookReader.prototype)).toBe(ExcelJS.stream.xlsx.WorkbookReader.prototype);
  });

  it('is needed: the unpatched reader cuts names at chunk edges where the patched one does not', async () => {
    const names = Array.from({ length: 5_000 }, (_, i) => `Nguyễn Thị Yến Ước ${i} Đặng Hữu Phước`);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DS');
    for (const n of names) ws.addRow([n]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: false } as ExcelJS.XlsxWriteOptions));
    const plain = await firstColumn(buf, ExcelJS.stream.xlsx.WorkbookReader);
    expect(plain.filter((n) => typeof n === 'string' && n.includes('\ufffd')).length).toBeGreaterThan(0);
    expect(await firstColumn(buf, Utf8WorkbookReader as unknown as typeof ExcelJS.stream.xlsx.WorkbookReader)).toEqual(names);
  });

  it('reads 20,000 Vietnamese names, shared and inline, without a replacement character', async () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `Nguyễn Thị Yến Ước ${i} Đặng Hữu Phước`);
    for (const useSharedStrings of [true, false]) {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('DS');
      ws.addRow(['Họ và tên', 'Quê quán']);
      for (const n of names) ws.addRow([n, 'Xã Thạnh Phú, huyện Tân Hải']);
      const buf = Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings } as ExcelJS.XlsxWriteOptions));
      const sheet = await readSheet(buf, { name: 'ds.xlsx' });
      const got = sheet.rows.map((r) => r.cells[0]);
      expect(
        got.filter((n) => typeof n === 'string' && n.includes('\ufffd')),
        `sharedStrings=${useSharedStrings}`,
      ).toEqual([]);
      expect(got).toEqual(names);
    }
  }, 120_000);
});
