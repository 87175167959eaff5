import { describe, expect, it } from 'vitest';
import { addMonths, vnMonth } from '../time/vietnam.ts';
import { registrationDeadline } from './time.ts';
import { attendanceRate, checkInOpen, finalLate, materialsLate, minimumMinutes, registeredLate } from './rules.ts';
import { DEFAULT_RUBRIC, evaluate, manualKeys, RubricDefinition, type MeetingFacts } from './rubric.ts';
import { repeatedAbsences } from './absence.ts';

const H = 3_600_000;

describe('meeting time rules', () => {
  it('uses Vietnam time for the month and the registration deadline', () => {
    // 17:30 UTC on 31 Jan is already 1 Feb in Vietnam.
    expect(vnMonth(new Date('2025-01-31T17:30:00Z'))).toBe('2025-02');
    expect(registrationDeadline('2025-03', 25).toISOString()).toBe('2025-02-25T16:59:59.999Z');
    // A January meeting is registered by 25 December of the year before.
    expect(registrationDeadline('2026-01', 25).toISOString()).toBe('2025-12-25T16:59:59.999Z');
    // Day 31 in a short month clamps to the month's last day.
    expect(registrationDeadline('2025-03', 31).toISOString()).toBe('2025-02-28T16:59:59.999Z');
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2024-11', 14)).toBe('2026-01');
  });

  it('flags late registration, materials under 1 day and final documents after 2 days', () => {
    const deadline = registrationDeadline('2025-03', 25);
    expect(registeredLate(new Date(deadline.getTime() - 1), deadline)).toBe(false);
    expect(registeredLate(new Date(deadline.getTime() + 1), deadline)).toBe(true);
    const start = new Date('2025-03-10T12:00:00Z');
    expect(materialsLate(new Date(start.getTime() - 25 * H), start, start)).toBe(false);
    expect(materialsLate(new Date(start.getTime() - 23 * H), start, start)).toBe(true);
    expect(materialsLate(null, start, new Date(start.getTime() - 30 * H))).toBe(false);
    expect(materialsLate(null, start, new Date(start.getTime() - 20 * H))).toBe(true);
    const end = new Date('2025-03-10T14:00:00Z');
    expect(finalLate(new Date(end.getTime() + 47 * H), end, end)).toBe(false);
    expect(finalLate(new Date(end.getTime() + 49 * H), end, end)).toBe(true);
    expect(finalLate(null, end, new Date(end.getTime() + 49 * H))).toBe(true);
  });

  it('opens check-in 30 minutes before the start until 60 minutes after the planned end', () => {
    const start = new Date('2025-03-10T12:00:00Z');
    const end = new Date('2025-03-10T13:30:00Z');
    expect(checkInOpen(new Date(start.getTime() - 31 * 60_000), start, end)).toBe(false);
    expect(checkInOpen(new Date(start.getTime() - 29 * 60_000), start, end)).toBe(true);
    expect(checkInOpen(new Date(end.getTime() + 59 * 60_000), start, end)).toBe(true);
    expect(checkInOpen(new Date(end.getTime() + 61 * 60_000), start, end)).toBe(false);
  });

  it('requires 120 minutes when a thematic session is combined with the regular meeting', () => {
    expect(minimumMinutes('regular', false)).toBe(90);
    expect(minimumMinutes('regular', true)).toBe(120);
    expect(minimumMinutes('extraordinary', false)).toBe(90);
    expect(attendanceRate(9, 10)).toBe(90);
    expect(attendanceRate(0, 0)).toBeNull();
  });
});

describe('rubric', () => {
  const good: MeetingFacts = {
    durationMinutes: 95,
    requiredMinutes: 90,
    attendancePercent: 92,
    materialsPostedBeforeStart: true,
    materialsOnTime: true,
    finalOnTime: true,
  };
  const fullManual = Object.fromEntries(manualKeys(DEFAULT_RUBRIC).map((k) => [k.key, k.max]));

  it('the default rubric is valid and sums to 100', () => {
    expect(RubricDefinition.safeParse(DEFAULT_RUBRIC).success).toBe(true);
    expect(DEFAULT_RUBRIC.criteria).toHaveLength(8);
    expect(DEFAULT_RUBRIC.criteria.reduce((s, c) => s + c.max, 0)).toBe(100);
    expect(evaluate(DEFAULT_RUBRIC, good, fullManual)).toMatchObject({
      total: 100,
      complete: true,
      rating: { code: 'good', label: 'Tốt' },
    });
  });

  it('fills the measured criteria from the facts', () => {
    const pts = (facts: MeetingFacts) =>
      Object.fromEntries(
        evaluate(DEFAULT_RUBRIC, facts, {})
          .items.filter((i) => i.measured)
          .map((i) => [i.key, i.points]),
      );
    expect(pts(good)).toEqual({ duration: 5, attendance: 5, materials_on_app: 2, materials_on_time: 2, final_on_time: 2 });
    // 100 minutes is short of the 120 needed with a thematic session; 80% attendance is the 75–89 band.
    expect(
      pts({
        ...good,
        durationMinutes: 100,
        requiredMinutes: 120,
        attendancePercent: 80,
        materialsOnTime: false,
        finalOnTime: false,
      }),
    ).toEqual({
      duration: 0,
      attendance: 4,
      materials_on_app: 2,
      materials_on_time: 0,
      final_on_time: 0,
    });
    expect(pts({ ...good, attendancePercent: 70 }).attendance).toBe(3);
    expect(pts({ ...good, attendancePercent: 64.9 }).attendance).toBe(0);
    expect(pts({ ...good, durationMinutes: null }).duration).toBe(0);
  });

  it('rates by bands once every manual item is scored', () => {
    expect(evaluate(DEFAULT_RUBRIC, good, {}).rating).toBeNull();
    const some = { ...fullManual, conduct: 10, last_results: 20 }; // 100 − 20 − 10 = 70
    expect(evaluate(DEFAULT_RUBRIC, good, some)).toMatchObject({ total: 70, rating: { label: 'Khá' } });
    // 49 points: just under the Trung bình band.
    expect(evaluate(DEFAULT_RUBRIC, good, { ...some, chairing: 0, principles: 0, conduct: 4 }).rating?.label).toBe('Kém');
    expect(evaluate(DEFAULT_RUBRIC, good, { ...fullManual, conduct: 12 }).rating?.label).toBe('Khá');
    expect(evaluate(DEFAULT_RUBRIC, good, { ...fullManual, conduct: 0, last_results: 20 }).rating?.label).toBe('Trung bình');
    // Scores above a criterion's maximum are capped.
    expect(evaluate(DEFAULT_RUBRIC, good, { ...fullManual, conduct: 500 }).total).toBe(100);
  });
});

describe('unexcused absences in 3 months within 12', () => {
  const a = (memberId: string, month: string, meetingId = `${memberId}-${month}`) => ({ memberId, month, meetingId });

  it('counts months across a year boundary', () => {
    const list = [a('m1', '2024-11'), a('m1', '2024-12'), a('m1', '2025-01'), a('m2', '2024-12'), a('m2', '2025-01')];
    const out = repeatedAbsences(list, '2025-02');
    expect(out.map((r) => r.memberId)).toEqual(['m1']);
    expect(out[0]!.months).toEqual(['2024-11', '2024-12', '2025-01']);
    expect(out[0]!.meetingIds).toEqual(['m1-2024-11', 'm1-2024-12', 'm1-2025-01']);
  });

  it('ignores absences older than 12 months and counts one month once', () => {
    // Window for 2025-02 is 2024-03 … 2025-02: February 2024 falls out.
    const list = [
      a('m1', '2024-02'),
      a('m1', '2024-06'),
      a('m1', '2025-02'),
      a('m3', '2025-01', 'x1'),
      a('m3', '2025-01', 'x2'),
      a('m3', '2024-12'),
    ];
    expect(repeatedAbsences(list, '2025-02')).toEqual([]);
    // As of January 2025 the window starts in February 2024, and February 2025 is still ahead.
    expect(repeatedAbsences([...list, a('m1', '2025-01')], '2025-01')).toEqual([
      { memberId: 'm1', months: ['2024-02', '2024-06', '2025-01'], meetingIds: ['m1-2024-02', 'm1-2024-06', 'm1-2025-01'] },
    ]);
    expect(repeatedAbsences([...list, a('m3', '2024-03')], '2025-02')).toEqual([
      { memberId: 'm3', months: ['2024-03', '2024-12', '2025-01'], meetingIds: ['m3-2024-03', 'm3-2024-12', 'x1', 'x2'] },
    ]);
  });
});
