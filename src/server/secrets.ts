/**
 * Keys for signing (meeting check-in codes, e-card tokens). With APP_SECRET set, every key is
 * derived from it (HKDF-SHA256, one key per purpose), so several app servers behind one PostgreSQL
 * agree without sharing files. Without it, each purpose keeps its own generated key (data folder or
 * settings row), which suits the single-process embedded installation.
 */
import { hkdfSync } from 'node:crypto';
import type { Config } from './config.ts';

export function derivedKey(config: Config, purpose: string): Buffer | null {
  if (!config.APP_SECRET) return null;
  return Buffer.from(hkdfSync('sha256', config.APP_SECRET, 'so-tay-dang-vien', purpose, 32));
}
