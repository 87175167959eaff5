import { describe, expect, it } from 'vitest';
import { finalDocsReminderAt, materialsReminderAt, memberReminderAt, registrationReminderDue } from './reminders.ts';

describe('meeting reminder times', () => {
  it('opens the registration reminder 3 days before the deadline of next month, across a year end', () => {
    // January 2027's deadline: 25 December 2026, 23:59:59.999 Vietnam time = 16:59:59.999 UTC.
    expect(registrationReminderDue(new Date('2026-12-22T16:59:00Z'), 25)).toBeNull();
    expect(registrationReminderDue(new Date('2026-12-22T17:00:00Z'), 25)).toEqual({
      month: '2027-01',
      deadline: new Date('2026-12-25T16:59:59.999Z'),
    });
    expect(registrationReminderDue(new Date('2026-12-25T16:59:59.999Z'), 25)?.month).toBe('2027-01');
    expect(registrationReminderDue(new Date('2026-12-25T17:00:00Z'), 25)).toBeNull();
  });

  it('clamps a deadline day past the month end (31 → 28 February)', () => {
    // March 2027's deadline with day 31: 28 February 2027 (Vietnam time).
    expect(registrationReminderDue(new Date('2027-02-25T17:00:00Z'), 31)).toEqual({
      month: '2027-03',
      deadline: new Date('2027-02-28T16:59:59.999Z'),
    });
    expect(registrationReminderDue(new Date('2027-02-25T16:00:00Z'), 31)).toBeNull();
  });

  it('puts materials and member reminders 1 day before the start, final documents 2 days after the end', () => {
    const start = new Date('2026-03-10T12:00:00Z');
    expect(materialsReminderAt(start).toISOString()).toBe('2026-03-09T12:00:00.000Z');
    expect(memberReminderAt(start).toISOString()).toBe('2026-03-09T12:00:00.000Z');
    expect(finalDocsReminderAt(new Date('2026-03-10T14:00:00Z')).toISOString()).toBe('2026-03-12T14:00:00.000Z');
  });
});
