/**
 * Test databases: every DB suite runs on the embedded PostgreSQL server and, when TEST_DATABASE_URL
 * points at a PostgreSQL server, again on that server. Each test database is a copy of the run's
 * migrated template (testing/global-setup.ts), made with CREATE DATABASE … TEMPLATE and dropped when
 * the file closes it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database, type Engine } from '../db/client.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** The engines this run covers; CI sets TEST_DATABASE_URL so both run. */
export const ENGINES: Engine[] = TEST_DATABASE_URL ? ['embedded', 'postgres'] : ['embedded'];

export const TEMPLATE_PREFIX = 'sotay_tpl_';

export interface TestServers {
  run: string;
  /** Admin URLs (database `postgres` / the TEST_DATABASE_URL database) and the template's name. */
  embedded: { url: string; template: string };
  postgres?: { url: string; template: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    testServers: TestServers;
  }
}

export interface TestDatabase extends Database {
  /** postgres:// URL of this database, for a second connection pool (a "second app process"). */
  url: string;
}

function servers(): TestServers {
  const s = inject('testServers');
  if (!s) throw new Error('testServers missing: run the tests through vitest.config.ts (its globalSetup starts the servers)');
  return s;
}

function serverOf(engine: Engine) {
  const s = servers();
  const server = engine === 'embedded' ? s.embedded : s.postgres;
  if (!server) throw new Error('TEST_DATABASE_URL is not set');
  return { ...server, run: s.run };
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A database of its own on `engine`: a copy of the migrated template, or (`empty`) a database with no
 * schema at all, for the tests of the migrations themselves.
 */
export async function createTestDatabase(
  engine: Engine,
  opts: { empty?: boolean; poolSize?: number } = {},
): Promise<TestDatabase> {
  const server = serverOf(engine);
  const name = `sotay_t_${server.run}_${randomBytes(4).toString('hex')}`;
  await admin(server.url, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${opts.empty ? 'template0' : server.template}`));
  const url = withDatabase(server.url, name);
  const database = await openDatabase({ databaseUrl: url, poolSize: opts.poolSize ?? 5 });
  return {
    ...database,
    engine,
    url,
    async close() {
      await database.close();
      await admin(server.url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
