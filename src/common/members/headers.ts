/**
 * Column headers of member spreadsheets, recognized by their usual Vietnamese names with or
 * without diacritics (and in TCVN3 / VNI), in any order. Unknown headers go to a mapping step.
 */
import { foldVietnamese } from '../text/vietnamese.ts';
import { toUnicodeText } from './encodings.ts';

export const IMPORT_FIELDS = [
  'fullName',
  'dateOfBirth',
  'sex',
  'cccd',
  'phone',
  'partyCardNumber',
  'admissionDate',
  'officialDate',
  'status',
  'cell',
  'birthName',
  'ethnicity',
  'religion',
  'hometown',
  'education',
  'politicalTheory',
  'professionalQualification',
  'foreignLanguage',
  'occupation',
  'partyPosition',
  'recordNumber',
  'badgeNumber',
  'notes',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** A column that is recognized but carries nothing to import (row number). */
export type ColumnTarget = ImportField | 'ignore';

/** Vietnamese labels per field: export headers (form 7-HSĐV order) and the mapping step. */
export const FIELD_LABELS_VI: Record<ImportField, string> = {
  fullName: 'Họ và tên',
  birthName: 'Họ tên khai sinh',
  dateOfBirth: 'Ngày sinh',
  sex: 'Giới tính',
  cccd: 'Số CCCD',
  phone: 'Số điện thoại',
  ethnicity: 'Dân tộc',
  religion: 'Tôn giáo',
  hometown: 'Quê quán',
  education: 'Giáo dục phổ thông',
  politicalTheory: 'Lý luận chính trị',
  professionalQualification: 'Chuyên môn nghiệp vụ',
  foreignLanguage: 'Ngoại ngữ',
  occupation: 'Nghề nghiệp',
  partyPosition: 'Chức vụ Đảng',
  admissionDate: 'Ngày vào Đảng',
  officialDate: 'Ngày chính thức',
  partyCardNumber: 'Số thẻ đảng',
  recordNumber: 'Số lý lịch',
  badgeNumber: 'Số huy hiệu',
  status: 'Tình trạng',
  cell: 'Chi bộ',
  notes: 'Ghi chú',
};

/** Folded aliases (no diacritics, lower case, single spaces). */
const ALIASES: Record<ColumnTarget, string[]> = {
  ignore: ['stt', 'tt', 'so tt', 'so thu tu'],
  fullName: [
    'ho va ten',
    'ho ten',
    'ho ten dang vien',
    'ten dang vien',
    'ho va ten dang vien',
    'ho ten thuong dung',
    'ho va ten thuong dung',
  ],
  birthName: ['ho ten khai sinh', 'ho va ten khai sinh', 'ten khai sinh'],
  dateOfBirth: ['ngay sinh', 'ngay thang nam sinh', 'sinh ngay', 'ngay thang sinh', 'ns'],
  sex: ['gioi tinh', 'gioi', 'nam nu', 'phai'],
  cccd: [
    'cccd',
    'so cccd',
    'can cuoc cong dan',
    'so can cuoc cong dan',
    'so can cuoc',
    'so dinh danh',
    'so dinh danh ca nhan',
    'cmnd cccd',
    'so cmnd cccd',
    'cmnd',
    'so cmnd',
    'ma dinh danh',
  ],
  phone: ['so dien thoai', 'dien thoai', 'sdt', 'so dt', 'dt', 'dien thoai di dong', 'so di dong', 'di dong'],
  partyCardNumber: ['so the dang', 'so the dang vien', 'the dang', 'so the'],
  admissionDate: ['ngay vao dang', 'ngay ket nap', 'ngay ket nap dang', 'ngay vao dang du bi', 'vao dang'],
  officialDate: ['ngay chinh thuc', 'ngay vao dang chinh thuc', 'ngay cong nhan chinh thuc', 'chinh thuc'],
  status: ['trang thai', 'tinh trang', 'tinh trang dang vien', 'loai dang vien'],
  cell: ['chi bo', 'ma chi bo', 'ten chi bo', 'chi bo sinh hoat', 'don vi'],
  ethnicity: ['dan toc'],
  religion: ['ton giao'],
  hometown: ['que quan', 'que'],
  education: ['giao duc pho thong', 'trinh do giao duc pho thong', 'trinh do van hoa', 'van hoa', 'gdpt'],
  politicalTheory: ['ly luan chinh tri', 'trinh do ly luan chinh tri', 'trinh do ly luan', 'llct'],
  professionalQualification: ['chuyen mon nghiep vu', 'trinh do chuyen mon', 'chuyen mon', 'trinh do chuyen mon nghiep vu'],
  foreignLanguage: ['ngoai ngu', 'trinh do ngoai ngu'],
  occupation: ['nghe nghiep', 'nghe nghiep hien nay'],
  partyPosition: ['chuc vu dang', 'chuc vu trong dang', 'chuc vu'],
  recordNumber: ['so ly lich', 'so ho so', 'so ly lich dang vien'],
  badgeNumber: ['so huy hieu', 'huy hieu', 'huy hieu dang'],
  notes: ['ghi chu'],
};

const BY_ALIAS = new Map<string, ColumnTarget>();
for (const [target, list] of Object.entries(ALIASES) as Array<[ColumnTarget, string[]]>)
  for (const a of list) BY_ALIAS.set(a, target);

/** "Ngày sinh (dd/mm/yyyy)" → "ngay sinh": folded, punctuation and bracketed hints dropped. */
export function headerKey(raw: string): string {
  const unicode = toUnicodeText(raw).text;
  return foldVietnamese(unicode.replace(/\([^)]*\)/g, ' '))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function recognizeHeader(raw: string): ColumnTarget | null {
  const key = headerKey(raw);
  if (!key) return null;
  return BY_ALIAS.get(key) ?? null;
}

export interface HeaderMatch {
  /** 0-based column index. */
  column: number;
  header: string;
  target: ColumnTarget | null;
}

/**
 * Recognizes a header row. `mapping` (header text → field) from the mapping step wins over the
 * aliases. A field claimed by two columns keeps the first and leaves the second unknown.
 */
export function matchHeaders(headers: string[], mapping: Record<string, ColumnTarget> = {}): HeaderMatch[] {
  const taken = new Set<ColumnTarget>();
  return headers.map((header, column) => {
    let target: ColumnTarget | null = mapping[header] ?? recognizeHeader(header);
    if (target && target !== 'ignore') {
      if (taken.has(target)) target = null;
      else taken.add(target);
    }
    return { column, header, target };
  });
}
