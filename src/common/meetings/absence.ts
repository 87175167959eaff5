/**
 * Party statute: a member who misses party activities for 3 months in a year without a valid
 * reason is considered for removal. We list members with unexcused absences in 3 different
 * months within the 12 months ending at `asOfMonth` (a rolling window, so it crosses years).
 */
import { addMonths } from '../time/vietnam.ts';

export interface UnexcusedAbsence {
  memberId: string;
  meetingId: string;
  /** 'YYYY-MM' of the meeting. */
  month: string;
}

export interface RepeatedAbsence {
  memberId: string;
  months: string[];
  /** The meetings that count, oldest first. */
  meetingIds: string[];
}

export const ABSENCE_MONTHS_THRESHOLD = 3;
export const ABSENCE_WINDOW_MONTHS = 12;

export function windowStart(asOfMonth: string): string {
  return addMonths(asOfMonth, -(ABSENCE_WINDOW_MONTHS - 1));
}

export function repeatedAbsences(absences: UnexcusedAbsence[], asOfMonth: string): RepeatedAbsence[] {
  const from = windowStart(asOfMonth);
  const byMember = new Map<string, UnexcusedAbsence[]>();
  for (const a of absences) {
    // 'YYYY-MM' strings compare in calendar order.
    if (a.month < from || a.month > asOfMonth) continue;
    const list = byMember.get(a.memberId) ?? [];
    list.push(a);
    byMember.set(a.memberId, list);
  }
  const out: RepeatedAbsence[] = [];
  for (const [memberId, list] of byMember) {
    const months = [...new Set(list.map((a) => a.month))].sort();
    if (months.length < ABSENCE_MONTHS_THRESHOLD) continue;
    const sorted = [...list].sort((a, b) => a.month.localeCompare(b.month));
    out.push({ memberId, months, meetingIds: [...new Set(sorted.map((a) => a.meetingId))] });
  }
  return out;
}
