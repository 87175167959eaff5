/**
 * The adoption table as .xlsx (through the shared writer in xlsx.ts): the unit and date (or the
 * snapshot's month) in the title, Vietnamese headers, counts and rates as numbers.
 */
import { formatDateVi } from '../../../common/members/dates.ts';
import type { Ctx } from '../../context.ts';
import { adoption } from './adoption.service.ts';
import { fileName, tableXlsx, type Column } from './xlsx.ts';
import { vnDate } from '../../../common/time/vietnam.ts';

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

export const monthLabel = (month: string) => `tháng ${month.slice(5, 7)}/${month.slice(0, 4)}`;

export async function adoptionXlsx(ctx: Ctx, unitId: string, month?: string) {
  const data = await adoption(ctx, unitId, month);
  const today = vnDate(ctx.clock.now());
  const columns: Column[] = [
    { header: 'STT', kind: 'n', width: 6 },
    { header: 'Đơn vị', kind: 'text', width: 40 },
    ...EXPORT_COLUMNS.map(([header, , kind]) => ({ header, kind })),
  ];
  const values = (f: Figures, rank: number | null) => EXPORT_COLUMNS.map(([, get], i) => (i === RANK_COL ? rank : get(f)));
  const body = await tableXlsx({
    title: 'THỐNG KÊ MỨC ĐỘ SỬ DỤNG',
    unitName: data.unit.name,
    period: month ? monthLabel(month) : `ngày ${formatDateVi(today)}`,
    sheetName: 'Mức độ sử dụng',
    columns,
    rows: data.rows.map((r, i) => [
      i + 1,
      r.direct ? `${r.unit.name} (sinh hoạt trực tiếp)` : r.unit.name,
      ...values(r, r.installRank),
    ]),
    total: ['', 'Tổng cộng', ...values(data.total, null)],
  });
  return { body, fileName: fileName('thong-ke-su-dung', data.unit.code, month ?? today) };
}
