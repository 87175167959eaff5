/**
 * The first releases kept the embedded database in PGlite (WASM PostgreSQL in the app's process), in
 * the same `<DATA_DIR>/pg` folder. PGlite's files cannot be opened by a real PostgreSQL (a 32-bit WASM
 * build, another major version), so on the first start of this release the folder is converted:
 *
 *   1. PGlite opens the old folder and the app's own dump (db/dump.ts) writes every row out;
 *   2. a new cluster is made in `pg.converting/`, migrated to the level the old folder was at, and the
 *      dump loaded into it (one transaction), then stopped;
 *   3. the old folder moves aside to `pglite-<time>/` (kept: delete it once the new one has proved itself)
 *      and `pg.converting/` becomes `pg/`.
 * Until step 3 the old folder is untouched, so an interrupted conversion starts again from the beginning.
 * PGlite stays a dependency for this alone (and for restoring backups taken by those releases).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { EMBEDDED_DATABASE } from '../client.ts';
import { loadDump, writeDump, readDumpHeader, type DumpSummary } from '../dump.ts';
import { dumpLevel, migrateDatabase } from '../migrate.ts';
import { EmbeddedServer } from './server.ts';

async function openPglite(source: string | Blob) {
  const [{ PGlite }, { pg_trgm }, { unaccent }, { drizzle: drizzlePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/unaccent'),
    import('drizzle-orm/pglite'),
  ]);
  const extensions = { pg_trgm, unaccent };
  const client =
    typeof source === 'string'
      ? await PGlite.create(source, { extensions })
      : await PGlite.create({ extensions, loadDataDir: source });
  return { client, db: drizzlePglite({ client }) };
}

/** Dumps a PGlite database (a folder, or a backup tarball of the first releases) with db/dump.ts. */
export async function dumpPglite(source: string | Blob, outFile: string): Promise<DumpSummary> {
  const { client, db } = await openPglite(source);
  try {
    return await writeDump(db, outFile);
  } finally {
    await client.close();
  }
}

/** Loads a dump into a new cluster at `pgDir` (created here), migrated to the dump's level; leaves it stopped. */
export async function loadIntoNewCluster(dumpFile: string, server: EmbeddedServer): Promise<DumpSummary> {
  const header = await readDumpHeader(dumpFile);
  const upTo = dumpLevel(header.migrations);
  await server.init();
  await server.start();
  try {
    const admin = new pg.Client(server.connection('postgres'));
    await admin.connect();
    await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
    await admin.end();
    const pool = new pg.Pool({ ...server.connection(EMBEDDED_DATABASE), max: 2 });
    pool.on('error', () => undefined); // the server stopping under idle clients
    try {
      const db = drizzle(pool);
      if (upTo > 0) await migrateDatabase({ db: db as never }, undefined, { upTo });
      return await loadDump(db, dumpFile);
    } finally {
      await pool.end();
    }
  } finally {
    await server.stop();
  }
}

export async function convertPgliteFolder(dataDir: string, server: EmbeddedServer, log: (m: string) => void): Promise<void> {
  const pgDir = server.pgDir;
  const converting = `${pgDir}.converting`;
  const dumpFile = path.join(dataDir, 'pglite-conversion.ndjson.gz');
  const next = new EmbeddedServer({ pgDir: converting, socketDir: server.socketDir });
  // Leftovers of an interrupted conversion: its server (if the app was killed meanwhile) and its files.
  await next.clearLeftovers();
  fs.rmSync(converting, { recursive: true, force: true });
  const started = Date.now();
  log('Đang chuyển cơ sở dữ liệu PGlite sang PostgreSQL nhúng (converting the PGlite database; once)…');
  const dumped = await dumpPglite(pgDir, dumpFile);
  const loaded = await loadIntoNewCluster(dumpFile, next);
  if (loaded.rows !== dumped.rows || loaded.tables !== dumped.tables)
    throw new Error(
      `conversion: ${dumped.rows} rows dumped in ${dumped.tables} tables, ${loaded.rows} loaded in ${loaded.tables}`,
    );
  const aside = path.join(dataDir, `pglite-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  fs.renameSync(pgDir, aside);
  fs.renameSync(converting, pgDir);
  fs.rmSync(dumpFile, { force: true });
  log(
    `Đã chuyển ${loaded.rows} dòng trong ${loaded.tables} bảng sau ${Date.now() - started} ms. Thư mục PGlite cũ được giữ tại ` +
      `${aside}: xóa khi đã yên tâm. (Converted; the old PGlite folder is kept aside.)`,
  );
}
