/**
 * Applies the committed SQL migrations. All pending migrations run in ONE transaction under an
 * advisory lock: a failure leaves the database exactly as it was, and two app processes starting
 * together against one PostgreSQL server do not both migrate.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator';
import { rowsOf, type Database, type DbOrTx } from './client.ts';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));
const MIGRATION_LOCK = 7_345_001;

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `Không áp dụng được bản cập nhật cơ sở dữ liệu "${migration}": ${reason}. ` +
        `Cơ sở dữ liệu được giữ nguyên như trước. (Migration failed; the database is unchanged.)`,
    );
    this.name = 'MigrationError';
  }
}

type Migration = MigrationMeta & { tag: string };
const cache = new Map<string, Migration[]>();

function loadMigrations(folder: string): Migration[] {
  const cached = cache.get(folder);
  if (cached) return cached;
  const metas = readMigrationFiles({ migrationsFolder: folder });
  // readMigrationFiles keeps journal order but drops the tags; read them for error messages.
  const journal = JSON.parse(fs.readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as { entries: Array<{ tag: string }> };
  const list = metas.map((m, i) => ({ ...m, tag: journal.entries[i]?.tag ?? `#${i}` }));
  cache.set(folder, list);
  return list;
}

async function ensureTable(db: DbOrTx) {
  await db.execute(sql`CREATE SCHEMA IF NOT EXISTS drizzle`);
  await db.execute(
    sql`CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`,
  );
}

async function appliedMillis(db: DbOrTx): Promise<number> {
  const rows = rowsOf<{ m: string | number | null }>(
    await db.execute(sql`SELECT max(created_at) AS m FROM drizzle.__drizzle_migrations`),
  );
  return Number(rows[0]?.m ?? 0);
}

/**
 * `upTo` (a migration's folderMillis, as in a dump's header) stops there: a backup or a converted
 * folder is loaded at the schema it was taken at, and the next start migrates it the rest of the way.
 */
export async function migrateDatabase(
  database: Pick<Database, 'db'>,
  folder = MIGRATIONS_FOLDER,
  opts: { upTo?: number } = {},
): Promise<{ applied: string[] }> {
  const migrations = loadMigrations(folder).filter((m) => opts.upTo === undefined || m.folderMillis <= opts.upTo);
  const applied: string[] = [];
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await ensureTable(tx);
    const last = await appliedMillis(tx);
    for (const m of migrations) {
      if (m.folderMillis <= last) continue;
      try {
        for (const stmt of m.sql) if (stmt.trim()) await tx.execute(sql.raw(stmt));
      } catch (err) {
        throw new MigrationError(m.tag, err);
      }
      await tx.execute(sql`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES (${m.hash}, ${m.folderMillis})`);
      applied.push(m.tag);
    }
  });
  return { applied };
}

export class UnknownMigrationError extends Error {}

/**
 * The level a dump was taken at, checked against the committed migrations: a dump made by a newer
 * release (a migration this code does not have) cannot be loaded by it.
 */
export function dumpLevel(applied: Array<{ hash: string; createdAt: number }>, folder = MIGRATIONS_FOLDER): number {
  const known = new Map(loadMigrations(folder).map((m) => [m.folderMillis, m]));
  for (const a of applied) {
    const m = known.get(a.createdAt);
    if (!m || m.hash !== a.hash)
      throw new UnknownMigrationError(
        `Bản dữ liệu được tạo bởi một phiên bản mới hơn (migration ${a.createdAt} không có trong phiên bản này): ` +
          `hãy cập nhật ứng dụng trước. (The data was made by a newer release.)`,
      );
  }
  return Math.max(0, ...applied.map((a) => a.createdAt));
}

/** For /api/health: is the database at the newest committed migration? */
export async function migrationsCurrent(db: DbOrTx, folder = MIGRATIONS_FOLDER): Promise<boolean> {
  const migrations = loadMigrations(folder);
  const newest = Math.max(0, ...migrations.map((m) => m.folderMillis));
  try {
    return (await appliedMillis(db)) >= newest;
  } catch {
    return false;
  }
}
