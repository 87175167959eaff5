/**
 * Vietnam time, the one clock the rules speak of (a meeting's month, a member's "today", a day's end
 * in an as-of query, the value of a date-time field). Vietnam is UTC+7 all year with no daylight
 * saving, so every conversion is offset arithmetic on UTC: nothing here reads the zone of the server
 * or of the phone, and a member whose phone is set to another zone still sees and enters Vietnamese
 * hours. Server and web both use this module; no other file adds 7 hours.
 */
export const VN_OFFSET_MS = 7 * 3_600_000;
/** The IANA name, for the database (`AT TIME ZONE`) where SQL must take a Vietnamese day. */
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

type Instant = Date | string | number;

const shifted = (at: Instant) => new Date(new Date(at).getTime() + VN_OFFSET_MS);
const pad = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM-DD' of the instant in Vietnam. */
export function vnDate(at: Instant): string {
  return shifted(at).toISOString().slice(0, 10);
}

/** 'YYYY-MM' of the instant in Vietnam. */
export function vnMonth(at: Instant): string {
  return shifted(at).toISOString().slice(0, 7);
}

export function isMonth(s: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

/** A real calendar day written 'YYYY-MM-DD' (2025-02-30 is not one). */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** 00:00 of the Vietnamese calendar day 'YYYY-MM-DD'. */
export function vnDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - VN_OFFSET_MS);
}

/** The last millisecond (23:59:59.999) of the Vietnamese calendar day 'YYYY-MM-DD'. */
export function vnDayEnd(day: string): Date {
  return new Date(Date.parse(`${day}T23:59:59.999Z`) - VN_OFFSET_MS);
}

/** First instant of the month 'YYYY-MM' in Vietnam. */
export function vnMonthStart(month: string): Date {
  return vnDayStart(`${month}-01`);
}

/** Month arithmetic on 'YYYY-MM' strings; crosses year boundaries. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + n;
  return `${Math.floor(idx / 12)}-${pad((idx % 12) + 1)}`;
}

/** Whole months from `a` to `b` (b − a). */
export function monthsBetween(a: string, b: string): number {
  const [ya, ma] = a.split('-').map(Number) as [number, number];
  const [yb, mb] = b.split('-').map(Number) as [number, number];
  return yb * 12 + mb - (ya * 12 + ma);
}

export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The value of an `<input type="datetime-local">` ('YYYY-MM-DDTHH:mm') showing the instant in Vietnam. */
export function toVnInput(at: Instant | null | undefined): string {
  if (at === null || at === undefined || at === '') return '';
  const d = shifted(at);
  if (Number.isNaN(d.getTime())) return '';
  return d.toISOString().slice(0, 16);
}

/** The instant a 'YYYY-MM-DDTHH:mm[:ss]' field value means in Vietnam; null when it is not one. */
export function fromVnInput(value: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m || !isIsoDate(m[1]!)) return null;
  const [h, min, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return null;
  return new Date(Date.parse(`${m[1]}T${m[2]}:${m[3]}:${pad(s)}Z`) - VN_OFFSET_MS);
}

/** The parts of the instant on a Vietnamese wall clock. */
export function vnParts(at: Instant): { year: number; month: number; day: number; hour: number; minute: number } {
  const d = shifted(at);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

/** 'dd/MM/yyyy' of the instant in Vietnam, as Vietnamese documents write dates. */
export function vnDateText(at: Instant): string {
  const p = vnParts(at);
  return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** 'HH:mm dd/MM/yyyy' of the instant in Vietnam (the order of "09:00 ngày 01/07/2025"). */
export function vnDateTimeText(at: Instant): string {
  const p = vnParts(at);
  return `${pad(p.hour)}:${pad(p.minute)} ${vnDateText(at)}`;
}
