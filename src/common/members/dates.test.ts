import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDateVi, fromExcelSerial, parseDate, toExcelSerial } from './dates.ts';

const ok = (value: string) => ({ ok: true, value });

describe('parseDate', () => {
  it('reads the forms people type, day first', () => {
    expect(parseDate('30/04/1975')).toEqual(ok('1975-04-30'));
    expect(parseDate('3/2/1930')).toEqual(ok('1930-02-03'));
    expect(parseDate('3-2-1930')).toEqual(ok('1930-02-03'));
    expect(parseDate('03.02.1930')).toEqual(ok('1930-02-03'));
    expect(parseDate(' 1975-04-30 ')).toEqual(ok('1975-04-30'));
    expect(parseDate('2/9/45', { pivotYear: 2026 })).toEqual(ok('1945-09-02'));
    expect(parseDate('1/1/05', { pivotYear: 2026 })).toEqual(ok('2005-01-01'));
  });
  it('reads Excel serials and date cells', () => {
    expect(parseDate(27514)).toEqual(ok('1975-04-30'));
    expect(parseDate('27514')).toEqual(ok('1975-04-30'));
    expect(parseDate(new Date(Date.UTC(1975, 3, 30)))).toEqual(ok('1975-04-30'));
    // A date cell written by a UTC+7 machine as local midnight.
    expect(parseDate(new Date('1975-04-29T17:00:00Z'))).toEqual(ok('1975-04-30'));
  });
  it('rejects impossible and partial dates with a reason', () => {
    expect(parseDate('31/02/1980')).toEqual({ ok: false, problem: 'date.invalid' });
    expect(parseDate('29/02/1900')).toEqual({ ok: false, problem: 'date.invalid' });
    expect(parseDate('1975')).toEqual({ ok: false, problem: 'date.partial' });
    expect(parseDate('04/1975')).toEqual({ ok: false, problem: 'date.partial' });
    expect(parseDate('ba mươi tháng tư')).toEqual({ ok: false, problem: 'date.format' });
    expect(parseDate(12)).toEqual({ ok: false, problem: 'date.invalid' });
    expect(parseDate(null)).toEqual({ ok: false, problem: 'date.format' });
  });
  it('property: every real date survives dd/mm/yyyy, d/m/yyyy, ISO, serial and Date forms', () => {
    const day = fc
      .date({ min: new Date('1900-03-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (iso) => {
        const [y, m, d] = iso.split('-');
        expect(parseDate(formatDateVi(iso))).toEqual(ok(iso));
        expect(parseDate(`${Number(d)}/${Number(m)}/${y}`)).toEqual(ok(iso));
        expect(parseDate(iso)).toEqual(ok(iso));
        expect(fromExcelSerial(toExcelSerial(iso))).toBe(iso);
        expect(parseDate(toExcelSerial(iso))).toEqual(ok(iso));
        expect(parseDate(new Date(`${iso}T00:00:00Z`))).toEqual(ok(iso));
      }),
    );
  });
  it('property: two-digit years land within 100 years up to the pivot', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1950, max: 2090 }), (yy, pivot) => {
        const r = parseDate(`1/1/${String(yy).padStart(2, '0')}`, { pivotYear: pivot });
        expect(r.ok).toBe(true);
        const year = Number(r.ok ? r.value.slice(0, 4) : 0);
        expect(year % 100).toBe(yy);
        expect(year).toBeLessThanOrEqual(Math.max(pivot, 1999));
      }),
    );
  });
  it('property: never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double(), fc.integer()), (v) => {
        const r = parseDate(v);
        if (r.ok) expect(r.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
    );
  });
});
