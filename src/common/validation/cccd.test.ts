import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkCccd, decodeCccd, makeCccd, maskCccd } from './cccd.ts';

describe('checkCccd', () => {
  it('accepts a consistent number', () => {
    // 086: province, 0: male 1900s, 75: 1975.
    expect(checkCccd('086075123456', { dateOfBirth: '1975-04-30', sex: 'male' })).toEqual([]);
    expect(checkCccd('001301000001', { dateOfBirth: '2001-01-01', sex: 'female' })).toEqual([]);
    expect(checkCccd('096999000001', { dateOfBirth: '1899-12-31', sex: 'female' })).toEqual([]);
    expect(checkCccd('086075123456')).toEqual([]);
  });

  it('reports format problems alone', () => {
    expect(checkCccd('08607512345')).toEqual(['cccd.format']);
    expect(checkCccd('08607512345a')).toEqual(['cccd.format']);
    expect(checkCccd(' 086075123456')).toEqual(['cccd.format']);
  });

  it('reports province, sex and year mismatches', () => {
    expect(checkCccd('000075123456')).toEqual(['cccd.province']);
    expect(checkCccd('097075123456')).toEqual(['cccd.province']);
    expect(checkCccd('086175123456', { sex: 'male' })).toEqual(['cccd.sex_mismatch']);
    expect(checkCccd('086075123456', { dateOfBirth: '1976-04-30' })).toEqual(['cccd.year_mismatch']);
    // Right two digits, wrong century.
    expect(checkCccd('086275123456', { dateOfBirth: '1975-04-30', sex: 'male' })).toEqual(['cccd.year_mismatch']);
  });

  it('decodes the parts', () => {
    expect(decodeCccd('086303123456')).toEqual({ provinceCode: 86, sex: 'female', birthYear: 2003, serial: '123456' });
    expect(decodeCccd('x')).toBeNull();
  });
});

describe('makeCccd', () => {
  it('builds numbers that pass checkCccd for the same data', () => {
    const dob = fc
      .date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2299-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 96 }),
        fc.constantFrom('male' as const, 'female' as const),
        dob,
        fc.integer({ min: 0, max: 999_999 }),
        (p, sex, d, serial) => {
          const c = makeCccd(p, sex, d, serial);
          return c.length === 12 && checkCccd(c, { dateOfBirth: d, sex }).length === 0;
        },
      ),
    );
  });

  it('rejects impossible inputs', () => {
    expect(() => makeCccd(0, 'male', '1980-01-01', 1)).toThrow();
    expect(() => makeCccd(1, 'male', '1780-01-01', 1)).toThrow();
    expect(() => makeCccd(1, 'male', '1980-01-01', 1_000_000)).toThrow();
  });
});

describe('maskCccd', () => {
  it('keeps the first and the last two digits', () => {
    expect(maskCccd('086075123456')).toBe('0*********56');
    expect(maskCccd('12')).toBe('**');
  });
});
