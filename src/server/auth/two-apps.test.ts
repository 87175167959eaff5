/**
 * Several app processes behind one database (issue 8): two app instances, each with its own
 * connection pool, share sessions, never count a check-in twice however its replays are spread over
 * them, and claim each job once — on the embedded server as on the PostgreSQL server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { ENGINES } from '../testing/databases.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { call } from '../testing/factories.ts';
import { makeMeetingWorld, registerBody, registerMeeting } from '../testing/meetings.factories.ts';
import { buildApp } from '../app.ts';
import { openDatabase, rowsOf, type Database } from '../db/client.ts';
import { meetingAttendance } from '../db/schema.ts';
import { runDueJobs } from '../jobs/worker.ts';
import { qrCode, qrKey, windowOf } from '../modules/meetings/qr.ts';

const START = '2025-03-10T12:30:00Z';

describe.each(ENGINES)('two app processes on one database, on %s', (engine) => {
  let t: TestApp;
  let second: Database;
  let b: FastifyInstance;
  let w: Awaited<ReturnType<typeof makeMeetingWorld>>;
  let meetingId: string;

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2025-02-20T03:00:00Z'));
    second = await openDatabase({ databaseUrl: t.database.url, poolSize: 5 });
    b = await buildApp({ database: second, config: t.config, clock: t.clock });
    await b.ready();
    w = await makeMeetingWorld(t.database.db, t.config, t.clock.now());
    meetingId = await registerMeeting(t.app, w.secretary.cookie, registerBody(w.cellA.id, START));
  });
  afterAll(async () => {
    await b.close();
    await second.close();
    await t.close();
  });

  it('accepts a session on every process and ends it on every process', async () => {
    for (const app of [t.app, b])
      expect((await call(app, w.m2.cookie, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await call(b, w.m2.cookie, { method: 'POST', url: '/api/auth/sign-out', payload: {} })).statusCode).toBeLessThan(300);
    for (const app of [t.app, b])
      expect((await call(app, w.m2.cookie, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('counts each member once when check-ins and their replays arrive on both processes together', async () => {
    t.clock.set(new Date(new Date(START).getTime() + 5 * 60_000));
    const code = qrCode(qrKey(t.config), meetingId, windowOf(t.clock.now()));
    const people = [w.m1, w.m3, w.secretary];
    // Per member: one client id sent three times (a replayed offline check-in) and a second, new one, over both apps.
    const sends = people.flatMap((p) => {
      const clientId = randomUUID();
      return [t.app, b, t.app, b].map((app, i) =>
        call(app, p.cookie, {
          method: 'POST',
          url: `/api/meetings/${meetingId}/check-in`,
          payload: { token: code, clientId: i < 3 ? clientId : randomUUID() },
        }).then((r) => ({ member: p.memberId, res: r })),
      );
    });
    const answers = await Promise.all(sends);
    for (const a of answers) expect(a.res.statusCode, a.res.body).toBe(200);
    for (const p of people) {
      const counted = answers.filter((a) => a.member === p.memberId && (a.res.json() as { counted: boolean }).counted);
      expect(counted).toHaveLength(1);
      const rows = await t.database.db
        .select()
        .from(meetingAttendance)
        .where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.memberId, p.memberId)));
      expect(rows).toHaveLength(1);
      expect(rows[0]!.status).toBe('present');
    }
  });

  it('claims every queued job once when both workers poll at the same time', async () => {
    const due = t.clock.now().toISOString();
    await t.database.db.execute(
      sql`INSERT INTO jobs (kind, payload, run_at) SELECT 'test.two-apps', json_build_object('n', g)::jsonb, ${due}::timestamptz FROM generate_series(1, 60) g`,
    );
    // A kind without a handler fails for good on its first run, so a second claim would show as attempts 2.
    const worker = (database: Database, id: string) =>
      runDueJobs({ db: database.db, config: t.config, clock: t.clock }, { workerId: id, limit: 7, handlers: {} });
    for (let round = 0; round < 20; round++) {
      const ran = await Promise.all([
        worker(t.database, 'a'),
        worker(second, 'b'),
        worker(t.database, 'a2'),
        worker(second, 'b2'),
      ]);
      if (ran.every((n) => n === 0)) break;
    }
    const [row] = rowsOf<{ total: number; once: number; failed: number }>(
      await t.database.db.execute(
        sql`SELECT count(*)::int AS total, count(*) FILTER (WHERE attempts = 1)::int AS once, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM jobs WHERE kind = 'test.two-apps'`,
      ),
    );
    expect(row).toEqual({ total: 60, once: 60, failed: 60 });
  });
});
