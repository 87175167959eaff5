/**
 * Every statistics table as .xlsx, through the one writer (xlsx.ts): the same service call as the
 * page, so the file and the screen show the same numbers.
 */
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../context.ts';
import { badRequest } from '../../http/errors.ts';
import { formatDateVi } from '../../../common/members/dates.ts';
import { ACTIVE_WINDOW_MS } from './adoption.service.ts';
import { adoptionXlsx, monthLabel } from './export.ts';
import { monthlyReport } from './report.service.ts';
import { meetingTrend } from './trend.service.ts';
import { notRead, reading } from './reading.service.ts';
import { composition, movements } from './composition.service.ts';
import { fileName, fraction, tableXlsx, type Cell, type Column, type Table } from './xlsx.ts';
import type { EXPORT_TABLES } from './stats.schemas.ts';
import { vnDate } from '../../../common/time/vietnam.ts';
import { load } from '../../auth/policies.ts';

type ExportTable = (typeof EXPORT_TABLES)[number];
interface Q {
  table: ExportTable;
  unitId: string;
  month?: string;
  documentId?: string;
}

const n = (header: string): Column => ({ header, kind: 'n' });
const pct = (header: string): Column => ({ header, kind: '%' });
const text = (header: string, width = 32): Column => ({ header, kind: 'text', width });
const STT: Column = { header: 'STT', kind: 'n', width: 6 };
const UNIT: Column = text('Đơn vị', 40);

export const STATUS_VI: Record<string, string> = { official: 'Chính thức', probationary: 'Dự bị', exempted: 'Miễn sinh hoạt' };
const DIMENSION_VI: Record<string, string> = {
  ageBand: 'Độ tuổi',
  sex: 'Giới tính',
  membershipYears: 'Tuổi Đảng',
  status: 'Tình trạng',
  politicalTheory: 'Lý luận chính trị',
  ethnicity: 'Dân tộc',
};
const KEY_VI: Record<string, string> = {
  under30: 'Dưới 30',
  '30to39': '30–39',
  '40to49': '40–49',
  '50to59': '50–59',
  '60to69': '60–69',
  '70plus': 'Từ 70',
  under5: 'Dưới 5 năm',
  '5to9': '5–9 năm',
  '10to19': '10–19 năm',
  '20to29': '20–29 năm',
  '30to39y': '30–39 năm',
  '40plus': 'Từ 40 năm',
  male: 'Nam',
  female: 'Nữ',
  unknown: 'Chưa ghi',
  ...STATUS_VI,
};
const keyVi = (dimension: string, key: string) =>
  dimension === 'membershipYears' && key === '30to39' ? KEY_VI['30to39y']! : (KEY_VI[key] ?? key);

/** The cell list: every member on the rolls with the dashboard's flags as 1/0, and the counts in the total row. */
async function membersTable(ctx: Ctx, unitId: string): Promise<Omit<Table, 'title' | 'period' | 'sheetName'> & { code: string }> {
  const unit = await load.unit(ctx, unitId, 'stats.read');
  const since = new Date(ctx.clock.now().getTime() - ACTIVE_WINDOW_MS).toISOString();
  const rows = rowsOf<{
    full_name: string;
    cell_name: string;
    status: string;
    acc: number;
    act: number;
    a30: number;
    inst: number;
    std: number;
  }>(
    await ctx.db.execute(sql`
      SELECT m.full_name, c.name AS cell_name, m.status,
        (u.id IS NOT NULL)::int AS acc, (u.activated_at IS NOT NULL)::int AS act,
        coalesce(u.last_seen_at >= ${since}::timestamptz, false)::int AS a30,
        (u.id IS NOT NULL AND EXISTS (SELECT 1 FROM app_installs i WHERE i.user_id = u.id))::int AS inst,
        (m.standardized IS TRUE)::int AS std
      FROM members m JOIN units c ON c.id = m.cell_id LEFT JOIN users u ON u.member_id = m.id
      WHERE c.path LIKE ${unit.path + '%'} AND m.status IN ('official', 'probationary', 'exempted')
      ORDER BY c.path, m.name_search, m.id`),
  );
  const counted = rows.filter((r) => r.status !== 'exempted');
  const sum = (k: 'acc' | 'act' | 'a30' | 'inst' | 'std') => counted.reduce((s, r) => s + r[k], 0);
  return {
    code: unit.code,
    unitName: unit.name,
    columns: [
      STT,
      text('Họ và tên'),
      text('Chi bộ'),
      text('Tình trạng', 16),
      n('Có tài khoản (1 = có)'),
      n('Đã kích hoạt'),
      n('Hoạt động 30 ngày'),
      n('Đã cài ứng dụng'),
      n('Hồ sơ chuẩn hóa'),
    ],
    rows: rows.map((r, i) => [
      i + 1,
      r.full_name,
      r.cell_name,
      STATUS_VI[r.status] ?? r.status,
      r.acc,
      r.act,
      r.a30,
      r.inst,
      r.std,
    ]),
    // The total counts members as the dashboard does: exempted ones apart.
    total: [
      counted.length,
      'Tổng (không kể miễn sinh hoạt)',
      '',
      '',
      sum('acc'),
      sum('act'),
      sum('a30'),
      sum('inst'),
      sum('std'),
    ],
  };
}

export async function exportTable(ctx: Ctx, q: Q): Promise<{ body: Buffer; fileName: string }> {
  if (q.table === 'adoption') return adoptionXlsx(ctx, q.unitId, q.month);
  const today = vnDate(ctx.clock.now());
  const todayLabel = `ngày ${formatDateVi(today)}`;
  let t: Table;
  let code: string;
  let slug: string;
  let period = q.month ?? today;
  if (q.table === 'members') {
    const m = await membersTable(ctx, q.unitId);
    code = m.code;
    slug = 'danh-sach-dang-vien';
    t = { ...m, title: 'DANH SÁCH ĐẢNG VIÊN VÀ MỨC ĐỘ SỬ DỤNG', period: todayLabel, sheetName: 'Danh sách' };
  } else if (q.table === 'report' || q.table === 'coverage') {
    const r = await monthlyReport(ctx, q.unitId, q.month);
    code = r.unit.code;
    period = r.month;
    const name = (x: (typeof r.rows)[number]) => (x.direct ? `${x.unit.name} (sinh hoạt trực tiếp)` : x.unit.name);
    if (q.table === 'coverage') {
      slug = 'ly-do-chua-cai';
      const vals = (c: (typeof r.total)['coverage'], members: number): Cell[] => [
        members,
        c.notInstalled,
        c.probationary,
        c.noPhone,
        c.notActivated,
        c.other,
        c.exempted,
      ];
      t = {
        title: 'ĐẢNG VIÊN CHƯA CÀI ỨNG DỤNG THEO LÝ DO',
        unitName: r.unit.name,
        period: monthLabel(r.month),
        sheetName: 'Lý do chưa cài',
        columns: [
          STT,
          UNIT,
          n('Đảng viên (không kể miễn SH)'),
          n('Chưa cài ứng dụng'),
          n('Dự bị'),
          n('Chưa ghi số điện thoại'),
          n('Chưa kích hoạt tài khoản'),
          n('Lý do khác'),
          n('Miễn sinh hoạt (không tính)'),
        ],
        rows: r.rows.map((x, i) => [i + 1, name(x), ...vals(x.coverage, x.adoption.members)]),
        total: ['', 'Tổng cộng', ...vals(r.total.coverage, r.total.adoption.members)],
      };
    } else {
      slug = 'bao-cao-thang';
      const vals = (x: typeof r.total): Cell[] => [
        x.adoption.members,
        x.adoption.installed,
        fraction(x.adoption.rates.installed),
        x.adoption.activated,
        x.meetings.cells,
        x.meetings.registeredOnTime,
        x.meetings.held,
        x.meetings.materialsOnTime,
        x.meetings.finalizedOnTime,
        fraction(x.meetings.averageAttendance),
        x.reading.reads,
        x.reading.readers,
      ];
      t = {
        title: 'BÁO CÁO THÁNG: SỬ DỤNG, SINH HOẠT CHI BỘ, ĐỌC TÀI LIỆU',
        unitName: r.unit.name,
        period: monthLabel(r.month),
        sheetName: 'Báo cáo tháng',
        columns: [
          STT,
          UNIT,
          n('Đảng viên'),
          n('Đã cài ứng dụng'),
          pct('Tỷ lệ cài đặt'),
          n('Đã kích hoạt'),
          n('Số chi bộ'),
          n('Đăng ký lịch đúng hạn'),
          n('Đã sinh hoạt'),
          n('Tài liệu đăng trước ≥ 1 ngày'),
          n('Hoàn thiện đúng hạn'),
          pct('Tỷ lệ dự họp bình quân'),
          n('Lượt đọc mới'),
          n('Người đọc'),
        ],
        rows: r.rows.map((x, i) => [i + 1, name(x), ...vals(x)]),
        total: ['', 'Tổng cộng', ...vals(r.total)],
      };
    }
  } else if (q.table === 'trend') {
    const r = await meetingTrend(ctx, q.unitId, q.month);
    code = r.unit.code;
    slug = 'xu-huong-sinh-hoat';
    const first = r.months[0]!.month;
    const last = r.months[r.months.length - 1]!.month;
    period = last;
    t = {
      title: 'SINH HOẠT CHI BỘ 12 THÁNG',
      unitName: r.unit.name,
      period: `từ ${monthLabel(first)} đến ${monthLabel(last)}`,
      sheetName: 'Xu hướng 12 tháng',
      columns: [
        text('Tháng', 10),
        n('Số chi bộ'),
        n('Đã đăng ký'),
        n('Đăng ký đúng hạn'),
        n('Đã sinh hoạt'),
        pct('Tỷ lệ sinh hoạt'),
        n('Tài liệu đúng hạn'),
        n('Hoàn thiện đúng hạn'),
        pct('Tỷ lệ dự họp bình quân'),
      ],
      rows: r.months.map((m) => [
        `${m.month.slice(5)}/${m.month.slice(0, 4)}`,
        m.cells,
        m.registered,
        m.registeredOnTime,
        m.held,
        fraction(m.rates.held),
        m.materialsOnTime,
        m.finalizedOnTime,
        fraction(m.averageAttendance),
      ]),
    };
  } else if (q.table === 'reading') {
    const r = await reading(ctx, q.unitId, 100);
    code = r.unit.code;
    slug = 'doc-tai-lieu';
    t = {
      title: 'TÀI LIỆU ĐƯỢC ĐỌC NHIỀU NHẤT VÀ SỐ NGƯỜI ĐỌC THEO ĐƠN VỊ',
      unitName: r.unit.name,
      period: todayLabel,
      sheetName: 'Đọc tài liệu',
      columns: [
        STT,
        text('Tài liệu', 48),
        text('Số ký hiệu', 14),
        n('Người đọc'),
        pct('Tỷ lệ đọc'),
        n('Chưa đọc'),
        n('Lượt mở'),
        ...r.columns.map((c) => n(c.name)),
      ],
      rows: r.documents.map((d, i) => [i + 1, d.title, d.symbol, d.readers, fraction(d.rate), d.notRead, d.opens, ...d.byUnit]),
      total: ['', 'Số đảng viên', '', r.members, null, null, null, ...r.columns.map((c) => c.members)],
    };
  } else if (q.table === 'notRead') {
    if (!q.documentId)
      throw badRequest('validation', 'Hãy chọn tài liệu.', [{ field: 'documentId', message: 'Bắt buộc với bảng chưa đọc.' }]);
    const r = await notRead(ctx, { unitId: q.unitId, documentId: q.documentId, limit: 1000, offset: 0 });
    code = r.unit.code;
    slug = 'chua-doc';
    t = {
      title: `ĐẢNG VIÊN CHƯA ĐỌC: ${r.document.title}`,
      unitName: r.unit.name,
      period: todayLabel,
      sheetName: 'Chưa đọc',
      columns: [STT, text('Họ và tên'), text('Chi bộ'), text('Tình trạng', 16)],
      rows: r.items.map((m, i) => [i + 1, m.fullName, m.cellName, STATUS_VI[m.status] ?? m.status]),
      total: [r.total, 'Tổng số chưa đọc', '', ''],
    };
  } else if (q.table === 'composition') {
    const r = await composition(ctx, q.unitId);
    code = r.unit.code;
    slug = 'co-cau-dang-vien';
    t = {
      title: 'CƠ CẤU ĐẢNG VIÊN',
      unitName: r.unit.name,
      period: todayLabel,
      sheetName: 'Cơ cấu',
      columns: [text('Tiêu chí', 20), text('Nhóm', 24), n('Số đảng viên'), pct('Tỷ lệ')],
      rows: r.dimensions.flatMap((d) =>
        d.rows.map((x) => [DIMENSION_VI[d.key] ?? d.key, keyVi(d.key, x.key), x.count, fraction(x.share)]),
      ),
      total: ['Tổng số đảng viên', '', r.total, 1],
    };
  } else {
    const r = await movements(ctx, q.unitId, q.month);
    code = r.unit.code;
    slug = 'bien-dong-dang-vien';
    const first = r.months[0]!.month;
    const last = r.months[r.months.length - 1]!.month;
    period = last;
    t = {
      title: 'BIẾN ĐỘNG ĐẢNG VIÊN THEO THÁNG',
      unitName: r.unit.name,
      period: `từ ${monthLabel(first)} đến ${monthLabel(last)}`,
      sheetName: 'Biến động',
      columns: [
        text('Tháng', 10),
        n('Kết nạp'),
        n('Công nhận chính thức'),
        n('Chuyển đến'),
        n('Chuyển đi'),
        n('Xóa tên, khai trừ'),
      ],
      rows: r.months.map((m) => [
        `${m.month.slice(5)}/${m.month.slice(0, 4)}`,
        m.admitted,
        m.officialized,
        m.transferredIn,
        m.transferredOut,
        m.removed,
      ]),
      total: ['Cộng', r.total.admitted, r.total.officialized, r.total.transferredIn, r.total.transferredOut, r.total.removed],
    };
  }
  return { body: await tableXlsx(t), fileName: fileName(slug, code, period) };
}
