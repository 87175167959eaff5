/**
 * Password and PIN hashing with argon2id. Slow on purpose; parameters follow OWASP's
 * minimum for argon2id (19 MiB, 2 iterations, 1 lane), which keeps one sign-in at tens of
 * milliseconds on a small machine.
 */
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(plain: string): Promise<string> {
  return hash(plain, OPTIONS);
}

export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
  try {
    return await verify(stored, plain);
  } catch {
    return false;
  }
}
