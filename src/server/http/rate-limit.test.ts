import { describe, expect, it } from 'vitest';
import { RATE_BUCKETS, RateLimiter } from './rate-limit.ts';

describe('rate limiter', () => {
  it('allows the limit, then asks to wait until the window ends, then allows again', () => {
    let t = 1_000_000;
    const limiter = new RateLimiter(() => t);
    const { limit } = RATE_BUCKETS.upload;
    for (let i = 0; i < limit; i++) expect(limiter.hit('upload', 'u1')).toBeNull();
    expect(limiter.hit('upload', 'u1')).toBe(60);
    t += 45_000;
    expect(limiter.hit('upload', 'u1')).toBe(15);
    // Another account and another bucket are counted apart.
    expect(limiter.hit('upload', 'u2')).toBeNull();
    expect(limiter.hit('search', 'u1')).toBeNull();
    t += 15_000;
    expect(limiter.hit('upload', 'u1')).toBeNull();
  });
});
