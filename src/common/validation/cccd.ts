/**
 * Checks for the 12-digit citizen identity number (CCCD / số định danh cá nhân).
 * Layout (DOMAIN.md): 3 digits province of birth registration, 1 digit sex + century,
 * 2 digits birth year, 6 random digits. It must agree with the member's date of birth and sex.
 */

export type Sex = 'male' | 'female';

export type CccdProblem = 'cccd.format' | 'cccd.province' | 'cccd.sex_mismatch' | 'cccd.year_mismatch';

/** Highest province code we accept; codes run 001–096 with gaps, kept lenient on purpose. */
const MAX_PROVINCE_CODE = 96;

/** Century digit pairs: even = male, odd = female. Index = digit / 2. */
const CENTURY_BASES = [1900, 2000, 2100, 2200, 1800] as const;

export interface CccdParts {
  provinceCode: number;
  sex: Sex;
  birthYear: number;
  serial: string;
}

/** Splits a well-formed CCCD into its parts; null when it is not 12 digits. */
export function decodeCccd(cccd: string): CccdParts | null {
  if (!/^\d{12}$/.test(cccd)) return null;
  const digit = Number(cccd[3]);
  const base = CENTURY_BASES[Math.floor(digit / 2)] ?? 1900;
  return {
    provinceCode: Number(cccd.slice(0, 3)),
    sex: digit % 2 === 0 ? 'male' : 'female',
    birthYear: base + Number(cccd.slice(4, 6)),
    serial: cccd.slice(6),
  };
}

export interface CccdContext {
  /** 'YYYY-MM-DD' */
  dateOfBirth?: string | null | undefined;
  sex?: Sex | null | undefined;
}

/** Problem codes for a CCCD, empty when it is fine. A bad format hides the other checks. */
export function checkCccd(cccd: string, ctx: CccdContext = {}): CccdProblem[] {
  const parts = decodeCccd(cccd);
  if (!parts) return ['cccd.format'];
  const problems: CccdProblem[] = [];
  if (parts.provinceCode < 1 || parts.provinceCode > MAX_PROVINCE_CODE) problems.push('cccd.province');
  if (ctx.sex && ctx.sex !== parts.sex) problems.push('cccd.sex_mismatch');
  const year = ctx.dateOfBirth ? Number(ctx.dateOfBirth.slice(0, 4)) : NaN;
  if (Number.isFinite(year) && year !== parts.birthYear) problems.push('cccd.year_mismatch');
  return problems;
}

/** The sex-and-century digit for a birth year; throws outside 1800–2299. */
function centuryDigit(year: number, sex: Sex): number {
  const idx = CENTURY_BASES.findIndex((b) => year >= b && year < b + 100);
  if (idx < 0) throw new RangeError(`birth year ${year} outside 1800–2299`);
  return idx * 2 + (sex === 'female' ? 1 : 0);
}

/** Builds a CCCD consistent with the given data (seed generator, tests). */
export function makeCccd(provinceCode: number, sex: Sex, dateOfBirth: string, serial6: number): string {
  if (!Number.isInteger(provinceCode) || provinceCode < 1 || provinceCode > MAX_PROVINCE_CODE) {
    throw new RangeError(`province code ${provinceCode} outside 1–${MAX_PROVINCE_CODE}`);
  }
  if (!Number.isInteger(serial6) || serial6 < 0 || serial6 > 999_999) throw new RangeError(`serial ${serial6} is not 6 digits`);
  const year = Number(dateOfBirth.slice(0, 4));
  return (
    String(provinceCode).padStart(3, '0') +
    String(centuryDigit(year, sex)) +
    String(year % 100).padStart(2, '0') +
    String(serial6).padStart(6, '0')
  );
}

/** Keeps the first and last two characters: '0**********5'-style display for non-privileged viewers. */
export function maskMiddle(s: string, keepStart = 1, keepEnd = 2): string {
  if (s.length <= keepStart + keepEnd) return '*'.repeat(s.length);
  return s.slice(0, keepStart) + '*'.repeat(s.length - keepStart - keepEnd) + s.slice(s.length - keepEnd);
}

/** '012345678905' → '0*********05'. */
export function maskCccd(cccd: string): string {
  return maskMiddle(cccd);
}
