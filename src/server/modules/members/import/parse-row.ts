/**
 * One spreadsheet row → member field values, or the reasons it cannot be imported.
 * Text is converted from TCVN3 / VNI to Unicode NFC; dates are read in the forms people type.
 */
import { parseDate } from '../../../../common/members/dates.ts';
import { toUnicodeText, type LegacyEncoding } from '../../../../common/members/encodings.ts';
import type { ImportField } from '../../../../common/members/headers.ts';
import { foldVietnamese } from '../../../../common/text/vietnamese.ts';
import { normalizePhone } from '../../../../common/validation/phone.ts';
import type { MemberStatus, Sex } from '../../../db/schema.ts';
import type { MemberFields } from '../record.ts';
import type { CellValue } from './read-sheet.ts';

export const REJECT_REASONS_VI = {
  'required.full_name': 'Thiếu họ và tên',
  'date.format': 'Không đọc được ngày (dùng dạng ngày/tháng/năm, ví dụ 30/04/1975)',
  'date.invalid': 'Ngày không có thật',
  'date.partial': 'Ngày không đầy đủ (chỉ có năm hoặc tháng/năm)',
  'cccd.format': 'Số CCCD phải gồm đúng 12 chữ số',
  'sex.unknown': 'Giới tính không rõ (ghi Nam hoặc Nữ)',
  'status.unknown': 'Tình trạng đảng viên không rõ (Chính thức, Dự bị, Miễn sinh hoạt...)',
  'cell.unknown': 'Không tìm thấy chi bộ này trong đơn vị được chọn',
  'cell.ambiguous': 'Có nhiều chi bộ trùng tên này: hãy ghi mã chi bộ',
  'cell.required': 'Thiếu chi bộ (đơn vị được chọn không phải chi bộ)',
  'cccd.duplicate_in_file': 'Số CCCD trùng với một dòng phía trên trong tệp',
  'person.duplicate_in_file': 'Trùng họ tên và ngày sinh với một dòng phía trên (không có CCCD để phân biệt)',
  'cccd.outside_unit': 'Số CCCD thuộc một đảng viên ở đơn vị khác, ngoài đơn vị được chọn',
  'name.too_long': 'Họ tên quá dài',
} as const;
export type RejectCode = keyof typeof REJECT_REASONS_VI;

export interface RowRejection {
  field: ImportField | 'row';
  code: RejectCode;
}

export type ParsedFields = Partial<MemberFields> & { cell?: string };

export interface ParsedRow {
  values: ParsedFields;
  rejections: RowRejection[];
  encodings: LegacyEncoding[];
}

const DATE_FIELDS = new Set<ImportField>(['dateOfBirth', 'admissionDate', 'officialDate']);
const TEXT_FIELDS = new Set<ImportField>([
  'fullName',
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
  'cell',
]);

const STATUS_WORDS: Array<[RegExp, MemberStatus]> = [
  [/^(chinh thuc|dang vien chinh thuc|ct|official)$/, 'official'],
  [/^(du bi|dang vien du bi|db|probationary)$/, 'probationary'],
  [/mien/, 'exempted'],
  [/tam thoi|chuyen tam/, 'transferred_out_temporary'],
  [/chuyen di|chuyen sinh hoat/, 'transferred_out'],
  [/xoa ten/, 'removed'],
  [/khai tru/, 'expelled'],
  [/xin ra|ra khoi dang/, 'resigned'],
  [/tu tran|da mat|qua doi|tu than/, 'deceased'],
];

function text(v: CellValue): string {
  if (v === null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).replace(/\s+/g, ' ').trim();
}

function parseSex(s: string): Sex | null {
  const f = foldVietnamese(s);
  if (['nam', 'm', 'male', 'trai'].includes(f)) return 'male';
  if (['nu', 'f', 'female', 'gai'].includes(f)) return 'female';
  return null;
}

function parseCccd(v: CellValue): string | null {
  // A CCCD typed into a number cell lost its leading zero (province codes are 001–096).
  if (typeof v === 'number') {
    const digits = String(Math.round(v));
    return digits.length === 11 ? `0${digits}` : digits.length === 10 ? `00${digits}` : digits;
  }
  const digits = text(v).replace(/[\s.\-']/g, '');
  return /^\d+$/.test(digits) ? digits : null;
}

function parsePhone(v: CellValue): string {
  const raw = typeof v === 'number' ? `0${String(Math.round(v))}` : text(v);
  return normalizePhone(raw) ?? raw;
}

function parseCard(v: CellValue): string {
  // "86.104720" typed into a number cell became 86.10472: give it back its six decimals.
  if (typeof v === 'number' && !Number.isInteger(v) && v < 100) return v.toFixed(6);
  return text(v);
}

export function parseRow(
  cells: CellValue[],
  columns: Array<{ column: number; target: ImportField }>,
  pivotYear: number,
): ParsedRow {
  const values: ParsedFields = {};
  const rejections: RowRejection[] = [];
  const encodings: LegacyEncoding[] = [];
  const set = (f: ImportField, v: unknown) => ((values as Record<string, unknown>)[f] = v);
  for (const { column, target } of columns) {
    const raw = cells[column] ?? null;
    if (raw === null || text(raw) === '') continue;
    if (DATE_FIELDS.has(target)) {
      const d = parseDate(typeof raw === 'string' ? raw.trim() : raw, { pivotYear });
      if (d.ok) set(target, d.value);
      else rejections.push({ field: target, code: d.problem });
      continue;
    }
    if (TEXT_FIELDS.has(target)) {
      const isName = target === 'fullName' || target === 'birthName';
      const { text: unicode, encoding } = toUnicodeText(text(raw), { name: isName });
      if (encoding) encodings.push(encoding);
      // TCVN3 has no toned capitals (Á, Ước...): a name word starting with one was typed with the
      // lower-case code because nothing else existed. Give it back its capital.
      const named = encoding === 'tcvn3' && isName;
      set(
        target,
        named
          ? unicode.replace(/(^|\s)(\p{Ll})/gu, (m, sp: string, ch: string) => (/[a-z]/.test(ch) ? m : sp + ch.toUpperCase()))
          : unicode,
      );
      continue;
    }
    switch (target) {
      case 'sex': {
        const sex = parseSex(toUnicodeText(text(raw)).text);
        if (sex) values.sex = sex;
        else rejections.push({ field: 'sex', code: 'sex.unknown' });
        break;
      }
      case 'cccd': {
        const c = parseCccd(raw);
        if (c && c.length === 12) values.cccd = c;
        else rejections.push({ field: 'cccd', code: 'cccd.format' });
        break;
      }
      case 'phone':
        values.phone = parsePhone(raw);
        break;
      case 'partyCardNumber':
        values.partyCardNumber = parseCard(raw);
        break;
      case 'status': {
        const f = foldVietnamese(toUnicodeText(text(raw)).text);
        const found = STATUS_WORDS.find(([re]) => re.test(f));
        if (found) values.status = found[1];
        else rejections.push({ field: 'status', code: 'status.unknown' });
        break;
      }
      default:
        break;
    }
  }
  if (!values.fullName) rejections.unshift({ field: 'fullName', code: 'required.full_name' });
  else if (values.fullName.length > 200) rejections.unshift({ field: 'fullName', code: 'name.too_long' });
  return { values, rejections, encodings };
}
