/**
 * Vitest global setup: once per run, one throw-away embedded PostgreSQL server (in a temp folder,
 * without fsync: nothing in it must outlive the run) and, when TEST_DATABASE_URL is set, a template
 * database on that PostgreSQL server. Each gets one database migrated once (the template); every
 * test file then copies it with CREATE DATABASE … TEMPLATE (testing/databases.ts), which takes a
 * fraction of a second where migrating took 3 s a file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { EmbeddedServer } from '../db/embedded/server.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { openDatabase } from '../db/client.ts';
import { TEMPLATE_PREFIX, type TestServers } from './databases.ts';

async function migrateTemplate(url: string) {
  const database = await openDatabase({ databaseUrl: url, poolSize: 1 });
  try {
    await migrateDatabase(database);
    // The copies start with fresh statistics of an empty schema, as a new installation does.
    await database.pool.query('VACUUM ANALYZE');
  } finally {
    await database.close();
  }
}

/** Databases of runs that were killed before their teardown (the server is shared: only old ones). */
async function dropStale(c: pg.Client) {
  const { rows } = await c.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'sotay\\_tpl\\_%' OR datname LIKE 'sotay\\_t\\_%'`,
  );
  for (const { datname } of rows) {
    const started = parseInt(/^sotay_(?:tpl|t)_([0-9a-z]{8})/.exec(datname)?.[1] ?? '', 36);
    if (Number.isFinite(started) && Date.now() - started > 6 * 3600_000)
      await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
}

export default async function setup(project: TestProject) {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const template = `${TEMPLATE_PREFIX}${run}`;
  // A short path: the Unix socket's full path must fit in 107 bytes.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotay-t-'));
  const server = new EmbeddedServer({
    pgDir: path.join(dir, 'pg'),
    socketDir: path.join(dir, 'run'),
    durable: false,
    detached: false,
    // Two vitest workers on a small machine, each file with a pool of 5 and the occasional second app.
    settings: { max_connections: '300', shared_buffers: '64MB', log_min_messages: 'fatal' },
  });
  await server.init();
  await server.start();
  const admin = new pg.Client(server.connection('postgres'));
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  await migrateTemplate(server.url(template));

  const servers: TestServers = { run, embedded: { url: server.url('postgres'), template } };
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await dropStale(c);
    await c.query(`CREATE DATABASE ${template}`);
    await c.end();
    const url = new URL(pgUrl);
    url.pathname = `/${template}`;
    await migrateTemplate(url.toString());
    servers.postgres = { url: pgUrl, template };
  }
  project.provide('testServers', servers);

  return async () => {
    if (pgUrl) {
      // This run's template and any copy a killed worker left behind.
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      const { rows } = await c.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
        [template, `sotay_t_${run}_%`],
      );
      for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await c.end();
    }
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
