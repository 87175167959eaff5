/**
 * The electronic party card: a page with the member's name, card number, cell and status, and a
 * QR code carrying a signed, expiring token. Anyone can verify a token (no sign-in) and learns
 * only whether it is valid, the name and the cell — never the CCCD.
 * The HMAC key is generated once: a file in the data folder in embedded mode, a settings row
 * when the installation runs on a PostgreSQL server (shared by every app process).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { Db } from '../../db/client.ts';
import { members, settings, units } from '../../db/schema.ts';
import { derivedKey } from '../../secrets.ts';
import type { Config } from '../../config.ts';
import type { Clock } from '../../clock.ts';
import { notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { STATUS_LABELS_VI } from './export.ts';
import { photoUploadedAt, photoUrlOf } from './photo.service.ts';

export const CARD_TOKEN_TTL_MS = 24 * 3600_000;
const KEY_SETTING = 'members.ecard_key';
/** Statuses for which a card is valid. */
const VALID_STATUSES = new Set(['official', 'probationary', 'exempted', 'transferred_out_temporary']);

const keys = new WeakMap<Db, Buffer>();

async function cardKey(db: Db, config: Config): Promise<Buffer> {
  const cached = keys.get(db);
  if (cached) return cached;
  const derived = derivedKey(config, 'members.ecard');
  if (derived) return derived;
  let key: Buffer;
  if (!config.DATABASE_URL && config.NODE_ENV !== 'test') {
    const file = path.join(config.dataDir, 'ecard.key');
    if (!fs.existsSync(file)) {
      fs.mkdirSync(config.dataDir, { recursive: true });
      fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    }
    key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  } else {
    await db
      .insert(settings)
      .values({ key: KEY_SETTING, value: randomBytes(32).toString('hex') })
      .onConflictDoNothing();
    const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY_SETTING));
    key = Buffer.from(String(row!.value), 'hex');
  }
  keys.set(db, key);
  return key;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export async function signCardToken(db: Db, config: Config, memberId: string, expiresAt: Date): Promise<string> {
  const payload = b64(JSON.stringify({ m: memberId, e: Math.floor(expiresAt.getTime() / 1000) }));
  const mac = createHmac('sha256', await cardKey(db, config))
    .update(payload)
    .digest();
  return `${payload}.${b64(mac)}`;
}

async function readToken(
  db: Db,
  config: Config,
  token: string,
  now: Date,
): Promise<{ memberId: string } | { invalid: 'signature' | 'expired' }> {
  const [payload, mac] = token.split('.');
  if (!payload || !mac) return { invalid: 'signature' };
  const expected = createHmac('sha256', await cardKey(db, config))
    .update(payload)
    .digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { invalid: 'signature' };
  let data: { m?: unknown; e?: unknown };
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { m?: unknown; e?: unknown };
  } catch {
    return { invalid: 'signature' };
  }
  if (typeof data.m !== 'string' || typeof data.e !== 'number') return { invalid: 'signature' };
  if (data.e * 1000 < now.getTime()) return { invalid: 'expired' };
  return { memberId: data.m };
}

export async function myCard(ctx: Ctx) {
  if (!ctx.actor.memberId) throw notFound('Tài khoản này không gắn với hồ sơ đảng viên.');
  const [m] = await ctx.db
    .select({
      id: members.id,
      fullName: members.fullName,
      partyCardNumber: members.partyCardNumber,
      status: members.status,
      cellName: units.name,
    })
    .from(members)
    .innerJoin(units, eq(units.id, members.cellId))
    .where(eq(members.id, ctx.actor.memberId));
  if (!m) throw notFound();
  const expiresAt = new Date(ctx.clock.now().getTime() + CARD_TOKEN_TTL_MS);
  const token = await signCardToken(ctx.db, ctx.config, m.id, expiresAt);
  const verifyUrl = `${ctx.config.publicUrl}/xac-minh-the/${token}`;
  const qrSvg = await QRCode.toString(verifyUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const photoAt = await photoUploadedAt(ctx.db, m.id);
  return {
    fullName: m.fullName,
    partyCardNumber: m.partyCardNumber,
    cellName: m.cellName,
    status: m.status,
    statusLabel: STATUS_LABELS_VI[m.status],
    photoUrl: photoAt ? photoUrlOf(m.id, photoAt, true) : null,
    token,
    verifyUrl,
    qrSvg,
    expiresAt,
  };
}

export async function verifyCard(deps: { db: Db; config: Config; clock: Clock }, token: string) {
  const read = await readToken(deps.db, deps.config, token, deps.clock.now());
  if ('invalid' in read) return { valid: false, reason: read.invalid, fullName: null, cellName: null };
  const [m] = await deps.db
    .select({ fullName: members.fullName, status: members.status, cellName: units.name })
    .from(members)
    .innerJoin(units, eq(units.id, members.cellId))
    .where(eq(members.id, read.memberId));
  if (!m) return { valid: false, reason: 'unknown' as const, fullName: null, cellName: null };
  if (!VALID_STATUSES.has(m.status))
    return { valid: false, reason: 'status' as const, fullName: m.fullName, cellName: m.cellName };
  return { valid: true, reason: null, fullName: m.fullName, cellName: m.cellName };
}
