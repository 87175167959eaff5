import { afterEach, describe, expect, it } from 'vitest';
import {
  addMonths,
  daysInMonth,
  fromVnInput,
  isIsoDate,
  monthsBetween,
  toVnInput,
  vnDate,
  vnDateText,
  vnDateTimeText,
  vnDayEnd,
  vnDayStart,
  vnMonth,
  vnMonthStart,
} from './vietnam.ts';

// Zones far from Vietnam on both sides, one with daylight saving: the answers must not move.
const ZONES = ['UTC', 'America/Los_Angeles', 'Europe/Berlin', 'Pacific/Kiritimati', 'Asia/Ho_Chi_Minh'];
const original = process.env.TZ;
afterEach(() => {
  process.env.TZ = original;
});

describe.each(ZONES)('Vietnam time with the machine set to %s', (zone) => {
  it('the zone is really in effect', () => {
    process.env.TZ = zone;
    const offset = new Date('2025-07-01T00:00:00Z').getTimezoneOffset();
    expect(offset).toBe(
      { UTC: 0, 'America/Los_Angeles': 420, 'Europe/Berlin': -120, 'Pacific/Kiritimati': -840, 'Asia/Ho_Chi_Minh': -420 }[zone],
    );
  });

  it('takes the Vietnamese day and month of an instant', () => {
    process.env.TZ = zone;
    // 16:59:59.999Z is 23:59 in Hà Nội; 17:00Z is already the next day.
    expect(vnDate(new Date('2025-01-31T16:59:59.999Z'))).toBe('2025-01-31');
    expect(vnDate(new Date('2025-01-31T17:00:00Z'))).toBe('2025-02-01');
    expect(vnMonth('2025-01-31T17:00:00Z')).toBe('2025-02');
    expect(vnMonth(Date.parse('2024-12-31T17:00:00Z'))).toBe('2025-01');
    // Summer and winter alike: Vietnam has no daylight saving.
    expect(vnDate('2025-03-30T16:30:00Z')).toBe('2025-03-30');
    expect(vnDate('2025-10-26T17:30:00Z')).toBe('2025-10-27');
  });

  it('puts a day’s start and end at midnight in Vietnam', () => {
    process.env.TZ = zone;
    expect(vnDayStart('2025-07-01').toISOString()).toBe('2025-06-30T17:00:00.000Z');
    expect(vnDayEnd('2025-07-01').toISOString()).toBe('2025-07-01T16:59:59.999Z');
    expect(vnMonthStart('2026-01').toISOString()).toBe('2025-12-31T17:00:00.000Z');
    expect(vnDate(vnDayStart('2025-07-01'))).toBe('2025-07-01');
    expect(vnDate(vnDayEnd('2025-07-01'))).toBe('2025-07-01');
  });

  it('reads and writes a date-time field in Vietnamese hours', () => {
    process.env.TZ = zone;
    expect(toVnInput('2025-07-01T12:30:00Z')).toBe('2025-07-01T19:30');
    expect(fromVnInput('2025-07-01T19:30')?.toISOString()).toBe('2025-07-01T12:30:00.000Z');
    expect(fromVnInput('2025-07-02T00:15:30')?.toISOString()).toBe('2025-07-01T17:15:30.000Z');
    // The round trip keeps the minute whatever the zone, including across a DST change elsewhere.
    for (const v of ['2025-03-30T02:30', '2025-10-26T02:30', '2025-12-31T23:59']) expect(toVnInput(fromVnInput(v))).toBe(v);
    expect(vnDateTimeText('2025-07-01T02:00:00Z')).toBe('09:00 01/07/2025');
    expect(vnDateText('2025-07-01T17:00:00Z')).toBe('02/07/2025');
  });
});

describe('calendar arithmetic', () => {
  it('adds and counts months across years', () => {
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2024-11', 14)).toBe('2026-01');
    expect(monthsBetween('2024-11', '2026-01')).toBe(14);
    expect(daysInMonth('2024-02')).toBe(29);
    expect(daysInMonth('2025-02')).toBe(28);
  });

  it('refuses what is not a day or a field value', () => {
    expect(isIsoDate('2025-02-28')).toBe(true);
    expect(isIsoDate('2025-02-30')).toBe(false);
    expect(isIsoDate('2025-2-3')).toBe(false);
    for (const v of ['', 'hôm nay', '2025-02-30T10:00', '2025-07-01T24:00', '2025-07-01 10:00', '2025-07-01T10:60'])
      expect(fromVnInput(v), v).toBeNull();
    expect(toVnInput(null)).toBe('');
    expect(toVnInput('không phải ngày')).toBe('');
  });
});
