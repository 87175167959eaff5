/**
 * The cell-meeting rules of DOMAIN.md ("Cell meetings") as pure functions, shared by the server
 * (flags stored and reported) and the web app (hints while the secretary types).
 */
import {
  CHECK_IN_CLOSES_AFTER_MS,
  CHECK_IN_OPENS_BEFORE_MS,
  FINAL_POST_WINDOW_MS,
  LATE_AFTER_MS,
  MATERIALS_LEAD_MS,
} from './time.ts';

export const MEETING_KINDS = ['regular', 'thematic', 'extraordinary'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const ATTENDANCE_STATUSES = ['present', 'late', 'absent_excused', 'absent_unexcused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** At least 90 minutes; 120 when a thematic session is combined with the regular meeting. */
export function minimumMinutes(kind: MeetingKind, withThematic: boolean): number {
  return kind === 'regular' && withThematic ? 120 : 90;
}

export function registeredLate(registeredAt: Date, deadline: Date): boolean {
  return registeredAt.getTime() > deadline.getTime();
}

/**
 * Materials are late when they were posted less than 1 day before the start, or not at all
 * while the meeting has already started.
 */
export function materialsLate(postedAt: Date | null, startsAt: Date, now: Date): boolean {
  const due = startsAt.getTime() - MATERIALS_LEAD_MS;
  if (postedAt) return postedAt.getTime() > due;
  return now.getTime() > due;
}

/** Final documents are late when posted more than 2 days after the meeting ended (or still missing then). */
export function finalLate(postedAt: Date | null, endedAt: Date, now: Date): boolean {
  const due = endedAt.getTime() + FINAL_POST_WINDOW_MS;
  if (postedAt) return postedAt.getTime() > due;
  return now.getTime() > due;
}

export function checkInOpen(now: Date, startsAt: Date, plannedEndAt: Date): boolean {
  const t = now.getTime();
  return t >= startsAt.getTime() - CHECK_IN_OPENS_BEFORE_MS && t <= plannedEndAt.getTime() + CHECK_IN_CLOSES_AFTER_MS;
}

export function checkInStatus(now: Date, startsAt: Date): 'present' | 'late' {
  return now.getTime() > startsAt.getTime() + LATE_AFTER_MS ? 'late' : 'present';
}

export function isPresent(status: AttendanceStatus): boolean {
  return status === 'present' || status === 'late';
}

/** Attendance rate in percent (0–100, one decimal); null when nobody is counted. */
export function attendanceRate(present: number, total: number): number | null {
  if (total <= 0) return null;
  return Math.round((present / total) * 1000) / 10;
}
