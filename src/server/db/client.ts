/**
 * One database handle type, two drivers: PGlite (embedded, default) and node-postgres.
 * Everything above this file sees only `Db`, a Drizzle PgDatabase, so both engines run the
 * same queries and the same migrations.
 */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import path from 'node:path';
import pg from 'pg';
import * as schema from './schema.ts';
import { acquireFolderLock, type FolderLock } from './lock.ts';
import { withStatementCache } from './pglite-statements.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query surface as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export type Engine = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  engine: Engine;
  close(): Promise<void>;
  /** PGlite only: a consistent gzipped tarball of the database files, taken by the owning process. */
  dumpDataDir?: () => Promise<Blob>;
}

/** PGlite keeps PostgreSQL's own files in <dataDir>/pg; the lock, uploads and backups sit beside it. */
export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, 'pg');
}

export const PGLITE_EXTENSIONS = { pg_trgm, unaccent };

export interface OpenOptions {
  /** postgres://... to use a PostgreSQL server; otherwise PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; `memory://` for an in-memory database (tests). */
  dataDir?: string;
  /** Connection pool size for node-postgres. */
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 20);
  return openPglite(opts.dataDir ?? 'memory://');
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return { db, engine: 'postgres', close: () => pool.end() };
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  let lock: FolderLock | undefined;
  if (!inMemory) lock = acquireFolderLock(dataDir);
  try {
    const client = await PGlite.create(inMemory ? undefined : pgliteDir(dataDir), { extensions: PGLITE_EXTENSIONS });
    // Every query as a cached named statement (pglite-statements.ts): parsing and planning each
    // time cost five times the execution of the per-request queries, on the app's one thread.
    const db = drizzlePglite({ client: withStatementCache(client) as unknown as PGlite, schema }) as unknown as Db;
    return {
      db,
      engine: 'pglite',
      dumpDataDir: () => client.dumpDataDir('gzip'),
      close: async () => {
        await client.close();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/** Raw rows from `db.execute(sql...)`: node-postgres and PGlite both answer with `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
