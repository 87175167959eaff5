import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskPhone, normalizePhone } from './phone.ts';

describe('normalizePhone', () => {
  it('accepts the usual ways of writing a mobile number', () => {
    for (const s of [
      '0912345678',
      '+84912345678',
      '84 912 345 678',
      '0912.345.678',
      '0912-345-678',
      ' +84 (0)912 345 678 ',
      '0084912345678',
    ]) {
      expect(normalizePhone(s)).toBe('0912345678');
    }
    expect(normalizePhone('0387654321')).toBe('0387654321');
  });

  it('rejects what is not a Vietnamese mobile', () => {
    for (const s of [
      '',
      '091234567',
      '09123456789',
      '0212345678',
      '0412345678',
      '0612345678',
      '912345678',
      'abc',
      '+1 912 345 678',
      '0912a45678',
    ]) {
      expect(normalizePhone(s)).toBeNull();
    }
  });

  it('is idempotent and returns 10 digits', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const n = normalizePhone(s);
        return n === null || (/^0[35789]\d{8}$/.test(n) && normalizePhone(n) === n);
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom('3', '5', '7', '8', '9'), fc.stringMatching(/^\d{8}$/), (p, rest) => {
        const local = `0${p}${rest}`;
        return normalizePhone(`+84${p}${rest}`) === local && normalizePhone(`84 ${p}${rest}`) === local;
      }),
    );
  });
});

describe('maskPhone', () => {
  it('keeps the first digit and the last two', () => {
    expect(maskPhone('0912345678')).toBe('0*******78');
  });
});
