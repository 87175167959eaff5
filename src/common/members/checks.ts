/**
 * The standardization checker (chuẩn hóa hồ sơ): every rule of DOMAIN.md "Member record" as a
 * pure function. A record with no problems counts as standardized. Server (on every write and
 * import) and web (instant feedback in forms) use the same code.
 */
import { checkCccd } from '../validation/cccd.ts';
import { normalizePhone } from '../validation/phone.ts';
import { titleCaseName } from '../text/vietnamese.ts';

export const MEMBER_STATUS_CODES = [
  'probationary',
  'official',
  'exempted',
  'transferred_out_temporary',
  'transferred_out',
  'removed',
  'expelled',
  'resigned',
  'deceased',
] as const;
export type MemberStatusCode = (typeof MEMBER_STATUS_CODES)[number];

/** Text fields of the record checked for NFC; the 7-HSĐV columns. */
export const TEXT_FIELDS = [
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
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export type CheckableMember = Partial<Record<TextField, string | null>> & {
  fullName: string;
  dateOfBirth?: string | null;
  sex?: 'male' | 'female' | null;
  cccd?: string | null;
  phone?: string | null;
  partyCardNumber?: string | null;
  admissionDate?: string | null;
  officialDate?: string | null;
  status?: MemberStatusCode | null;
};

export const PROBLEM_CODES = [
  'text.not_nfc',
  'name.casing',
  'name.characters',
  'required.date_of_birth',
  'required.sex',
  'required.cccd',
  'required.admission_date',
  'required.official_date',
  'required.party_card_number',
  'cccd.format',
  'cccd.province',
  'cccd.sex_mismatch',
  'cccd.year_mismatch',
  'phone.form',
  'phone.invalid',
  'date.future',
  'admission.under_18',
  'official.too_soon',
  'official.before_admission',
  'probation.overdue',
  'card.pattern',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface Problem {
  code: ProblemCode;
  field: string;
}

/** Problems whose fix is certain and applied in one click: NFC, name casing, phone form. */
export const CERTAIN_FIXES: ReadonlySet<ProblemCode> = new Set(['text.not_nfc', 'name.casing', 'phone.form']);

/** Vietnamese explanation per problem, for reports, the standardization page and the CLI. */
export const PROBLEM_LABELS_VI: Record<ProblemCode, string> = {
  'text.not_nfc': 'Chữ chưa ở dạng Unicode dựng sẵn (NFC)',
  'name.casing': 'Họ tên chưa viết hoa đúng chữ cái đầu mỗi từ',
  'name.characters': 'Họ tên chứa chữ số hoặc ký tự lạ',
  'required.date_of_birth': 'Thiếu ngày sinh',
  'required.sex': 'Thiếu giới tính',
  'required.cccd': 'Thiếu số CCCD',
  'required.admission_date': 'Thiếu ngày vào Đảng',
  'required.official_date': 'Đảng viên chính thức nhưng thiếu ngày chính thức',
  'required.party_card_number': 'Đảng viên chính thức nhưng thiếu số thẻ đảng',
  'cccd.format': 'Số CCCD phải gồm đúng 12 chữ số',
  'cccd.province': 'Mã tỉnh (3 số đầu) của CCCD không hợp lệ',
  'cccd.sex_mismatch': 'Chữ số thứ 4 của CCCD không khớp giới tính',
  'cccd.year_mismatch': 'CCCD không khớp năm sinh',
  'phone.form': 'Số điện thoại chưa ở dạng chuẩn 0xxxxxxxxx',
  'phone.invalid': 'Số điện thoại di động không hợp lệ (10 số, đầu 03, 05, 07, 08, 09)',
  'date.future': 'Ngày ở tương lai',
  'admission.under_18': 'Vào Đảng khi chưa đủ 18 tuổi',
  'official.too_soon': 'Ngày chính thức chưa đủ 12 tháng sau ngày vào Đảng',
  'official.before_admission': 'Ngày chính thức trước ngày vào Đảng',
  'probation.overdue': 'Đảng viên dự bị quá 12 tháng chưa được xét công nhận chính thức',
  'card.pattern': 'Số thẻ đảng không đúng mẫu quy định',
};

export interface CheckOptions {
  /** 'YYYY-MM-DD': the day the check is made (probation overdue, future dates). */
  today: string;
  /** Party card number pattern (a RegExp source); its format is configurable (DOMAIN.md). */
  cardPattern?: string;
}

export const DEFAULT_CARD_PATTERN = '^\\d{2}\\.\\d{6}$';

/** 'YYYY-MM-DD' plus whole months, clamped to the month's last day. */
export function addMonthsIso(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const STILL_PROBATIONARY: ReadonlySet<string> = new Set(['probationary']);
/** Statuses that imply the member was made official at some point. */
const WAS_OFFICIAL: ReadonlySet<string> = new Set(['official', 'exempted']);

export function checkMember(m: CheckableMember, opts: CheckOptions): Problem[] {
  const out: Problem[] = [];
  const add = (code: ProblemCode, field: string) => out.push({ code, field });

  for (const f of TEXT_FIELDS) {
    const v = m[f];
    if (typeof v === 'string' && v !== v.normalize('NFC')) add('text.not_nfc', f);
  }
  const name = m.fullName.normalize('NFC');
  if (/[\d@#$%^&*_+=<>{}[\]|\\~`!?;:]/.test(name)) add('name.characters', 'fullName');
  else if (name !== titleCaseName(name)) add('name.casing', 'fullName');

  if (!m.dateOfBirth) add('required.date_of_birth', 'dateOfBirth');
  if (!m.sex) add('required.sex', 'sex');
  if (!m.admissionDate) add('required.admission_date', 'admissionDate');
  if (!m.cccd) add('required.cccd', 'cccd');
  else for (const code of checkCccd(m.cccd, { dateOfBirth: m.dateOfBirth, sex: m.sex })) add(code, 'cccd');

  if (m.phone) {
    const normal = normalizePhone(m.phone);
    if (!normal) add('phone.invalid', 'phone');
    else if (normal !== m.phone) add('phone.form', 'phone');
  }

  for (const f of ['dateOfBirth', 'admissionDate', 'officialDate'] as const) {
    const v = m[f];
    if (v && v > opts.today) add('date.future', f);
  }
  if (m.dateOfBirth && m.admissionDate && m.admissionDate < addMonthsIso(m.dateOfBirth, 18 * 12))
    add('admission.under_18', 'admissionDate');
  if (m.admissionDate && m.officialDate) {
    if (m.officialDate < m.admissionDate) add('official.before_admission', 'officialDate');
    else if (m.officialDate < addMonthsIso(m.admissionDate, 12)) add('official.too_soon', 'officialDate');
  }
  const status = m.status ?? 'official';
  if (STILL_PROBATIONARY.has(status) && m.admissionDate && addMonthsIso(m.admissionDate, 12) < opts.today)
    add('probation.overdue', 'status');
  if (WAS_OFFICIAL.has(status)) {
    if (!m.officialDate) add('required.official_date', 'officialDate');
    if (!m.partyCardNumber) add('required.party_card_number', 'partyCardNumber');
  }
  if (m.partyCardNumber && !new RegExp(opts.cardPattern ?? DEFAULT_CARD_PATTERN).test(m.partyCardNumber))
    add('card.pattern', 'partyCardNumber');
  return out;
}

/** The fields a one-click fix changes, or null when no problem of the list has a certain fix. */
export function certainFixes(m: CheckableMember): Partial<Record<TextField | 'phone', string>> {
  const out: Partial<Record<TextField | 'phone', string>> = {};
  for (const f of TEXT_FIELDS) {
    const v = m[f];
    if (typeof v === 'string' && v !== v.normalize('NFC')) out[f] = v.normalize('NFC');
  }
  const name = (out.fullName ?? m.fullName).normalize('NFC');
  if (!/[\d@#$%^&*_+=<>{}[\]|\\~`!?;:]/.test(name) && name !== titleCaseName(name)) out.fullName = titleCaseName(name);
  if (m.phone) {
    const normal = normalizePhone(m.phone);
    if (normal && normal !== m.phone) out.phone = normal;
  }
  return out;
}
