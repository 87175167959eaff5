/**
 * Vietnamese mobile numbers: 10 digits starting 03, 05, 07, 08 or 09 (DOMAIN.md). People type
 * them as +84…, 84…, with spaces, dots or dashes; we store the single 0xxxxxxxxx form.
 */
import { maskMiddle } from './cccd.ts';

const MOBILE = /^0[35789]\d{8}$/;

/** '+84 912 345 678', '0912.345.678', '84912345678' → '0912345678'; null if not a valid mobile. */
export function normalizePhone(input: string): string | null {
  let digits = input.trim().replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+84')) digits = digits.slice(3);
  else if (digits.startsWith('0084')) digits = digits.slice(4);
  else if (digits.startsWith('84') && digits.length === 11) digits = digits.slice(2);
  else if (!digits.startsWith('0')) return null;
  if (!digits.startsWith('0')) digits = `0${digits}`;
  return MOBILE.test(digits) ? digits : null;
}

export function isValidPhone(input: string): boolean {
  return normalizePhone(input) !== null;
}

/** '0912345678' → '0*******78'. */
export function maskPhone(phone: string): string {
  return maskMiddle(phone);
}
