/**
 * The audit log's hash chain. Entries are written without a hash inside their own transaction (so
 * writers never wait on one another); a sealer then takes unsealed entries in id order and links
 * each to the previous sealed entry: hash = SHA-256(previous hash + canonical entry). Changing or
 * removing a sealed entry breaks every hash after it, and a trigger refuses updates and deletes
 * anyway. `verifyAuditChain` recomputes the chain.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';

const SEAL_LOCK = 7_345_010;
const GENESIS = 'sotay-audit-genesis';

interface EntryRow {
  id: string | number;
  at: string | Date;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  unit_id: string | null;
  unit_path: string | null;
  request_id: string | null;
  changes: unknown;
  chain_seq?: string | number | null;
  prev_hash?: string | null;
  hash?: string | null;
}

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function entryHash(prevHash: string, e: EntryRow): string {
  const at = (e.at instanceof Date ? e.at : new Date(e.at)).toISOString();
  const changes = typeof e.changes === 'string' ? JSON.parse(e.changes) : e.changes;
  const body = canonical({
    id: String(e.id),
    at,
    actor: e.actor_id,
    action: e.action,
    targetType: e.target_type,
    targetId: e.target_id,
    unit: e.unit_id,
    unitPath: e.unit_path,
    request: e.request_id,
    changes,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

const COLUMNS = sql.raw('id, at, actor_id, action, target_type, target_id, unit_id, unit_path, request_id, changes');

/** Seals up to `limit` entries; returns how many. Only one sealer runs at a time, across processes. */
export async function sealAuditLog(db: Db, limit = 2000): Promise<number> {
  return db.transaction(async (tx) => {
    const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${SEAL_LOCK}) AS ok`));
    if (!lock?.ok) return 0;
    const rows = rowsOf<EntryRow>(
      await tx.execute(sql`SELECT ${COLUMNS} FROM audit_log WHERE chain_seq IS NULL ORDER BY id LIMIT ${limit}`),
    );
    if (rows.length === 0) return 0;
    const [last] = rowsOf<{ chain_seq: string | number; hash: string }>(
      await tx.execute(sql`SELECT chain_seq, hash FROM audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`),
    );
    let seq = Number(last?.chain_seq ?? 0);
    let prev = last?.hash ?? GENESIS;
    const values = rows.map((r) => {
      const hash = entryHash(prev, r);
      seq += 1;
      const v = sql`(${Number(r.id)}::bigint, ${seq}::bigint, ${prev}, ${hash})`;
      prev = hash;
      return v;
    });
    await tx.execute(sql`
      UPDATE audit_log a SET chain_seq = v.seq, prev_hash = v.prev, hash = v.hash
      FROM (VALUES ${sql.join(values, sql`, `)}) AS v(id, seq, prev, hash)
      WHERE a.id = v.id`);
    return rows.length;
  });
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  unsealed: number;
  /** The first entry whose hash does not follow from the one before, if any. */
  brokenAt: { chainSeq: number; id: number; reason: string } | null;
}

export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  let prev = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  let after = 0;
  for (;;) {
    const rows = rowsOf<EntryRow>(
      await db.execute(
        sql`SELECT ${COLUMNS}, chain_seq, prev_hash, hash FROM audit_log WHERE chain_seq > ${after} ORDER BY chain_seq LIMIT 5000`,
      ),
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.chain_seq);
      const broken = (reason: string): ChainReport => ({
        ok: false,
        checked,
        unsealed: 0,
        brokenAt: { chainSeq: seq, id: Number(r.id), reason },
      });
      if (seq !== expectedSeq) return broken(`thiếu mục số ${expectedSeq} trong chuỗi`);
      if (r.prev_hash !== prev) return broken('mã băm của mục trước không khớp');
      if (entryHash(prev, r) !== r.hash) return broken('nội dung mục đã bị thay đổi');
      prev = r.hash!;
      expectedSeq++;
      checked++;
      after = seq;
    }
  }
  const [u] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE chain_seq IS NULL`));
  return { ok: true, checked, unsealed: u?.n ?? 0, brokenAt: null };
}

/** Seals in the background every few seconds; the timer never keeps the process alive. */
export function startAuditSealer(db: Db, everyMs = 3000, log: (err: unknown) => void = () => undefined) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sealAuditLog(db)
      .catch(log)
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
