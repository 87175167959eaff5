/**
 * CCCD numbers at rest: AES-256-GCM ciphertext (`members.cccd_enc`), an HMAC-SHA-256 of the
 * normalized number for exact lookups (`members.cccd_hash`: sign-in, import matching, duplicates,
 * search), and the masked display form (`members.cccd_masked`, first digit and last two only).
 *
 * The keys come from configuration, in this order: CCCD_KEY, APP_SECRET (HKDF, one key per
 * purpose), else a key generated once into DATA_DIR/secrets/cccd.key (the embedded installation).
 * In-process tests without either get one random key per process, so they never write into ./data.
 *
 * The Drizzle column type in db/schema/members.ts encrypts on write and decrypts on read with the
 * process's active keys (`useCccdKeys`), so code that needs the number (checks against the date
 * of birth, the record view, exports) reads `members.cccd` as before. Lookups must use the hash:
 * comparing the column itself with a value can never match (every encryption draws a fresh IV).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.ts';
import { AppError } from '../http/errors.ts';
import { maskCccd } from '../../common/validation/cccd.ts';

export interface CccdKeys {
  enc: Buffer;
  mac: Buffer;
  /** Where the keys came from (shown in boot errors, never the key itself). */
  source: 'CCCD_KEY' | 'APP_SECRET' | 'file' | 'test';
}

const VERSION = 'v1';
const AAD = Buffer.from('so-tay-dang-vien/members.cccd');

/** Decryption failed: wrong key (or a damaged value). Answers a clear message instead of crashing. */
export class CccdKeyError extends AppError {
  constructor(detail: string) {
    super(
      500,
      'cccd.key',
      'Không giải mã được số CCCD: khóa mã hóa (CCCD_KEY / APP_SECRET / data/secrets/cccd.key) không khớp với khóa đã dùng để lưu dữ liệu. Hãy báo quản trị hệ thống.',
      detail,
    );
    this.name = 'CccdKeyError';
  }
}

function hkdf(secret: string | Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'so-tay-dang-vien', purpose, 32));
}

/** Both keys from one secret: separate purposes, so the hash key never doubles as the cipher key. */
export function keysFromSecret(secret: string | Buffer, source: CccdKeys['source']): CccdKeys {
  return { enc: hkdf(secret, 'members.cccd.enc'), mac: hkdf(secret, 'members.cccd.hash'), source };
}

let testKeys: CccdKeys | null = null;
function processTestKeys(): CccdKeys {
  testKeys ??= keysFromSecret(randomBytes(32), 'test');
  return testKeys;
}

/** Reads (or creates once, race-safe) the embedded installation's key file. */
function fileSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, 'secrets', 'cccd.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
    } catch {
      // Another process created it first: use theirs.
    }
  }
  const secret = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (secret.length < 32) throw new Error(`${file}: khóa CCCD hỏng (cần 32 byte base64)`);
  return secret;
}

export function cccdKeysFor(config: Config): CccdKeys {
  if (config.CCCD_KEY) return keysFromSecret(config.CCCD_KEY, 'CCCD_KEY');
  if (config.APP_SECRET) return keysFromSecret(config.APP_SECRET, 'APP_SECRET');
  // In-process tests keep ./data untouched; a test server given its own DATA_DIR (browser journeys)
  // keeps a key file there like any installation, so a restart on that folder reads its data.
  if (config.NODE_ENV === 'test' && config.DATA_DIR === './data') return processTestKeys();
  return keysFromSecret(fileSecret(config.dataDir), 'file');
}

let active: CccdKeys | null = null;

/** Sets the keys this process encrypts and decrypts with (boot, scripts, the benchmark loader). */
export function useCccdKeys(keys: CccdKeys): void {
  active = keys;
}

export function activeCccdKeys(): CccdKeys {
  if (active) return active;
  // Test suites build apps and factories without a boot sequence; real entry points call useCccdKeys.
  if (process.env.NODE_ENV === 'test') return processTestKeys();
  throw new Error('CCCD keys not configured: call prepareCccd() (or useCccdKeys) at startup');
}

/** Spaces, dots and dashes people type inside the number are not part of it. */
export function normalizeCccd(cccd: string): string {
  return cccd.replace(/[\s.-]/g, '');
}

export function encryptCccd(cccd: string, keys: CccdKeys = activeCccdKeys()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.enc, iv);
  cipher.setAAD(AAD);
  const body = Buffer.concat([cipher.update(normalizeCccd(cccd), 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

export function decryptCccd(stored: string, keys: CccdKeys = activeCccdKeys()): string {
  const [version, data] = stored.split('.');
  if (version !== VERSION || !data) throw new CccdKeyError('unknown CCCD ciphertext format');
  const raw = Buffer.from(data, 'base64url');
  if (raw.length < 12 + 16 + 1) throw new CccdKeyError('CCCD ciphertext too short');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys.enc, raw.subarray(0, 12));
    decipher.setAAD(AAD);
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw new CccdKeyError(`CCCD authentication failed (key source: ${keys.source})`);
  }
}

/** The keyed hash used for exact lookups; deterministic for one key. */
export function hashCccd(cccd: string, keys: CccdKeys = activeCccdKeys()): string {
  return createHmac('sha256', keys.mac).update(normalizeCccd(cccd)).digest('base64url');
}

/** The companion columns a write of `members.cccd` must carry (hash for lookups, masked for lists). */
export function cccdCompanions(
  cccd: string | null | undefined,
  keys: CccdKeys = activeCccdKeys(),
): { cccdHash: string | null; cccdMasked: string | null } {
  if (!cccd) return { cccdHash: null, cccdMasked: null };
  return { cccdHash: hashCccd(cccd, keys), cccdMasked: maskCccd(normalizeCccd(cccd)) };
}

/** Adds the companion columns when `values` sets `cccd` (insert or update values). */
export function withCccdCompanions<T extends { cccd?: string | null | undefined }>(
  values: T,
): T & { cccdHash?: string | null; cccdMasked?: string | null } {
  if (!('cccd' in values)) return values;
  return { ...values, ...cccdCompanions(values.cccd) };
}

/** A fingerprint of the keys kept in settings, so a server started with another key stops with a clear message. */
export function keyCheckValue(keys: CccdKeys = activeCccdKeys()): string {
  return createHmac('sha256', keys.mac).update('so-tay-dang-vien key check').digest('base64url');
}

export function sameKeyCheck(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Audit entries keep only the masked CCCD: the append-only log must not become a plaintext copy. */
export function maskCccdChanges<T extends Record<string, unknown>>(changes: T): T {
  const c = changes.cccd as { old?: unknown; new?: unknown } | undefined;
  if (!c || typeof c !== 'object') return changes;
  const mask = (v: unknown) => (typeof v === 'string' && v ? maskCccd(normalizeCccd(v)) : (v ?? null));
  return { ...changes, cccd: { old: mask(c.old), new: mask(c.new) } };
}
