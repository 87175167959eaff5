/**
 * A failed statement is logged without its parameters, and the database's complaint without the
 * values it quotes: personal data does not belong in logs (issue 17 finding 2). The statements
 * here fail for real on each engine, with a member's phone, name and CCCD as parameters; the log
 * is the app's own logger as buildApp configures it, and the jobs table's last_error is checked too.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { ENGINES, createTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { buildApp } from '../app.ts';
import { testConfig } from '../config.ts';
import { fixedClock } from '../clock.ts';
import { jobs, users } from '../db/schema.ts';
import { recordAudit } from '../modules/audit/audit.service.ts';
import { enqueue } from '../jobs/queue.ts';
import { runDueJobs } from '../jobs/worker.ts';

const PHONE = '0912777333';
const NAME = 'Trần Thị Riêng Tư';
const USERNAME = 'tran.thi.rieng.tu';

describe.each(ENGINES)('errors in logs without personal data on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => database.close());

  /** Three real failures: bad JSON text, a unique key, a value that is not a uuid. */
  async function failures(): Promise<unknown[]> {
    const db = database.db;
    const caught: unknown[] = [];
    const source = { actorId: null, requestId: 'r', at: new Date() };
    await recordAudit(db, source, {
      action: 'member.update',
      targetType: 'member',
      changes: { phone: { old: PHONE, new: `${NAME} \uD800` } },
    }).catch((e: unknown) => caught.push(e));
    await db.insert(users).values({ username: USERNAME, displayName: NAME, status: 'active' });
    await db
      .insert(users)
      .values({ username: USERNAME, displayName: NAME, status: 'active' })
      .catch((e: unknown) => caught.push(e));
    await db.execute(sql`SELECT * FROM users WHERE id = ${`${PHONE}-${NAME}`}::uuid`).catch((e: unknown) => caught.push(e));
    await db.delete(users).where(eq(users.username, USERNAME));
    expect(caught).toHaveLength(3);
    return caught;
  }

  it('logs the SQL text and the SQLSTATE, never the parameters or the quoted values', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (c: Buffer) => lines.push(...c.toString('utf8').split('\n').filter(Boolean)));
    const app = await buildApp({
      database,
      config: testConfig({ LOG_LEVEL: 'error' }),
      clock: fixedClock(new Date()),
      logStream: stream,
    });
    await app.ready();
    for (const err of await failures()) app.log.error({ err }, 'unhandled error');
    await app.close();
    expect(lines).toHaveLength(3);
    const entries = lines.map((l) => JSON.parse(l) as { err: { message: string; cause?: { code?: string; message: string } } });
    for (const line of lines) for (const secret of [PHONE, NAME, USERNAME, 'Riêng', '0912']) expect(line).not.toContain(secret);
    expect(entries.map((e) => e.err.message)).toEqual([
      expect.stringMatching(/^Failed query: insert into "audit_log"/i),
      expect.stringMatching(/^Failed query: insert into "users"/i),
      expect.stringMatching(/^Failed query: SELECT \* FROM users WHERE id = \$1::uuid$/),
    ]);
    // The database's complaint stays, without the value it quoted.
    expect(entries.map((e) => e.err.cause?.code)).toEqual(['22P02', '23505', '22P02']);
    expect(entries[1]!.err.cause).toMatchObject({ constraint: 'users_username_uq', table: 'users' });
    expect(entries[2]!.err.cause?.message).toBe('invalid input syntax for type uuid: "…"');
  });

  it('keeps a failed job’s error without the statement’s parameters', async () => {
    const clock = fixedClock(new Date());
    await enqueue(database.db, 'test.leaky', {}, { maxAttempts: 1 });
    await runDueJobs(
      { db: database.db, config: testConfig(), clock },
      {
        handlers: {
          'test.leaky': async () => {
            await database.db.insert(users).values({ username: USERNAME, displayName: NAME, status: 'active' });
            await database.db.insert(users).values({ username: USERNAME, displayName: NAME, status: 'active' });
          },
        },
      },
    );
    const [job] = await database.db.select().from(jobs).where(eq(jobs.kind, 'test.leaky'));
    expect(job!.status).toBe('failed');
    expect(job!.lastError).toMatch(/Failed query: insert into "users"/i);
    expect(job!.lastError).toContain('23505');
    for (const secret of [NAME, USERNAME]) expect(job!.lastError).not.toContain(secret);
  });
});
