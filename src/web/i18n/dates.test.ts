import { afterEach, describe, expect, it } from 'vitest';
import { dateText, dateTimeText } from './dates.ts';

const original = process.env.TZ;
afterEach(() => {
  process.env.TZ = original;
});

describe.each(['UTC', 'America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati'])('the UI’s dates on a phone set to %s', (zone) => {
  it('shows an instant on the Vietnamese clock', () => {
    process.env.TZ = zone;
    // 12:30Z is 19:30 in Hà Nội; 17:30Z is 00:30 on the next Vietnamese day.
    expect(dateTimeText('2025-07-01T12:30:00Z', 'vi-VN')).toBe('01/07/2025 19:30');
    expect(dateTimeText('2025-07-01T17:30:00.000Z', 'en-GB')).toBe('02/07/2025 00:30');
  });

  it('shows a calendar day as that day, and a timestamp as its Vietnamese day', () => {
    process.env.TZ = zone;
    expect(dateText('2025-07-01', 'vi-VN')).toBe('1/7/2025');
    expect(dateText('2025-07-01', 'en-GB')).toBe('01/07/2025');
    // A cell period starting at midnight in Vietnam is stored as 17:00Z the day before.
    expect(dateText('2025-06-30T17:00:00.000Z', 'vi-VN')).toBe('1/7/2025');
  });

  it('leaves what is not a date as it came', () => {
    process.env.TZ = zone;
    expect(dateText('', 'vi-VN')).toBe('');
    expect(dateText('không rõ', 'vi-VN')).toBe('không rõ');
    expect(dateTimeText('không rõ', 'vi-VN')).toBe('không rõ');
  });
});
