/**
 * Rotating check-in codes. The secretary's screen shows a QR (and the same 6 digits under it)
 * that changes every 30 seconds: an HMAC of the meeting id and the 30-second window under a
 * server key. The current and the previous window are accepted, so a code scanned just before
 * it changes still works. A 6-digit code is what an elderly member can type.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { derivedKey } from '../../secrets.ts';
import type { Config } from '../../config.ts';

export const QR_WINDOW_MS = 30_000;

export function windowOf(now: Date): number {
  return Math.floor(now.getTime() / QR_WINDOW_MS);
}

export function qrCode(key: Buffer, meetingId: string, window: number): string {
  const mac = createHmac('sha256', key).update(`${meetingId}:${window}`).digest();
  return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

export function verifyQrCode(key: Buffer, meetingId: string, code: string, now: Date): boolean {
  return checkInTime(key, meetingId, code, now) !== null;
}

/** How far from the phone's own clock a scan's window is looked for (phones' clocks drift). */
const SCAN_SKEW_WINDOWS = 20;
/** An offline check-in older than this is not taken: the meeting's roll call has long moved on. */
const OFFLINE_MAX_AGE_MS = 24 * 60 * 60_000;

/**
 * When the member was really there, or null when the code is wrong. A code sent at once matches the
 * current or the previous window: the time is now. A check-in queued offline arrives later with the
 * time the phone scanned it (scannedAt); its code still proves which 30-second window the member saw
 * on the secretary's screen, so it is checked against the windows around that time (never in the
 * future) and the check-in counts at the scan time, bounded to that window, not at the arrival.
 */
export function checkInTime(key: Buffer, meetingId: string, code: string, now: Date, scannedAt?: Date): Date | null {
  const given = Buffer.from(code.replace(/\D/g, ''));
  if (given.length !== 6) return null;
  const matches = (win: number) => timingSafeEqual(given, Buffer.from(qrCode(key, meetingId, win)));
  const w = windowOf(now);
  if (matches(w) || matches(w - 1)) return now;
  if (!scannedAt || scannedAt.getTime() < now.getTime() - OFFLINE_MAX_AGE_MS) return null;
  const around = Math.min(windowOf(scannedAt), w);
  for (let d = 0; d <= SCAN_SKEW_WINDOWS; d++) {
    for (const win of d === 0 ? [around] : [around - d, around + d]) {
      if (win > w - 2 || !matches(win)) continue;
      const start = win * QR_WINDOW_MS;
      // The scan happened while this code (or the next one) was on screen: up to one window later.
      const t = Math.min(Math.max(scannedAt.getTime(), start), start + 2 * QR_WINDOW_MS - 1);
      return new Date(t);
    }
  }
  return null;
}

/** Seconds until the code on screen changes. */
export function secondsLeft(now: Date): number {
  return Math.ceil((QR_WINDOW_MS - (now.getTime() % QR_WINDOW_MS)) / 1000);
}

const keys = new Map<string, Buffer>();

/**
 * The server key: generated once into the data folder (embedded mode keeps its secrets there).
 * Tests get a per-process key so they never write into ./data. Several app servers must share
 * the data folder's key file (or a future config secret).
 */
export function qrKey(config: Config): Buffer {
  const cacheKey = config.NODE_ENV === 'test' ? 'test' : config.dataDir;
  const cached = keys.get(cacheKey);
  if (cached) return cached;
  const derived = derivedKey(config, 'meetings.qr');
  if (derived) return derived;
  let key: Buffer;
  if (config.NODE_ENV === 'test') {
    key = randomBytes(32);
  } else {
    const file = path.join(config.dataDir, 'secrets', 'meeting-qr.key');
    try {
      key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    } catch {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      try {
        fs.writeFileSync(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
      } catch {
        // Another process created it first: read theirs.
      }
      key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    }
  }
  keys.set(cacheKey, key);
  return key;
}
