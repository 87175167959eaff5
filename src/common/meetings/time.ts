/**
 * Meeting time rules in Vietnam time (UTC+7, no daylight saving): a meeting belongs to the month
 * of its local date, and the registration deadline is a day of the previous local month.
 */
const VN_OFFSET_MS = 7 * 3_600_000;
const HOUR = 3_600_000;

/** 'YYYY-MM' of the instant in Vietnam time. */
export function monthOf(at: Date): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 7);
}

/** 'YYYY-MM-DD' of the instant in Vietnam time. */
export function localDateOf(at: Date): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

export function isMonth(s: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

/** Month arithmetic on 'YYYY-MM' strings; crosses year boundaries. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

/** Whole months from `a` to `b` (b − a). */
export function monthsBetween(a: string, b: string): number {
  const [ya, ma] = a.split('-').map(Number) as [number, number];
  const [yb, mb] = b.split('-').map(Number) as [number, number];
  return yb * 12 + mb - (ya * 12 + ma);
}

/** First instant of the month in Vietnam time. */
export function monthStart(month: string): Date {
  return new Date(new Date(`${month}-01T00:00:00Z`).getTime() - VN_OFFSET_MS);
}

function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * End of the registration day for meetings of `month`: day `day` of the previous month, 23:59:59
 * Vietnam time (clamped to the month's length so "31" works in February).
 */
export function registrationDeadline(month: string, day: number): Date {
  const prev = addMonths(month, -1);
  const d = Math.min(Math.max(1, Math.trunc(day)), daysInMonth(prev));
  return new Date(new Date(`${prev}-${String(d).padStart(2, '0')}T23:59:59.999Z`).getTime() - VN_OFFSET_MS);
}

/** Materials must be on the app at least this long before the start (Hướng dẫn 42-HD/BTCTW). */
export const MATERIALS_LEAD_MS = 24 * HOUR;
/** Final resolution and minutes are posted within 2 days after the meeting (local practice). */
export const FINAL_POST_WINDOW_MS = 48 * HOUR;
/** QR check-in opens this long before the start and closes this long after the planned end. */
export const CHECK_IN_OPENS_BEFORE_MS = 30 * 60_000;
export const CHECK_IN_CLOSES_AFTER_MS = 60 * 60_000;
/** A check-in later than this after the start counts as "late". */
export const LATE_AFTER_MS = 15 * 60_000;
