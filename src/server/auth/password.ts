/**
 * Password and PIN hashing with argon2id. Slow on purpose; parameters follow OWASP's
 * minimum for argon2id (19 MiB, 2 iterations, 1 lane), which keeps one sign-in at tens of
 * milliseconds on a small machine.
 */
import os from 'node:os';
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * At most one hash per core at a time. argon2id runs on libuv's pool (4 threads): four at once on a
 * 2-core machine finish no sooner than two (sign-in burst: 107–115 a second either way) but hold
 * 4 × 19 MiB (RSS 269–279 MB against 224–242) and leave no pool thread for file reads (static files,
 * uploads) meanwhile.
 */
export const HASH_SLOTS = Math.max(1, Math.min(4, os.availableParallelism()));
let running = 0;
const waiting: Array<() => void> = [];

/** Runs `work` when a slot is free; a finished one hands its slot straight to the next in line. */
export async function inHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running < HASH_SLOTS) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export function hashPassword(plain: string): Promise<string> {
  return inHashSlot(() => hash(plain, OPTIONS));
}

export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
  try {
    return await inHashSlot(() => verify(stored, plain));
  } catch {
    return false;
  }
}
