// Temporary probe (deleted after use): one dashboard request against the bench database.
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from './src/server/db/client.ts';
import { buildApp } from './src/server/app.ts';
import { loadConfig } from './src/server/config.ts';
import { createSession, SESSION_COOKIE } from './src/server/auth/sessions.ts';

const url = 'postgres://postgres@127.0.0.1:5432/sotay_bench_province';
const config = loadConfig({ ...process.env, NODE_ENV: 'production', DATABASE_URL: url, DATA_DIR: path.resolve('bench/.data/postgres-province') });
const database = await openDatabase({ databaseUrl: url });
const app = await buildApp({ database, config });
await app.ready();
const [u] = rowsOf<{ id: string }>(await database.db.execute(sql`SELECT id FROM users WHERE username = 'tinh.admin'`));
const [p] = rowsOf<{ id: string }>(await database.db.execute(sql`SELECT id FROM units WHERE parent_id IS NULL`));
const { token } = await createSession(database.db, u!.id, { ip: '127.0.0.1', userAgent: 'probe' }, new Date(), config);
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const res = await app.inject({ method: 'GET', url: `/api/stats/adoption?unitId=${p!.id}`, headers: { cookie: `${SESSION_COOKIE}=${token}` } });
  console.log(res.statusCode, Math.round(performance.now() - t), 'ms', res.body.slice(0, 300));
}
await app.close();
await database.close();
