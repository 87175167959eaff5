/**
 * The one .xlsx writer of every statistics table: row 1 the title (table, unit, period), row 3 the
 * Vietnamese headers, data from row 4, an optional bold total row. Counts stay numbers and rates
 * are fractions with a % format, so sums and charts work in Excel and LibreOffice alike.
 */
import ExcelJS from 'exceljs';

export type ColumnKind = 'text' | 'n' | '%' | 'decimal';
export interface Column {
  header: string;
  kind: ColumnKind;
  width?: number;
}
export type Cell = string | number | null;

export interface Table {
  /** Upper-case title, e.g. "THỐNG KÊ MỨC ĐỘ SỬ DỤNG". */
  title: string;
  unitName: string;
  /** "tháng 02/2026", "ngày 05/03/2026"… */
  period: string;
  sheetName: string;
  columns: Column[];
  rows: Cell[][];
  total?: Cell[];
}

/** A percentage on the 0–100 scale of the API, as the fraction a % cell holds. */
export const fraction = (pct: number | null) => (pct === null ? null : pct / 100);

/** The title row's text: table, unit and period. */
export const titleOf = (t: Pick<Table, 'title' | 'unitName' | 'period'>) => `${t.title} — ${t.unitName} — ${t.period}`;

export async function tableXlsx(t: Table): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sổ tay Đảng viên';
  // Sheet names are limited to 31 characters and a few characters are forbidden.
  const ws = wb.addWorksheet(t.sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 3 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.mergeCells(1, 1, 1, Math.max(2, t.columns.length));
  ws.getCell(1, 1).value = titleOf(t);
  ws.getCell(1, 1).font = { bold: true, size: 13 };
  const header = ws.getRow(3);
  header.values = t.columns.map((c) => c.header);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  t.rows.forEach((r, i) => {
    ws.getRow(4 + i).values = r;
  });
  if (t.total) {
    const row = ws.getRow(4 + t.rows.length);
    row.values = t.total;
    row.font = { bold: true };
  }
  t.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width ?? (c.kind === 'text' ? 32 : 14);
    if (c.kind === 'n') col.numFmt = '0';
    if (c.kind === '%') col.numFmt = '0.0%';
    if (c.kind === 'decimal') col.numFmt = '0.0';
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** File names carry no diacritics: "thong-ke-su-dung-TP-2026-03-05.xlsx". */
export const fileName = (slug: string, unitCode: string, period: string) =>
  `${slug}-${unitCode}-${period}.xlsx`.replace(/[^A-Za-z0-9._-]/g, '_');
