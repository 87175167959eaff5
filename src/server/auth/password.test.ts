import { describe, expect, it } from 'vitest';
import { HASH_SLOTS, hashPassword, inHashSlot, verifyPassword } from './password.ts';

describe('password hashing', () => {
  it('verifies the password it hashed and refuses another one or a broken hash', async () => {
    const stored = await hashPassword('Mật khẩu 2026');
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored, 'Mật khẩu 2026')).toBe(true);
    expect(await verifyPassword(stored, 'Mat khau 2026')).toBe(false);
    expect(await verifyPassword('not a hash', 'Mật khẩu 2026')).toBe(false);
  });

  it('runs at most one hash per slot at a time, in arrival order, and frees the slot of a failed one', async () => {
    let now = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (i: number) =>
      inHashSlot(async () => {
        started.push(i);
        peak = Math.max(peak, ++now);
        await new Promise((r) => setTimeout(r, 5));
        now--;
        if (i % 3 === 0) throw new Error(`failed ${i}`);
        return i;
      });
    const results = await Promise.allSettled(Array.from({ length: HASH_SLOTS * 4 + 1 }, (_, i) => task(i)));
    expect(peak).toBe(HASH_SLOTS);
    expect(started).toEqual(results.map((_, i) => i));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(results.filter((_, i) => i % 3 === 0).length);
    // Every slot came back: as many tasks as slots start at once again.
    now = 0;
    peak = 0;
    await Promise.all(Array.from({ length: HASH_SLOTS }, (_, i) => task(i * 3 + 1)));
    expect(peak).toBe(HASH_SLOTS);
  });
});
