/** Builders for the members area's tests: real .xlsx files (exceljs) and multipart uploads. */
import ExcelJS from 'exceljs';
import { encodeTcvn3, encodeVni } from '../../common/members/encodings.ts';
import { toExcelSerial } from '../../common/members/dates.ts';
import type { SeedMember } from '../seed/generate.ts';

export type XlsxCell = string | number | Date | null | { formula: string };

/** A one-sheet workbook; `title` rows go above the header (member lists usually have them). */
export async function buildXlsx(
  header: string[],
  rows: XlsxCell[][],
  opts: { title?: string; mergeHeader?: string } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('DS');
  let r = 1;
  if (opts.title) {
    ws.getCell(1, 1).value = opts.title;
    ws.mergeCells(1, 1, 1, header.length);
    r = 3;
  }
  ws.getRow(r).values = header;
  if (opts.mergeHeader) ws.mergeCells(opts.mergeHeader);
  rows.forEach((row, i) => {
    ws.getRow(r + 1 + i).values = row.map((c) =>
      c && typeof c === 'object' && 'formula' in c ? { formula: c.formula, result: 0 } : c,
    ) as ExcelJS.CellValue[];
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A multipart/form-data body with one file and text fields, for app.inject. */
export function multipart(file: { name: string; content: Buffer; type?: string }, fields: Record<string, string> = {}) {
  const boundary = `----sotay${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
    ),
  );
  parts.push(file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const MEMBER_SHEET_HEADER = [
  'STT',
  'Họ và tên',
  'Ngày sinh',
  'Giới tính',
  'Số CCCD',
  'Số điện thoại',
  'Ngày vào Đảng',
  'Ngày chính thức',
  'Số thẻ đảng',
  'Dân tộc',
  'Quê quán',
  'Chi bộ',
];

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const dmyShort = (iso: string) => `${Number(iso.slice(8, 10))}/${Number(iso.slice(5, 7))}/${iso.slice(2, 4)}`;

/**
 * Rows the way old member lists look: every 7th name in TCVN3, every 11th in VNI, dates as
 * dd/mm/yyyy text, d/m/yy text, Excel serials and real date cells in turn, and `broken` rows
 * (every n-th) damaged in ways the import must reject: bad date, short CCCD, unknown cell,
 * missing name, unknown sex.
 */
export function memberSheetRows(
  list: readonly SeedMember[],
  opts: { brokenEvery?: number; brokenMax?: number } = {},
): { rows: XlsxCell[][]; brokenRows: number[] } {
  const brokenRows: number[] = [];
  const rows = list.map((m, i) => {
    const name = i % 7 === 3 ? encodeTcvn3(m.fullName) : i % 11 === 5 ? encodeVni(m.fullName) : m.fullName;
    const date = (iso: string | null, k: number): XlsxCell => {
      if (!iso) return null;
      switch ((i + k) % 4) {
        case 0:
          return dmy(iso);
        case 1:
          return iso.slice(0, 4) >= '1930' && iso.slice(0, 4) < '2000' ? dmyShort(iso) : dmy(iso);
        case 2:
          return toExcelSerial(iso);
        default:
          return new Date(`${iso}T00:00:00Z`);
      }
    };
    const row: XlsxCell[] = [
      i + 1,
      name,
      date(m.dateOfBirth, 0),
      m.sex === 'male' ? 'Nam' : 'Nữ',
      m.cccd,
      m.phone,
      date(m.admissionDate, 1),
      date(m.officialDate, 2),
      m.partyCardNumber,
      m.ethnicity,
      m.hometown,
      m.cellCode,
    ];
    if (opts.brokenEvery && i % opts.brokenEvery === opts.brokenEvery - 1 && brokenRows.length < (opts.brokenMax ?? Infinity)) {
      switch (brokenRows.length % 5) {
        case 0:
          row[2] = '31/02/1970';
          break;
        case 1:
          row[4] = String(m.cccd).slice(0, 9);
          break;
        case 2:
          row[11] = 'CHI-BO-KHONG-CO';
          break;
        case 3:
          row[1] = null;
          break;
        default:
          row[3] = 'Không rõ';
          break;
      }
      brokenRows.push(i);
    }
    return row;
  });
  return { rows, brokenRows };
}
