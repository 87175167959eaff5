/**
 * The adoption table as .xlsx: a title row with the unit and date, Vietnamese headers, counts
 * and rates as numbers (rates as fractions shown with a % format, so sums and charts work in Excel).
 */
import ExcelJS from 'exceljs';
import { formatDateVi } from '../../../common/members/dates.ts';
import { vnToday } from '../members/record.ts';
import type { Ctx } from '../../context.ts';
import { adoption } from './adoption.service.ts';

type Figures = Awaited<ReturnType<typeof adoption>>['total'];

/** Column header → value of a row. Order is the order of the sheet. */
export const EXPORT_COLUMNS: Array<[string, (f: Figures) => number, 'n' | '%']> = [
  ['Đảng viên (không kể miễn SH)', (f) => f.members, 'n'],
  ['Trong đó dự bị', (f) => f.probationary, 'n'],
  ['Miễn sinh hoạt', (f) => f.exempted, 'n'],
  ['Đã có tài khoản', (f) => f.accounts, 'n'],
  ['Tỷ lệ có tài khoản', (f) => f.rates.accounts / 100, '%'],
  ['Đã kích hoạt', (f) => f.activated, 'n'],
  ['Tỷ lệ kích hoạt', (f) => f.rates.activated / 100, '%'],
  ['Hoạt động 30 ngày', (f) => f.active30, 'n'],
  ['Tỷ lệ hoạt động', (f) => f.rates.active30 / 100, '%'],
  ['Đã cài ứng dụng', (f) => f.installed, 'n'],
  ['Tỷ lệ cài đặt', (f) => f.rates.installed / 100, '%'],
  ['Xếp hạng cài đặt', () => 0, 'n'],
  ['Hồ sơ chuẩn hóa', (f) => f.standardized, 'n'],
  ['Tỷ lệ chuẩn hóa', (f) => f.rates.standardized / 100, '%'],
];
const RANK_COL = EXPORT_COLUMNS.findIndex(([h]) => h === 'Xếp hạng cài đặt');

export async function adoptionXlsx(ctx: Ctx, unitId: string) {
  const data = await adoption(ctx, unitId);
  const today = vnToday(ctx.clock.now());
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sổ tay Đảng viên';
  const ws = wb.addWorksheet('Mức độ sử dụng', { views: [{ state: 'frozen', ySplit: 3 }] });
  const width = EXPORT_COLUMNS.length + 2;
  ws.mergeCells(1, 1, 1, width);
  ws.getCell(1, 1).value = `THỐNG KÊ MỨC ĐỘ SỬ DỤNG — ${data.unit.name} — ngày ${formatDateVi(today)}`;
  ws.getCell(1, 1).font = { bold: true, size: 13 };
  const header = ws.getRow(3);
  header.values = ['STT', 'Đơn vị', ...EXPORT_COLUMNS.map(([h]) => h)];
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  const put = (rowNo: number, first: number | string, name: string, f: Figures, rank: number | null) => {
    const row = ws.getRow(rowNo);
    row.values = [first, name, ...EXPORT_COLUMNS.map(([, get], i) => (i === RANK_COL ? rank : get(f)))];
  };
  data.rows.forEach((r, i) => put(4 + i, i + 1, r.direct ? `${r.unit.name} (sinh hoạt trực tiếp)` : r.unit.name, r, r.installRank));
  const totalRow = 4 + data.rows.length;
  put(totalRow, '', 'Tổng cộng', data.total, null);
  ws.getRow(totalRow).font = { bold: true };
  ws.getColumn(1).width = 6;
  ws.getColumn(2).width = 40;
  EXPORT_COLUMNS.forEach(([, , kind], i) => {
    const col = ws.getColumn(i + 3);
    col.width = 14;
    col.numFmt = kind === '%' ? '0.0%' : '0';
  });
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), fileName: `thong-ke-su-dung-${data.unit.code}-${today}.xlsx` };
}
