/**
 * Rate limits for expensive routes (search, uploads, imports), per account or, signed out, per
 * address. A route opts in with `config: { rateLimit: 'search' }`. Counters live in the process:
 * with N app servers the effective limit is N times higher, which is acceptable for abuse control
 * (sign-in and activation, where guessing matters, are throttled in the database instead).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tooManyRequests } from './errors.ts';

export const RATE_BUCKETS = {
  search: { limit: 120, windowMs: 60_000 },
  upload: { limit: 30, windowMs: 60_000 },
  import: { limit: 10, windowMs: 60_000 },
} as const;
export type RateBucket = keyof typeof RATE_BUCKETS;

declare module 'fastify' {
  interface FastifyContextConfig {
    rateLimit?: RateBucket;
  }
}

interface Window {
  start: number;
  count: number;
}

export class RateLimiter {
  private windows = new Map<string, Window>();
  /** `factor` scales every limit (RATE_LIMIT_FACTOR): load tests raise it, nobody lowers it in production. */
  constructor(
    private readonly now: () => number,
    private readonly factor = 1,
  ) {}

  /** Counts one hit; returns the seconds to wait when over the limit. */
  hit(bucket: RateBucket, who: string): number | null {
    const { windowMs } = RATE_BUCKETS[bucket];
    const limit = RATE_BUCKETS[bucket].limit * this.factor;
    const key = `${bucket}:${who}`;
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= windowMs) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 100_000) this.sweep(t);
    }
    w.count++;
    return w.count > limit ? Math.ceil((w.start + windowMs - t) / 1000) : null;
  }

  private sweep(t: number) {
    for (const [k, w] of this.windows) if (t - w.start >= 60_000) this.windows.delete(k);
  }
}

export function checkRateLimit(limiter: RateLimiter, request: FastifyRequest) {
  const bucket = request.routeOptions.config?.rateLimit;
  if (!bucket) return;
  const wait = limiter.hit(bucket, request.actor?.userId ?? `ip:${request.ip}`);
  if (wait !== null) {
    const what = bucket === 'search' ? 'tìm kiếm' : bucket === 'upload' ? 'tải tệp lên' : 'nhập dữ liệu';
    throw tooManyRequests('rate_limited', `Bạn thao tác ${what} quá nhanh. Vui lòng thử lại sau ${wait} giây.`, wait);
  }
}

export function registerRateLimit(app: FastifyInstance, now: () => number, factor = 1) {
  const limiter = new RateLimiter(now, factor);
  // After the permission hook (also onRequest) has loaded the actor, so a signed-in member is counted
  // by account, and before the body is read, so a refused upload costs nothing.
  app.addHook('onRequest', async (request) => checkRateLimit(limiter, request));
  return limiter;
}
