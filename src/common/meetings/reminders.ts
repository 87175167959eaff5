/**
 * When each meeting reminder becomes due (DOMAIN.md "Cell meetings"; issue 7 "Notifications").
 * Pure: the server's reminder scan and the tests read the same instants.
 */
import { addMonths, vnMonth } from '../time/vietnam.ts';
import { registrationDeadline, FINAL_POST_WINDOW_MS, MATERIALS_LEAD_MS } from './time.ts';

export const REMINDER_KINDS = ['registration_deadline', 'materials_missing', 'final_docs_missing', 'member_day_before'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

const DAY = 86_400_000;
/** The secretary hears about next month's registration this long before the deadline. */
export const REGISTRATION_REMIND_BEFORE_MS = 3 * DAY;
/** Members hear about their meeting this long before it starts. */
export const MEMBER_REMIND_BEFORE_MS = DAY;
/**
 * A reminder whose moment passed longer ago than this is not sent any more: a server that was
 * down for a week, or a first deployment over old data, must not flood secretaries with stale news.
 */
export const REMINDER_STALE_AFTER_MS = 7 * DAY;

/** The month whose registration the secretary is reminded of at `now`, with its deadline window. */
export function registrationReminderWindow(now: Date, deadlineDay: number): { month: string; from: Date; deadline: Date } {
  const month = addMonths(vnMonth(now), 1);
  const deadline = registrationDeadline(month, deadlineDay);
  return { month, from: new Date(deadline.getTime() - REGISTRATION_REMIND_BEFORE_MS), deadline };
}

export function registrationReminderDue(now: Date, deadlineDay: number): { month: string; deadline: Date } | null {
  const w = registrationReminderWindow(now, deadlineDay);
  const t = now.getTime();
  return t >= w.from.getTime() && t <= w.deadline.getTime() ? { month: w.month, deadline: w.deadline } : null;
}

/** Materials must be on the app 1 day before the start: at that moment a missing post is reported. */
export function materialsReminderAt(startsAt: Date): Date {
  return new Date(startsAt.getTime() - MATERIALS_LEAD_MS);
}

/** Final documents are due 2 days after the meeting ended. */
export function finalDocsReminderAt(endedAt: Date): Date {
  return new Date(endedAt.getTime() + FINAL_POST_WINDOW_MS);
}

export function memberReminderAt(startsAt: Date): Date {
  return new Date(startsAt.getTime() - MEMBER_REMIND_BEFORE_MS);
}
