/**
 * Start-up step after the migrations: set the process's CCCD keys, refuse a key that does not match
 * the one the data was written with, and convert plaintext CCCDs of older databases (column
 * `members.cccd`) into the encrypted form. Idempotent and safe with several processes starting
 * together (rows are claimed with FOR UPDATE SKIP LOCKED, converted rows have no plaintext left).
 */
import { eq, sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import { rowsOf, type Db } from '../db/client.ts';
import { settings } from '../db/schema.ts';
import {
  cccdCompanions,
  cccdKeysFor,
  encryptCccd,
  keyCheckValue,
  normalizeCccd,
  sameKeyCheck,
  useCccdKeys,
  type CccdKeys,
} from './cccd-crypto.ts';

export const KEY_CHECK_SETTING = 'members.cccd_key_check';
const BATCH = 1_000;

export class CccdKeyMismatchError extends Error {
  constructor(source: CccdKeys['source']) {
    super(
      `Khóa mã hóa CCCD (nguồn: ${source}) không khớp với khóa đã dùng để lưu dữ liệu này. ` +
        'Hãy đặt lại đúng CCCD_KEY / APP_SECRET hoặc khôi phục tệp data/secrets/cccd.key; không ghi dữ liệu mới với khóa sai. ' +
        '(The CCCD encryption key does not match the key this database was written with.)',
    );
    this.name = 'CccdKeyMismatchError';
  }
}

/** Stores the key fingerprint on first use; throws CccdKeyMismatchError when it differs. */
export async function verifyCccdKey(db: Db, keys: CccdKeys): Promise<void> {
  const mine = keyCheckValue(keys);
  await db.insert(settings).values({ key: KEY_CHECK_SETTING, value: mine }).onConflictDoNothing();
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY_CHECK_SETTING));
  if (typeof row?.value !== 'string' || !sameKeyCheck(row.value, mine)) throw new CccdKeyMismatchError(keys.source);
}

/** Converts every plaintext CCCD left in `members.cccd`; returns how many rows it converted. */
export async function backfillCccd(db: Db, keys: CccdKeys): Promise<number> {
  let converted = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const rows = rowsOf<{ id: string; cccd: string }>(
        await tx.execute(
          sql`SELECT id, cccd FROM members WHERE cccd IS NOT NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        ),
      );
      if (rows.length === 0) return 0;
      const values = rows.map((r) => {
        const plain = normalizeCccd(r.cccd);
        if (!plain) return sql`(${r.id}::uuid, NULL::text, NULL::text, NULL::text)`;
        const { cccdHash, cccdMasked } = cccdCompanions(plain, keys);
        return sql`(${r.id}::uuid, ${encryptCccd(plain, keys)}::text, ${cccdHash}::text, ${cccdMasked}::text)`;
      });
      await tx.execute(sql`
        UPDATE members SET cccd_enc = v.enc, cccd_hash = v.hash, cccd_masked = v.masked, cccd = NULL
        FROM (VALUES ${sql.join(values, sql`, `)}) AS v(id, enc, hash, masked)
        WHERE members.id = v.id`);
      return rows.length;
    });
    converted += n;
    if (n < BATCH) return converted;
  }
}

/** What every entry point that opens the database calls right after migrating. */
export async function prepareCccd(db: Db, config: Config): Promise<{ converted: number }> {
  const keys = cccdKeysFor(config);
  useCccdKeys(keys);
  await verifyCccdKey(db, keys);
  return { converted: await backfillCccd(db, keys) };
}
