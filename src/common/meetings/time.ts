/**
 * Meeting time rules, in Vietnam time (common/time/vietnam.ts): a meeting belongs to the month of its
 * Vietnamese date, and the registration deadline is a day of the previous month.
 */
import { addMonths, daysInMonth, vnDayEnd } from '../time/vietnam.ts';

const HOUR = 3_600_000;

/**
 * End of the registration day for meetings of `month`: day `day` of the previous month, 23:59:59
 * Vietnam time (clamped to the month's length so "31" works in February).
 */
export function registrationDeadline(month: string, day: number): Date {
  const prev = addMonths(month, -1);
  const d = Math.min(Math.max(1, Math.trunc(day)), daysInMonth(prev));
  return vnDayEnd(`${prev}-${String(d).padStart(2, '0')}`);
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
