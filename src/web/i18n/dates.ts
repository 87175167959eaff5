/**
 * Dates and times as the UI writes them. Instants are shown on the Vietnamese wall clock
 * (common/time/vietnam.ts), never in the phone's zone: a meeting at 19:30 in Hà Nội reads 19:30 on a
 * phone left on another zone, the same hour the secretary typed. Only the wording follows the locale.
 */
import { vnDate, vnParts } from '../../common/time/vietnam.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T/;

/** A calendar day in the locale's short form; the Date is built in UTC and formatted in UTC, so it never shifts. */
function dayText(year: number, month: number, day: number, locale: string, twoDigits: boolean): string {
  return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString(locale, {
    timeZone: 'UTC',
    ...(twoDigits ? { day: '2-digit', month: '2-digit', year: 'numeric' } : {}),
  });
}

/** "01/07/2025 09:00" (date first, then the Vietnamese time) in both languages. */
export function dateTimeText(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const p = vnParts(at);
  const hm = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  return `${dayText(p.year, p.month, p.day, locale, true)} ${hm}`;
}

/** 'YYYY-MM-DD' as "1/7/2025"; a full timestamp shows its day in Vietnam. */
export function dateText(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const day = DAY.test(iso) ? iso : TIMESTAMP.test(iso) && !Number.isNaN(Date.parse(iso)) ? vnDate(iso) : null;
  if (!day || Number.isNaN(Date.parse(day))) return iso;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return dayText(y, m, d, locale, false);
}
