/**
 * One database handle type over node-postgres, on one of two servers of the same engine family:
 * - `embedded` (the default): a PostgreSQL server the app runs itself in `<DATA_DIR>/pg`
 *   (db/embedded/server.ts), reached over its Unix socket in `<DATA_DIR>/run`;
 * - `postgres`: the PostgreSQL server named by DATABASE_URL.
 * Everything above this file sees only `Db`, a Drizzle PgDatabase: the same queries, the same
 * migrations, the same prepared statements on both.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import * as schema from './schema.ts';
import { acquireFolderLock, FolderLockedError, folderLockHolder, type FolderLock } from './lock.ts';
import { clusterExists, EmbeddedServer, isEmbeddedCluster, type EmbeddedServerOptions } from './embedded/server.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query surface as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export type Engine = 'embedded' | 'postgres';

/** The database the embedded server keeps the installation in. */
export const EMBEDDED_DATABASE = 'sotay';

export interface Database {
  db: Db;
  engine: Engine;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** The embedded cluster's folder; the lock, the socket folder, uploads and backups sit beside it. */
export function clusterDir(dataDir: string): string {
  return path.join(dataDir, 'pg');
}

/** The embedded server's Unix socket folder. */
export function socketDir(dataDir: string): string {
  return path.join(dataDir, 'run');
}

export interface OpenOptions {
  /** postgres://... to use a PostgreSQL server; otherwise the embedded server in dataDir. */
  databaseUrl?: string | undefined;
  /** The embedded installation's folder (default ./data). */
  dataDir?: string;
  /** Connections in the pool. */
  poolSize?: number;
  /**
   * Command-line tools: when the app already runs on dataDir, connect to its server's socket
   * instead of refusing. The app itself refuses a folder another process holds.
   */
  shareRunning?: boolean;
  /** Progress messages (first start, conversion of a PGlite folder). */
  log?: (message: string) => void;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPool({ connectionString: opts.databaseUrl }, 'postgres', opts.poolSize ?? 20);
  return openEmbedded(path.resolve(opts.dataDir ?? './data'), opts);
}

function openPool(config: pg.PoolConfig, engine: Engine, poolSize: number, onClose?: () => Promise<void>): Database {
  const pool = new pg.Pool({ ...config, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = drizzle(pool, { schema }) as unknown as Db;
  let closed = false;
  return {
    db,
    engine,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
      await onClose?.();
    },
  };
}

/** CREATE DATABASE unless it exists (on a server we own: no race with another creator). */
async function ensureDatabase(server: EmbeddedServer, name: string) {
  const admin = new pg.Client(server.connection('postgres'));
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}

export interface StartedServer {
  server: EmbeddedServer;
  lock: FolderLock;
  stop(): Promise<void>;
}

/**
 * Takes the data folder, converts a PGlite folder of the first releases, stops an orphan postmaster
 * of a killed app, initializes the cluster on a first start and starts it.
 */
export async function startEmbedded(
  dataDir: string,
  opts: { log?: (message: string) => void; server?: Partial<EmbeddedServerOptions> } = {},
): Promise<StartedServer> {
  const lock = acquireFolderLock(dataDir);
  const pgDir = clusterDir(dataDir);
  const server = new EmbeddedServer({ pgDir, socketDir: socketDir(dataDir), ...opts.server });
  try {
    if (clusterExists(pgDir) && !isEmbeddedCluster(pgDir)) {
      const { convertPgliteFolder } = await import('./embedded/convert.ts');
      await convertPgliteFolder(dataDir, server, opts.log ?? (() => undefined));
    } else if (!clusterExists(pgDir)) {
      // A folder left half-made by an interrupted first start is made again.
      if (fs.existsSync(pgDir)) fs.rmSync(pgDir, { recursive: true, force: true });
      await server.init();
    }
    await server.start();
    await ensureDatabase(server, EMBEDDED_DATABASE);
  } catch (err) {
    await server.stop().catch(() => undefined);
    lock.release();
    throw err;
  }
  return {
    server,
    lock,
    async stop() {
      await server.stop();
      lock.release();
    },
  };
}

async function openEmbedded(dataDir: string, opts: OpenOptions): Promise<Database> {
  const poolSize = opts.poolSize ?? 20;
  let started: StartedServer;
  try {
    started = await startEmbedded(dataDir, opts.log ? { log: opts.log } : {});
  } catch (err) {
    const running = new EmbeddedServer({ pgDir: clusterDir(dataDir), socketDir: socketDir(dataDir) });
    if (
      err instanceof FolderLockedError &&
      opts.shareRunning &&
      folderLockHolder(dataDir) !== undefined &&
      fs.existsSync(path.join(running.socketDir, '.s.PGSQL.5432'))
    )
      return openPool(running.connection(EMBEDDED_DATABASE), 'embedded', poolSize);
    throw err;
  }
  return openPool(started.server.connection(EMBEDDED_DATABASE), 'embedded', poolSize, () => started.stop());
}

/** Raw rows from `db.execute(sql...)` (node-postgres answers with `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
