/** The streaming xlsx reader must not cut UTF-8 characters at zip chunk boundaries (see xlsx-utf8.ts). */
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readSheet } from './read-sheet.ts';

describe('xlsx text across chunk boundaries', () => {
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
