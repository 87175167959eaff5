/**
 * Export of a unit's members: .xlsx in the member-list layout (title block, then one header row
 * the import recognizes, dates as real dates shown dd/mm/yyyy) and .csv (UTF-8 with BOM so Excel
 * opens Vietnamese correctly). Re-importing an export changes nothing.
 */
import ExcelJS from 'exceljs';
import { asc, eq, sql } from 'drizzle-orm';
import { FIELD_LABELS_VI } from '../../../common/members/headers.ts';
import { formatDateVi } from '../../../common/members/dates.ts';
import type { DbOrTx } from '../../db/client.ts';
import { members, units, type MemberStatus } from '../../db/schema.ts';
import { MEMBER_FIELD_NAMES } from './record.ts';

export const STATUS_LABELS_VI: Record<MemberStatus, string> = {
  probationary: 'Dự bị',
  official: 'Chính thức',
  exempted: 'Miễn sinh hoạt',
  transferred_out_temporary: 'Chuyển sinh hoạt tạm thời',
  transferred_out: 'Đã chuyển đi',
  removed: 'Xóa tên',
  expelled: 'Khai trừ',
  resigned: 'Xin ra khỏi Đảng',
  deceased: 'Từ trần',
};

/** Column order of the list (form 7-HSĐV first, then the identity and contact columns). */
const COLUMNS = [
  'fullName',
  'birthName',
  'dateOfBirth',
  'sex',
  'ethnicity',
  'religion',
  'hometown',
  'education',
  'politicalTheory',
  'professionalQualification',
  'foreignLanguage',
  'occupation',
  'partyPosition',
  'admissionDate',
  'officialDate',
  'partyCardNumber',
  'recordNumber',
  'badgeNumber',
  'cccd',
  'phone',
  'cell',
  'status',
  'notes',
] as const;
const DATE_COLUMNS = new Set(['dateOfBirth', 'admissionDate', 'officialDate']);

export async function loadForExport(db: DbOrTx, unitPath: string) {
  const cols = Object.fromEntries(MEMBER_FIELD_NAMES.map((f) => [f, members[f]]));
  return db
    .select({ ...cols, cellCode: units.code, cellName: units.name } as unknown as Record<string, typeof members.id>)
    .from(members)
    .innerJoin(units, eq(units.id, members.cellId))
    .where(sql`${units.path} LIKE ${unitPath + '%'}`)
    .orderBy(asc(units.path), asc(members.nameSearch)) as unknown as Promise<Array<Record<string, string | null>>>;
}

function cellValue(row: Record<string, string | null>, col: (typeof COLUMNS)[number]): string {
  if (col === 'cell') return row.cellCode ?? '';
  if (col === 'sex') return row.sex === 'male' ? 'Nam' : row.sex === 'female' ? 'Nữ' : '';
  if (col === 'status') return STATUS_LABELS_VI[row.status as MemberStatus] ?? '';
  return row[col] ?? '';
}

export async function membersToXlsx(
  rows: Array<Record<string, string | null>>,
  unitName: string,
  today: string,
): Promise<Buffer> {
  return Buffer.from(await memberListWorkbook(rows, unitName, today).xlsx.writeBuffer());
}

function memberListWorkbook(rows: Array<Record<string, string | null>>, unitName: string, today: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sổ tay Đảng viên';
  const ws = wb.addWorksheet('Danh sách đảng viên', { views: [{ state: 'frozen', ySplit: 4 }] });
  const width = COLUMNS.length + 1;
  ws.mergeCells(1, 1, 1, width);
  ws.getCell(1, 1).value = 'DANH SÁCH ĐẢNG VIÊN';
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.mergeCells(2, 1, 2, width);
  ws.getCell(2, 1).value = `${unitName} — ngày ${formatDateVi(today)}`;
  ws.getCell(2, 1).alignment = { horizontal: 'center' };
  const header = ws.getRow(4);
  header.values = ['STT', ...COLUMNS.map((c) => FIELD_LABELS_VI[c])];
  header.font = { bold: true };
  rows.forEach((r, i) => {
    const row = ws.getRow(5 + i);
    row.values = [i + 1, ...COLUMNS.map((c) => (DATE_COLUMNS.has(c) && r[c] ? new Date(`${r[c]}T00:00:00Z`) : cellValue(r, c)))];
  });
  COLUMNS.forEach((c, i) => {
    const col = ws.getColumn(i + 2);
    col.width = c === 'fullName' || c === 'hometown' ? 28 : 16;
    if (DATE_COLUMNS.has(c)) col.numFmt = 'dd/mm/yyyy';
    // Identity numbers and phones stay text so Excel keeps their leading zero.
    if (c === 'cccd' || c === 'phone' || c === 'partyCardNumber') col.numFmt = '@';
  });
  return wb;
}

/** How each column is filled in, for the template's second sheet (the import's own rules, in words). */
const TEMPLATE_NOTES: Partial<Record<(typeof COLUMNS)[number], [example: string, note: string]>> = {
  fullName: [
    'Nguyễn Văn An',
    'Bắt buộc. Gõ tiếng Việt có dấu (Unicode); tệp cũ dùng phông TCVN3/VNI cũng được, hệ thống tự chuyển.',
  ],
  dateOfBirth: ['30/04/1965', 'Ngày/tháng/năm, ví dụ 30/04/1965 (hoặc ô kiểu ngày).'],
  sex: ['Nam', 'Nam hoặc Nữ.'],
  admissionDate: ['19/05/1990', 'Từ đủ 18 tuổi trở lên.'],
  officialDate: ['19/05/1991', 'Ít nhất 12 tháng sau ngày vào Đảng. Để trống nếu còn dự bị.'],
  partyCardNumber: ['12.345678', 'Theo mẫu số thẻ của đơn vị.'],
  cccd: ['001065012345', 'Đúng 12 chữ số, khớp với ngày sinh và giới tính. Định dạng ô là văn bản để giữ số 0 đầu.'],
  phone: ['0912345678', 'Di động 10 số bắt đầu bằng 03, 05, 07, 08, 09 (chấp nhận +84).'],
  cell: ['TP.P01.CB01', 'Mã hoặc tên chi bộ. Để trống khi nhập vào đúng một chi bộ.'],
  status: ['Chính thức', 'Chính thức, Dự bị, Miễn sinh hoạt… Để trống: tự suy ra từ ngày chính thức.'],
  politicalTheory: ['Trung cấp', 'Sơ cấp, Trung cấp, Cao cấp, Cử nhân.'],
};

/** An empty member list in the layout the import reads, with a second sheet saying how to fill each column. */
export async function importTemplateXlsx(today: string): Promise<Buffer> {
  const wb = memberListWorkbook([], 'Tên đơn vị', today);
  const ws = wb.addWorksheet('Hướng dẫn');
  ws.columns = [
    { header: 'Cột', width: 26 },
    { header: 'Ví dụ', width: 20 },
    { header: 'Cách ghi', width: 90 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const c of COLUMNS) {
    const [example, note] = TEMPLATE_NOTES[c] ?? ['', 'Không bắt buộc.'];
    ws.addRow([FIELD_LABELS_VI[c], example, note]);
  }
  ws.addRow([]);
  ws.addRow([
    'Ghi chú',
    '',
    'Dữ liệu bắt đầu từ dòng 5 của trang "Danh sách đảng viên". Không gộp ô. Luôn chạy thử trước khi nhập thật.',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function csvField(s: string): string {
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function membersToCsv(rows: Array<Record<string, string | null>>): Buffer {
  const lines = [['STT', ...COLUMNS.map((c) => FIELD_LABELS_VI[c])].map(csvField).join(',')];
  rows.forEach((r, i) =>
    lines.push(
      [String(i + 1), ...COLUMNS.map((c) => (DATE_COLUMNS.has(c) ? formatDateVi(r[c]) : cellValue(r, c)))]
        .map(csvField)
        .join(','),
    ),
  );
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
