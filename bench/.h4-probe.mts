/** Times search() on the bench database for a few members and queries; EXPLAIN of the slowest. */
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '../src/server/db/client.ts';
import { migrateDatabase } from '../src/server/db/migrate.ts';
import { loadRoles } from '../src/server/auth/sessions.ts';
import { search as newSearch } from '../src/server/modules/documents/search.service.ts';
import { search as oldSearch } from '../src/server/modules/documents/h4-old-search.tmp.ts';
const search = process.env.OLD ? oldSearch : newSearch;
import { testConfig } from '../src/server/config.ts';
import type { Actor } from '../src/server/auth/authorize.ts';

const target = process.argv[2]!;
const database = await openDatabase(target.startsWith('postgres') ? { databaseUrl: target, poolSize: 2 } : { dataDir: target });
await migrateDatabase(database);
const db = database.db;
const users = rowsOf<{ id: string; member_id: string }>(await db.execute(sql`SELECT id, member_id FROM users WHERE member_id IS NOT NULL AND username IS NULL ORDER BY id LIMIT 20`));
const actors: Actor[] = [];
for (const u of users) actors.push({ userId: u.id, displayName: 'x', username: null, memberId: u.member_id, locale: 'vi', sessionId: 'x', twoFactor: false, roles: await loadRoles(db, u.id, u.member_id) });
const timings: string[] = [];
if (process.env.TRACE) {
  const orig = db.execute.bind(db);
  (db as unknown as { execute: typeof db.execute }).execute = (async (q: Parameters<typeof db.execute>[0]) => {
    const t0 = performance.now();
    const r = await orig(q);
    timings.push((performance.now() - t0).toFixed(1));
    return r;
  }) as typeof db.execute;
}
const ctxOf = (actor: Actor) => ({ db, actor, clock: { now: () => new Date() }, config: testConfig({}), requestId: 'probe' });
const queries = ['57-NQ/TW', 'nq 12', 'nghị quyết 30', 'xay dung dang', 'chuyen doi so', 'chỉnh đốn', 'kinh te xa hoi', 'hd 4', 'sinh hoat chi b', 'đảng', 'dong luc chinh de', ''];
for (const q of queries) {
  const times: number[] = [];
  let total = 0;
  let capped = false;
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const r = await search(ctxOf(actors[i % actors.length]!), q, { limit: 20, offset: 0 });
    times.push(performance.now() - t0);
    total = r.total;
    capped = r.totalCapped;
  }
  times.sort((a, b) => a - b);
  if (process.env.TRACE) console.log('   per statement (last run):', timings.slice(-4).join(' '));
  console.log(`${JSON.stringify(q).padEnd(22)} median ${times[5]!.toFixed(1)} ms  max ${times[9]!.toFixed(1)} ms  total ${total}${capped ? '+' : ''}`);
}
process.exit(0);
