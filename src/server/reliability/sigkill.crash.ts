/**
 * Crash tests: the real server process is killed with SIGKILL in the middle of a 20,000-row member
 * import, and in the middle of a burst of meeting finalizations and check-ins. After a restart on
 * the same data (the embedded server's folder, or a PostgreSQL database) nothing half-written is
 * visible, every acknowledged write is there, the import can be rerun to the clean result, and a
 * client replaying its check-in queue is counted once.
 *
 * Embedded: a killed app leaves its postmaster running (an orphan, in its own process group); the
 * next start takes over the dead process's folder lock and stops the orphan first. The burst test
 * also kills the postmaster and all its backends at once, as a power cut would: the restart then
 * recovers from the write-ahead log, which fsync (on, and checked) has made durable.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import { clusterDir, openDatabase, rowsOf, socketDir, type Database, type Engine } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { lockPath } from '../db/lock.ts';
import { auditLog, meetingAttendance, meetingClientOps, meetings, members } from '../db/schema.ts';
import { testConfig } from '../config.ts';
import { derivedKey } from '../secrets.ts';
import { qrCode, windowOf } from '../modules/meetings/qr.ts';
import { ENGINES, TEST_DATABASE_URL } from '../testing/databases.ts';
import { multipart } from '../testing/members.factories.ts';
import { makeCrashWorld, memberCsv, type CrashWorld } from './crash-fixtures.ts';
import { freePort, ROOT, startServerProcess, type ServerProcess } from './server-process.ts';

const APP_SECRET = `crash-test-${randomBytes(24).toString('hex')}`;
const IMPORT_ROWS = 20_000;
const MEETINGS = 16;
const INVITED = 30;
const CHECK_INS = 120;

/** Where the data lives across restarts, and a way to look at it directly. */
interface Target {
  env: Record<string, string>;
  /** Opens the data from this process (embedded: through the running server, or starting it). */
  inspect<T>(fn: (database: Database) => Promise<T>): Promise<T>;
  /** Resolves once process `pid` has begun writing the import's rows (inside its transaction). */
  importWriting(pid: number, uploadBytes: number): Promise<void>;
  cleanup(): Promise<void>;
}

// CRASH_TRACE=1 prints when each step happened (to see where a slow run spends its time).
const t0 = Date.now();
const trace = (what: string) =>
  process.env.CRASH_TRACE && console.log(`[crash ${((Date.now() - t0) / 1000).toFixed(1)}s] ${what}`);

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** The embedded server's postmaster for a data folder, if one runs (its pid file's first line). */
function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(clusterDir(dataDir), 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function makeTarget(engine: Engine): Promise<Target> {
  if (engine === 'embedded') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotay-crash-'));
    const onServer = async <T>(fn: (c: pg.Client) => Promise<T>) => {
      const c = new pg.Client({ host: socketDir(dataDir), user: 'postgres', database: 'sotay' });
      await c.connect();
      try {
        return await fn(c);
      } finally {
        await c.end();
      }
    };
    return {
      env: { DATA_DIR: dataDir },
      // Through the running server's socket, or (after a kill) by starting the server here, which
      // first stops the orphan postmaster the killed process left.
      async inspect(fn) {
        const database = await openDatabase({ dataDir, poolSize: 3, shareRunning: true });
        try {
          return await fn(database);
        } finally {
          await database.close();
        }
      },
      async importWriting() {
        await until('the import to insert members', () =>
          onServer(async (c) => {
            const r = await c.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = 'sotay' AND query ILIKE 'insert into "members"%'`,
            );
            return r.rows[0]!.n > 0;
          }).catch(() => false),
        );
        await new Promise((r) => setTimeout(r, 300)); // a few batches in
      },
      async cleanup() {
        const pid = postmasterPid(dataDir);
        if (pid) process.kill(-pid, 'SIGKILL');
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `sotay_crash_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString(), DB_POOL_SIZE: '10' },
    async inspect(fn) {
      const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 3 });
      try {
        return await fn(database);
      } finally {
        await database.close();
      }
    },
    async importWriting() {
      await until('the import to insert members', async () => {
        const r = await admin.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND query ILIKE 'insert into "members"%'`,
          [name],
        );
        return r.rows[0]!.n > 0;
      });
      await new Promise((r) => setTimeout(r, 300)); // a few batches in
    },
    async cleanup() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

interface Answer {
  status: number;
  json: unknown;
}

async function request(
  server: ServerProcess,
  method: string,
  url: string,
  cookie: string,
  body?: { payload: Buffer; headers: Record<string, string> } | object,
): Promise<Answer> {
  const isUpload = body && 'payload' in body && Buffer.isBuffer(body.payload);
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: {
      cookie,
      'x-requested-with': 'sotay',
      ...(isUpload ? (body as { headers: Record<string, string> }).headers : body ? { 'content-type': 'application/json' } : {}),
    },
    body: isUpload ? new Uint8Array((body as { payload: Buffer }).payload) : body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
}

/** Runs `jobs` with at most `width` in flight; a job that throws (the server died) is recorded, not rethrown. */
async function pool<T>(items: T[], width: number, job: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        await job(item).catch(() => undefined);
      }
    }),
  );
}

describe.each(ENGINES)('SIGKILL of the real server on %s', (engine) => {
  const config = testConfig({ APP_SECRET });
  let target: Target;
  let world: CrashWorld;
  let server: ServerProcess | undefined;
  let port: number;
  const start = async () => {
    server = await startServerProcess({ ...target.env, APP_SECRET, RATE_LIMIT_FACTOR: '1000' }, port);
    return server;
  };

  beforeAll(async () => {
    target = await makeTarget(engine);
    port = await freePort();
    world = await target.inspect(async (database) => {
      await migrateDatabase(database);
      return makeCrashWorld(database.db, config, { meetings: MEETINGS, invited: INVITED, checkIns: CHECK_INS, now: new Date() });
    });
    trace(`${engine}: world ready`);
  });
  afterAll(async () => {
    await server?.kill();
    await target?.cleanup();
  });

  it('the command-line import killed while writing leaves none of its members', async () => {
    const file = path.join(os.tmpdir(), `sotay-crash-${randomUUID()}.csv`);
    fs.writeFileSync(file, memberCsv(IMPORT_ROWS));
    const cli = spawn(process.execPath, ['--import', 'tsx', 'scripts/members-import.ts', file, '--unit', 'SUCO.NHAP'], {
      cwd: ROOT,
      env: { ...process.env, ...target.env, APP_SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    cli.stdout.on('data', (d: Buffer) => (out += d.toString()));
    cli.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exit = new Promise<void>((resolve) => cli.once('exit', () => resolve()));
    try {
      await Promise.race([target.importWriting(cli.pid!, 0), exit]);
      cli.kill('SIGKILL');
      await exit;
    } finally {
      fs.rmSync(file, { force: true });
    }
    expect(cli.signalCode, `the import was killed before it finished:\n${out}`).toBe('SIGKILL');
    trace('command-line import killed');
    // Embedded: this process takes over the lock the killed one left and stops its orphan postmaster.
    const left = await target.inspect(
      async ({ db }) =>
        (
          await db
            .select({ n: sql<number>`count(*)::int` })
            .from(members)
            .where(eq(members.cellId, world.importCellId))
        )[0]!.n,
    );
    expect(left).toBe(0);
  });

  it('an import killed while writing leaves none of its members; the rerun gives the clean result', async () => {
    const s = await start();
    trace('server started');
    const csv = memberCsv(IMPORT_ROWS);
    const upload = (dryRun: boolean, fields: Record<string, string> = {}) =>
      request(
        s,
        'POST',
        `/api/members/import?unitId=${world.importCellId}&dryRun=${dryRun}`,
        world.adminCookie,
        multipart({ name: 'danh-sach-20000.csv', content: csv, type: 'text/csv' }, fields),
      );
    const dry = await upload(true);
    trace('dry run answered');
    expect(dry.status, JSON.stringify(dry.json).slice(0, 500)).toBe(200);
    const plan = dry.json as {
      planHash: string;
      counts: { created: number; updated: number; unchanged: number; rejected: number };
    };
    expect(plan.counts.created).toBeGreaterThan(IMPORT_ROWS * 0.95);

    const real = upload(false, { planHash: plan.planHash }).then(
      (a) => a,
      (err: Error) => err,
    );
    await Promise.race([target.importWriting(s.pid, csv.length), real]);
    trace('import writing: kill');
    await s.kill();
    const outcome = await real;
    expect(outcome, 'the server was killed before it answered the import').toBeInstanceOf(Error);

    // Restart on the same data: the embedded server's folder lock passes to the new process, and
    // the postmaster the killed one left (still running) is stopped and replaced.
    const orphan = engine === 'embedded' ? postmasterPid(target.env.DATA_DIR!) : undefined;
    if (engine === 'embedded') expect(orphan, 'the killed app left its postmaster running').toBeDefined();
    const s2 = await start();
    trace('restarted');
    if (engine === 'embedded') {
      expect(fs.readFileSync(lockPath(target.env.DATA_DIR!), 'utf8').trim()).toBe(String(s2.pid));
      const now = postmasterPid(target.env.DATA_DIR!);
      expect(now).toBeDefined();
      expect(now).not.toBe(orphan);
      // Power-cut safety is PostgreSQL's own: every commit flushed to the write-ahead log.
      const durability = await target.inspect(async ({ db }) =>
        rowsOf<{ fsync: string; sync: string; fpw: string }>(
          await db.execute(
            sql`SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync, current_setting('full_page_writes') AS fpw`,
          ),
        ),
      );
      expect(durability).toEqual([{ fsync: 'on', sync: 'on', fpw: 'on' }]);
    }
    const listed = await request(s2, 'GET', `/api/members?unitId=${world.importCellId}&limit=1`, world.adminCookie);
    expect(listed.json).toMatchObject({ total: 0 });

    // The same file, confirmed against the dry run made before the crash: the plan is unchanged,
    // so the database is exactly as before the killed import, and the rerun writes it all.
    const rerun = await upload(false, { planHash: plan.planHash });
    expect(rerun.status, JSON.stringify(rerun.json).slice(0, 500)).toBe(200);
    trace('rerun answered');
    expect((rerun.json as { counts: unknown }).counts).toEqual(plan.counts);
    const after = await request(s2, 'GET', `/api/members?unitId=${world.importCellId}&limit=1`, world.adminCookie);
    expect(after.json).toMatchObject({ total: plan.counts.created });
  });

  it('finalizations and check-ins killed mid-burst: each meeting finalized fully or not at all, every acknowledged check-in kept and counted once on replay', async () => {
    const s = server ?? (await start()); // the restarted server of the import test, or a fresh one
    const key = derivedKey(config, 'meetings.qr')!;
    const checkInUrl = `/api/meetings/${world.checkInMeetingId}/check-in`;
    const queue = world.checkInCookies.map((cookie) => ({ cookie, clientId: randomUUID() }));
    const ackedCheckIns = new Set<string>();
    const ackedFinal = new Set<string>();
    const checkIn = async (s0: ServerProcess, q: { cookie: string; clientId: string }) =>
      request(s0, 'POST', checkInUrl, q.cookie, {
        token: qrCode(key, world.checkInMeetingId, windowOf(new Date())),
        clientId: q.clientId,
      });

    const burst = Promise.all([
      pool(queue, 12, async (q) => {
        const a = await checkIn(s, q);
        if (a.status >= 200 && a.status < 300) ackedCheckIns.add(q.clientId);
        else if (a.status < 500) throw new Error(`check-in answered ${a.status}: ${JSON.stringify(a.json)}`);
      }),
      pool(world.finalizable, 4, async (id) => {
        const a = await request(s, 'POST', `/api/meetings/${id}/finalize`, world.adminCookie);
        if (a.status >= 200 && a.status < 300) ackedFinal.add(id);
      }),
    ]);
    await until(
      'half the burst to be acknowledged',
      () =>
        (ackedCheckIns.size >= CHECK_INS / 2 || ackedFinal.size >= MEETINGS / 2) && ackedCheckIns.size > 0 && ackedFinal.size > 0,
    );
    trace(`burst: kill after ${ackedCheckIns.size} check-ins, ${ackedFinal.size} finalizations`);
    // Embedded: the app and its whole PostgreSQL (postmaster and backends) at once, like a power cut.
    const postmaster = engine === 'embedded' ? postmasterPid(target.env.DATA_DIR!) : undefined;
    if (postmaster) process.kill(-postmaster, 'SIGKILL');
    await s.kill();
    await burst;
    expect(ackedCheckIns.size + ackedFinal.size, 'the kill came before the burst ended').toBeLessThan(CHECK_INS + MEETINGS);

    const seen = await target.inspect(async ({ db }) => {
      const rows = await db
        .select({
          id: meetings.id,
          status: meetings.status,
          finalizedAt: meetings.finalizedAt,
          finalPostedAt: meetings.finalPostedAt,
          rubricId: meetings.rubricId,
        })
        .from(meetings)
        .where(inArray(meetings.id, world.finalizable));
      const marks = await db
        .select({ id: meetingAttendance.meetingId, n: sql<number>`count(*)::int` })
        .from(meetingAttendance)
        .where(inArray(meetingAttendance.meetingId, world.finalizable))
        .groupBy(meetingAttendance.meetingId);
      const audits = await db
        .select({ id: auditLog.targetId, n: sql<number>`count(*)::int` })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'meetings.finalize'), inArray(auditLog.targetId, world.finalizable)))
        .groupBy(auditLog.targetId);
      const ops = await db
        .select({ clientId: meetingClientOps.clientId })
        .from(meetingClientOps)
        .where(eq(meetingClientOps.meetingId, world.checkInMeetingId));
      const present = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(meetingAttendance)
        .where(
          and(eq(meetingAttendance.meetingId, world.checkInMeetingId), inArray(meetingAttendance.status, ['present', 'late'])),
        );
      return {
        rows,
        marks: new Map(marks.map((m) => [m.id, m.n])),
        audits: new Map(audits.map((a) => [a.id, a.n])),
        ops: new Set(ops.map((o) => o.clientId)),
        present: present[0]!.n,
      };
    });
    expect(seen.rows).toHaveLength(MEETINGS);
    let finalizedCount = 0;
    for (const m of seen.rows) {
      const marked = seen.marks.get(m.id) ?? 0;
      const audited = seen.audits.get(m.id) ?? 0;
      if (m.status === 'finalized') {
        finalizedCount++;
        expect(
          { finalizedAt: !!m.finalizedAt, finalPostedAt: !!m.finalPostedAt, rubric: !!m.rubricId, marked, audited },
          `meeting ${m.id} is fully finalized`,
        ).toEqual({ finalizedAt: true, finalPostedAt: true, rubric: true, marked: INVITED, audited: 1 });
      } else {
        expect(
          { status: m.status, finalizedAt: m.finalizedAt, finalPostedAt: m.finalPostedAt, marked, audited },
          `meeting ${m.id} is untouched`,
        ).toEqual({ status: 'scheduled', finalizedAt: null, finalPostedAt: null, marked: 0, audited: 0 });
        expect(ackedFinal.has(m.id), `meeting ${m.id} was acknowledged as finalized`).toBe(false);
      }
    }
    expect(finalizedCount).toBeGreaterThanOrEqual(ackedFinal.size);
    for (const id of ackedCheckIns) expect(seen.ops.has(id), `acknowledged check-in ${id} is kept`).toBe(true);
    // Every recorded client id has its attendance row (the op and the mark commit together).
    expect(seen.present).toBe(seen.ops.size);

    // Restart; the phones replay their whole queue, the secretary presses "Hoàn tất" again.
    trace('inspected');
    const s3 = await start();
    trace('restarted');
    const replays = await Promise.all(queue.map((q) => checkIn(s3, q)));
    for (const [i, a] of replays.entries()) {
      expect(a.status, JSON.stringify(a.json)).toBe(200);
      const body = a.json as { counted: boolean; replay: boolean };
      expect(body.replay, 'a replayed client id is known exactly when it was recorded before the crash').toBe(
        seen.ops.has(queue[i]!.clientId),
      );
    }
    for (const id of world.finalizable) {
      const a = await request(s3, 'POST', `/api/meetings/${id}/finalize`, world.adminCookie);
      expect(
        a.status === 200 || (a.status === 409 && seen.rows.find((m) => m.id === id)?.status === 'finalized'),
        `finalize ${id}: ${a.status} ${JSON.stringify(a.json)}`,
      ).toBe(true);
    }
    trace('replayed');
    await s3.stop();
    server = undefined;

    const end = await target.inspect(async ({ db }) => ({
      attendance: (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(meetingAttendance)
          .where(eq(meetingAttendance.meetingId, world.checkInMeetingId))
      )[0]!.n,
      ops: (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(meetingClientOps)
          .where(eq(meetingClientOps.meetingId, world.checkInMeetingId))
      )[0]!.n,
      finalized: (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(meetings)
          .where(and(inArray(meetings.id, world.finalizable), eq(meetings.status, 'finalized')))
      )[0]!.n,
      finalizeAudits: (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(auditLog)
          .where(and(eq(auditLog.action, 'meetings.finalize'), inArray(auditLog.targetId, world.finalizable)))
      )[0]!.n,
      imported: (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(members)
          .where(eq(members.cellId, world.importCellId))
      )[0]!.n,
      importAudits: (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(auditLog)
          .where(and(eq(auditLog.action, 'member.import'), eq(auditLog.targetId, world.importCellId)))
      )[0]!.n,
    }));
    expect(end.attendance, 'each member checked in once').toBe(CHECK_INS);
    expect(end.ops).toBe(CHECK_INS);
    expect(end.finalized).toBe(MEETINGS);
    expect(end.finalizeAudits).toBe(MEETINGS);
    expect(end.importAudits, 'only the rerun import is recorded').toBe(1);
    expect(end.imported).toBeGreaterThan(IMPORT_ROWS * 0.95);
  });
});
