/**
 * The benchmark dataset: built once with the project's own generator and reused while its version
 * matches. The embedded server's data lives in bench/.data/embedded-<scale>; PostgreSQL in database sotay_bench_<scale>.
 * Preparation also creates member accounts and sessions directly (no argon2), so the load
 * scenarios can act as many different members, secretaries and admins.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, rowsOf, type Database } from '../src/server/db/client.ts';
import { migrateDatabase } from '../src/server/db/migrate.ts';
import { CccdKeyMismatchError, prepareCccd } from '../src/server/privacy/cccd-backfill.ts';
import { loadConfig } from '../src/server/config.ts';
import { resetInstallation } from '../src/server/db/reset.ts';
import { generateOrganization } from '../src/server/seed/generate.ts';
import { loadOrganization } from '../src/server/seed/load.ts';
import { settings } from '../src/server/db/schema.ts';
import { sha256 } from '../src/server/auth/tokens.ts';
import { SESSION_COOKIE } from '../src/server/auth/sessions.ts';
import { loadDocuments, loadReads } from './documents.ts';

export type Scale = 'demo' | 'province';
export type EngineName = 'embedded' | 'postgres';
/** Bump when the dataset's shape changes, so old copies are rebuilt. */
const DATASET_VERSION = 4;
export const DEMO_PASSWORD = 'Demo@2026';

export interface Dataset {
  engine: EngineName;
  scale: Scale;
  /** DATA_DIR for the embedded server, DATABASE_URL for PostgreSQL. */
  target: string;
  memberCookies: string[];
  secretaryCookies: string[];
  adminCookies: string[];
  unitIds: string[];
  cellIds: string[];
  secretaryLogins: string[];
  provinceId: string;
  /** Published documents every member can read (targeted at the province). */
  documentIds: string[];
  /** Members with a session, each invited to a meeting of their cell that is in progress now. */
  checkIns: Array<{ cookie: string; meetingId: string; memberId: string }>;
  /** Secretaries of those cells with the meeting whose roll call they open. */
  rollCalls: Array<{ cookie: string; meetingId: string }>;
  /** Ids of the meetings created for this run (to verify attendance afterwards). */
  meetingIds: string[];
}

/** Library size per scale: issue 8 asks 10,000 documents with 100 MB of text and a million reads. */
const LIBRARY: Record<Scale, { documents: number; textBytes: number; readers: number; perReader: number }> = {
  demo: { documents: 300, textBytes: 2_000, readers: 1_000, perReader: 20 },
  province: { documents: 10_000, textBytes: 10_000, readers: 5_000, perReader: 200 },
};

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

async function open(engine: EngineName, scale: Scale, adminUrl?: string): Promise<{ database: Database; target: string }> {
  if (engine === 'embedded') {
    const dir = path.join(ROOT, 'bench/.data', `embedded-${scale}`);
    fs.mkdirSync(dir, { recursive: true });
    return { database: await openDatabase({ dataDir: dir }), target: dir };
  }
  if (!adminUrl) throw new Error('PostgreSQL benchmark needs BENCH_DATABASE_URL or TEST_DATABASE_URL');
  const name = `sotay_bench_${scale}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { database: await openDatabase({ databaseUrl: url.toString(), poolSize: 10 }), target: url.toString() };
}

async function currentVersion(database: Database): Promise<number> {
  const [row] = await database.db.select().from(settings).where(eq(settings.key, 'bench.dataset'));
  return row ? Number((row.value as { version: number }).version) : 0;
}

/** Member accounts for `count` members spread over the tree, with one session each. */
/** Activated member accounts (no password: benchmark sessions are created directly). */
async function createMemberUsers(database: Database, count: number) {
  await database.db.execute(sql`
    INSERT INTO users (member_id, display_name, status, activated_at)
    SELECT m.id, m.full_name, 'active', now() FROM members m
    WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.member_id = m.id)
    ORDER BY m.id LIMIT ${count}`);
}

async function makeSessions(database: Database, where: ReturnType<typeof sql>, count: number): Promise<string[]> {
  const db = database.db;
  const users = rowsOf<{ id: string }>(await db.execute(sql`SELECT id FROM users WHERE ${where} ORDER BY id LIMIT ${count}`));
  if (users.length === 0) throw new Error('no users for benchmark sessions');
  // Round-robin when there are fewer users than sessions wanted (a few admins, many devices).
  return sessionsFor(
    database,
    Array.from({ length: count }, (_, i) => users[i % users.length]!.id),
  );
}

/** One fresh session per user id given, in the same order. */
async function sessionsFor(database: Database, userIds: string[]): Promise<string[]> {
  const cookies: string[] = [];
  const rows = userIds.map((id) => {
    const token = randomBytes(24).toString('base64url');
    cookies.push(`${SESSION_COOKIE}=${token}`);
    return sql`(${sha256(token)}, ${id}::uuid, now(), now(), now() + interval '30 days', 'bench', 'bench')`;
  });
  for (let i = 0; i < rows.length; i += 1000) {
    await database.db.execute(
      sql`INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, ip, user_agent) VALUES ${sql.join(rows.slice(i, i + 1000), sql`, `)}`,
    );
  }
  return cookies;
}

const BENCH_PLACE = 'bench';

/**
 * Meetings in progress for the check-in and roll-call scenarios, created fresh each run (they
 * must start "now"): one extraordinary meeting per cell of the first `memberCount` member
 * accounts, all active members of the cell invited; plus sessions for those members and for the
 * cells' secretaries. The previous run's meetings and their attendance are removed first.
 */
async function prepareMeetings(database: Database, memberCount: number) {
  const db = database.db;
  const old = sql`(SELECT id FROM meetings WHERE place = ${BENCH_PLACE})`;
  await db.execute(sql`DELETE FROM meeting_attendance WHERE meeting_id IN ${old}`);
  await db.execute(sql`DELETE FROM meeting_client_ops WHERE meeting_id IN ${old}`);
  await db.execute(sql`DELETE FROM meeting_invitations WHERE meeting_id IN ${old}`);
  await db.execute(sql`DELETE FROM meetings WHERE place = ${BENCH_PLACE}`);
  const active = sql`m.status NOT IN ('removed', 'expelled', 'resigned', 'deceased', 'transferred_out', 'exempted')`;
  const people = rowsOf<{ user_id: string; member_id: string; cell_id: string }>(
    await db.execute(sql`
      SELECT u.id AS user_id, m.id AS member_id, m.cell_id FROM users u JOIN members m ON m.id = u.member_id
      WHERE u.username IS NULL AND u.status = 'active' AND ${active} ORDER BY u.id LIMIT ${memberCount}`),
  );
  const cells = [...new Set(people.map((p) => p.cell_id))];
  const meetingOf = new Map<string, string>();
  for (let i = 0; i < cells.length; i += 500) {
    const rows = rowsOf<{ id: string; cell_id: string }>(
      await db.execute(sql`
        INSERT INTO meetings (cell_id, month, kind, topic, starts_at, planned_end_at, place, status, registered_at, registration_deadline, registered_late, created_at, updated_at)
        SELECT c::uuid, to_char(now() AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM'), 'extraordinary', 'Benchmark', now(), now() + interval '2 hours', ${BENCH_PLACE}, 'scheduled', now(), now(), false, now(), now()
        FROM unnest(${`{${cells.slice(i, i + 500).join(',')}}`}::text[]) AS c
        RETURNING id, cell_id`),
    );
    for (const r of rows) meetingOf.set(r.cell_id, r.id);
  }
  await db.execute(sql`
    INSERT INTO meeting_invitations (meeting_id, member_id)
    SELECT mt.id, m.id FROM meetings mt JOIN members m ON m.cell_id = mt.cell_id
    WHERE mt.place = ${BENCH_PLACE} AND ${active}`);
  // A hundred thousand invitations just replaced: autoanalyze would refresh the statistics within a
  // minute in production; without it the roll-call page's plan expects 10,000 invitations per meeting
  // and hash-joins all members (36 ms instead of 1 ms a request).
  await db.execute(sql`ANALYZE meetings, meeting_invitations, meeting_attendance, meeting_client_ops`);
  const cookies = await sessionsFor(
    database,
    people.map((p) => p.user_id),
  );
  const checkIns = people.map((p, i) => ({ cookie: cookies[i]!, meetingId: meetingOf.get(p.cell_id)!, memberId: p.member_id }));
  const secretaries = rowsOf<{ user_id: string; unit_id: string }>(
    await db.execute(sql`
      SELECT DISTINCT ON (r.unit_id) r.user_id, r.unit_id FROM role_assignments r
      WHERE r.role = 'cell_secretary' AND r.unit_id IN (SELECT cell_id FROM meetings WHERE place = ${BENCH_PLACE}) ORDER BY r.unit_id, r.user_id`),
  );
  const secCookies = await sessionsFor(
    database,
    secretaries.map((s) => s.user_id),
  );
  const rollCalls = secretaries.map((s, i) => ({ cookie: secCookies[i]!, meetingId: meetingOf.get(s.unit_id)! }));
  return { checkIns, rollCalls, meetingIds: [...meetingOf.values()] };
}

export async function prepareDataset(engine: EngineName, scale: Scale, adminUrl?: string, log = console.log): Promise<Dataset> {
  const { database, target } = await open(engine, scale, adminUrl);
  try {
    const { applied } = await migrateDatabase(database);
    // A migration that rewrote rows of a reused dataset leaves dead tuples and stale statistics
    // that autovacuum would clear within minutes in production: clear them before measuring.
    if (applied.length) await database.db.execute(sql`VACUUM (ANALYZE)`);
    // The same CCCD key the bench server will use (its DATA_DIR, or CCCD_KEY / APP_SECRET from the environment).
    const dataDir = engine === 'embedded' ? target : path.join(ROOT, 'bench/.data', `postgres-${scale}`);
    const config = loadConfig({ ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, DATABASE_URL: '' });
    try {
      await prepareCccd(database.db, config);
    } catch (err) {
      if (!(err instanceof CccdKeyMismatchError)) throw err;
      // The PostgreSQL server outlives checkouts but each checkout's bench/.data holds its own generated
      // key: a dataset another checkout wrote cannot be read with ours. It is synthetic, so rebuild it.
      log('  dataset written with another CCCD key (another checkout): rebuilding it');
      await resetInstallation(database);
      await prepareCccd(database.db, config);
    }
    if ((await currentVersion(database)) !== DATASET_VERSION) {
      const t = Date.now();
      log(`  building ${scale} dataset on ${engine}…`);
      await resetInstallation(database);
      const data = generateOrganization({ scale, asOf: '2026-11-01' });
      await loadOrganization(database.db, data, { password: DEMO_PASSWORD });
      const lib = LIBRARY[scale];
      await createMemberUsers(database, lib.readers);
      await loadDocuments(database.db, lib.documents, lib.textBytes, log);
      const reads = await loadReads(database.db, lib.readers, lib.perReader);
      log(`  ${lib.documents} documents, ${reads} read receipts`);
      await database.db.insert(settings).values({ key: 'bench.dataset', value: { version: DATASET_VERSION } });
      // Fresh planner statistics: right after a bulk load the planner believes documents has a few
      // rows and scans the status index, matching every 10 KB search vector (2.8 s a search on
      // province data, 0.15 s after ANALYZE). Autovacuum would do this later in production.
      await database.db.execute(sql`ANALYZE`);
      // And the visibility map, so counts (members under a unit) are index-only scans, as after autovacuum.
      await database.db.execute(sql`VACUUM (ANALYZE) members, documents, document_targets`);
      log(`  dataset built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    // Fresh sessions every run: earlier runs' sessions are dropped so the table does not grow.
    await database.db.execute(sql`DELETE FROM sessions WHERE ip = 'bench'`);
    const memberCookies = await makeSessions(database, sql`member_id IS NOT NULL AND username IS NULL`, LIBRARY[scale].readers);
    const secretaryCookies = await makeSessions(
      database,
      sql`id IN (SELECT user_id FROM role_assignments WHERE role = 'cell_secretary')`,
      300,
    );
    // Production requires two-factor sign-in for admins; their bench sessions stand for completed sign-ins.
    await database.db.execute(
      sql`UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXP', totp_enabled_at = now() WHERE username IN ('admin', 'tinh.admin') AND totp_enabled_at IS NULL`,
    );
    // Committee staff of the province itself, so every unit id of the dataset is in their scope.
    const adminCookies = await makeSessions(database, sql`username IN ('admin', 'tinh.admin')`, 20);
    const unitIds = rowsOf<{ id: string }>(await database.db.execute(sql`SELECT id FROM units ORDER BY id LIMIT 2000`)).map(
      (r) => r.id,
    );
    const cellIds = rowsOf<{ id: string }>(
      await database.db.execute(sql`SELECT id FROM units WHERE type IN ('cell', 'grassroots_cell') ORDER BY id LIMIT 2000`),
    ).map((r) => r.id);
    const secretaryLogins = rowsOf<{ username: string }>(
      await database.db.execute(sql`SELECT username FROM users WHERE username LIKE 'bt.%' ORDER BY username LIMIT 200`),
    ).map((r) => r.username);
    const [province] = rowsOf<{ id: string }>(
      await database.db.execute(sql`SELECT id FROM units WHERE parent_id IS NULL LIMIT 1`),
    );
    const meetingsForRun = await prepareMeetings(database, scale === 'province' ? 5_000 : 1_000);
    const documentIds = rowsOf<{ id: string }>(
      await database.db.execute(
        sql`SELECT d.id FROM documents d JOIN document_targets t ON t.document_id = d.id WHERE t.unit_id = ${province!.id} ORDER BY d.id LIMIT 500`,
      ),
    ).map((r) => r.id);
    return {
      ...meetingsForRun,
      documentIds,
      engine,
      scale,
      target,
      memberCookies,
      secretaryCookies,
      adminCookies,
      unitIds,
      cellIds,
      secretaryLogins,
      provinceId: province!.id,
    };
  } finally {
    await database.close();
  }
}
