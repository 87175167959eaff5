/**
 * Failure throttling for sign-in and activation, kept in the database so it holds across app
 * processes. Each key (an account, an address) counts failures in a window; past the limit it is
 * locked for a while. The first few failures only slow the answer down.
 */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { authThrottle } from '../db/schema.ts';
import { tooManyRequests } from '../http/errors.ts';

export interface ThrottleRule {
  limit: number;
  windowMs: number;
  lockMs: number;
}

export const RULES = {
  account: { limit: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  address: { limit: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  activation: { limit: 10, windowMs: 15 * 60_000, lockMs: 30 * 60_000 },
} satisfies Record<string, ThrottleRule>;

function lockedMessage(until: Date, now: Date) {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.`;
}

/** Throws 429 with Retry-After when any key is locked. */
export async function assertNotLocked(db: DbOrTx, keys: string[], now: Date): Promise<void> {
  for (const key of keys) {
    const [row] = await db.select().from(authThrottle).where(eq(authThrottle.key, key));
    if (row?.lockedUntil && row.lockedUntil.getTime() > now.getTime()) {
      throw tooManyRequests(
        'auth.throttled',
        lockedMessage(row.lockedUntil, now),
        (row.lockedUntil.getTime() - now.getTime()) / 1000,
      );
    }
  }
}

/** Counts a failure on a key; returns how many failures the key now has in its window. */
export async function recordFailure(db: DbOrTx, key: string, rule: ThrottleRule, now: Date): Promise<number> {
  const windowStart = new Date(now.getTime() - rule.windowMs);
  const lockUntil = new Date(now.getTime() + rule.lockMs);
  const [row] = await db
    .insert(authThrottle)
    .values({ key, failures: 1, windowStart: now })
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        failures: sql`CASE WHEN ${authThrottle.windowStart} < ${windowStart.toISOString()} THEN 1 ELSE ${authThrottle.failures} + 1 END`,
        windowStart: sql`CASE WHEN ${authThrottle.windowStart} < ${windowStart.toISOString()} THEN ${now.toISOString()}::timestamptz ELSE ${authThrottle.windowStart} END`,
      },
    })
    .returning({ failures: authThrottle.failures });
  const failures = row?.failures ?? 1;
  if (failures >= rule.limit) {
    await db.update(authThrottle).set({ lockedUntil: lockUntil }).where(eq(authThrottle.key, key));
  }
  return failures;
}

export async function clearFailures(db: DbOrTx, key: string): Promise<void> {
  await db.delete(authThrottle).where(eq(authThrottle.key, key));
}

/** Slows down repeated failures (250 ms per failure, at most 2 s) before the answer goes out. */
export function failureDelayMs(failures: number): number {
  return Math.min(2000, Math.max(0, failures - 1) * 250);
}
