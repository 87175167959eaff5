/**
 * TOTP two-factor sign-in (RFC 6238, 30-second steps, 6 digits), with one-time recovery codes.
 * A code is accepted within one step of drift, and never twice: the last accepted step is kept.
 */
import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Role } from '../db/schema.ts';
import type { Config } from '../config.ts';
import type { Actor } from './authorize.ts';

const ISSUER = 'Sổ tay Đảng viên';

export const TWO_FACTOR_ROLES: readonly Role[] = ['system_admin', 'unit_admin', 'approver'];

export function twoFactorRequired(actor: Pick<Actor, 'roles'>, config: Config): boolean {
  return config.require2fa && actor.roles.some((r) => TWO_FACTOR_ROLES.includes(r.role));
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = '') {
  return new TOTP({ issuer: ISSUER, label, secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
}

export function otpauthUrl(secret: string, label: string): string {
  return totp(secret, label).toString();
}

/** The step the code belongs to, or null when it does not match (now ± 1 step). */
export function matchTotp(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 30_000) + delta;
}

/** The code for a moment (used by tests and by nobody else). */
export function totpCode(secret: string, at: Date): string {
  return totp(secret).generate({ timestamp: at.getTime() });
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten recovery codes like "k7m2-p9qx". */
export function newRecoveryCodes(n = 10): string[] {
  return Array.from({ length: n }, () => {
    let s = '';
    for (let i = 0; i < 8; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    return `${s.slice(0, 4)}-${s.slice(4)}`;
  });
}

export function normalizeRecoveryCode(input: string): string {
  const s = input.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}
