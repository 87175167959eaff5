/**
 * npm run bench [-- --quick] [--engine embedded|postgres|both] [--seconds N] [--connections N] [--processes N] [--only NAME] [--scale demo|province]
 *
 * Builds or reuses a deterministic dataset, starts the real server as it ships (dist/server/main.js,
 * compiled first; NODE_ENV=production) and a bare
 * baseline server on the same engine and data, drives both with autocannon over loopback, and prints
 * a table (scenario, engine, requests/s, ratio to baseline, p50, p97.5, p99, errors, server RSS).
 * Results also go to bench/results/<time>.json. --quick uses the demo-scale data and a few seconds per
 * scenario: CI runs it as a smoke test that fails on errors, never on speed.
 *
 * PostgreSQL runs when BENCH_DATABASE_URL (or TEST_DATABASE_URL) names a server to create the
 * benchmark database on.
 *
 * --processes N (PostgreSQL only) runs N app processes behind the one database, sharing the data
 * folder's keys (or BENCH_APP_SECRET as their APP_SECRET), and spreads the connections over them; it then checks that a session made on one
 * process works (and ends) on the others, that queued jobs are claimed once, and (as always) that
 * no check-in is lost or doubled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareDataset, ROOT, DEMO_PASSWORD, type Dataset, type EngineName, type Scale } from './dataset.ts';
import { runLoad, type RequestSpec, type ScenarioResult } from './load.ts';
import { WORDS } from './documents.ts';
import { randomUUID } from 'node:crypto';
import { testConfig } from '../src/server/config.ts';
import { qrCode, qrKey, windowOf } from '../src/server/modules/meetings/qr.ts';
import { freePort } from '../src/server/testing/process.ts';
import { buildServer } from '../scripts/build-server.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    engine: { type: 'string', default: 'both' },
    seconds: { type: 'string' },
    connections: { type: 'string', default: '50' },
    only: { type: 'string' },
    processes: { type: 'string', default: '1' },
    // --scale province: the embedded server on the province data too (10,000 documents, 100 MB of text).
    scale: { type: 'string' },
  },
});
const quick = values.quick;
const seconds = Number(values.seconds ?? (quick ? 3 : 10));
const connections = Number(values.connections);
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const engines: EngineName[] =
  values.engine === 'both' ? (pgUrl ? ['embedded', 'postgres'] : ['embedded']) : [values.engine as EngineName];

/** The embedded server runs the city-scale data (its target is the 6,080-member city); PostgreSQL the province. */
function scaleFor(engine: EngineName): Scale {
  if (values.scale === 'demo' || values.scale === 'province') return values.scale;
  if (quick) return 'demo';
  return engine === 'postgres' ? 'province' : 'demo';
}

interface Proc {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

async function startProcess(args: string[], env: NodeJS.ProcessEnv, port: number, readyPath: string): Promise<Proc> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each started process (open it in Chrome DevTools).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // BENCH_NODE_FLAGS="--flag …" tries node/V8 flags (heap sizes, GC) on the app processes only.
  if (args.some((a) => a.endsWith('.js'))) prof.push(...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean));
  // A .ts entry runs through tsx (the baseline); the server runs as built for production (dist/server/main.js).
  const loader = args[0]?.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...prof, ...loader, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d));
  child.stderr?.on('data', (d: Buffer) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited early:\n${out}`);
    try {
      const res = await fetch(url + readyPath);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`process not ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    url,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise<void>((r) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          r();
        }, 10_000);
        child.once('exit', () => {
          clearTimeout(t);
          r();
        });
      });
    },
  };
}

let seq = 0;
let seed = 20261127;
/** Deterministic pseudo-random numbers (the same queries every run). */
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
function uniqueQuery(): string {
  const r = random();
  if (r < 0.15) return `${pick(['nq', 'hd', 'kh', 'ct', 'nghị quyết', 'chỉ thị'])} ${1 + Math.floor(random() * 300)}`;
  const words = Array.from({ length: 2 + Math.floor(random() * 2) }, () => WORDS[Math.floor(random() * WORDS.length)]!);
  let q = words.join(' ');
  if (random() < 0.5) q = q.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  // Typing: the last word cut short.
  if (random() < 0.4) q = q.slice(0, q.length - Math.floor(random() * 3));
  return q;
}
// setupRequest calls path(), then headers(), then body() for one request: these carry the pick across.
let pendingCheckIn: Dataset['checkIns'][number] | null = null;
let pendingRoll = '';
const pick = <T>(list: T[]): T => list[seq++ % list.length]!;

/** The server's check-in key: the same file the server reads (created here first when missing). */
function meetingKey(dataDir: string, appSecret?: string): Buffer {
  return qrKey(testConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, ...(appSecret ? { APP_SECRET: appSecret } : {}) }));
}

/** Members of the check-in scenario whose check-in was sent, and those answered 2xx (to verify afterwards). */
const checkedIn = new Set<string>();
const confirmed = new Set<string>();

interface Scenario {
  name: string;
  spec: (d: Dataset, key: Buffer) => RequestSpec;
  connections?: number;
  /** Requests a second by engine (open load); unset: as fast as the connections go (saturating). */
  rate?: Record<EngineName, number>;
  note?: string;
}

const uniqueSearches = (d: Dataset): RequestSpec => ({
  path: () => `/api/library/search?q=${encodeURIComponent(uniqueQuery())}`,
  headers: () => ({ cookie: pick(d.memberCookies) }),
});

const HOME_PAGE = ['/api/auth/session', '/api/home', '/api/notifications/unread'];

const SCENARIOS: Scenario[] = [
  {
    // What the member's home page asks on its first load, in its order: who am I (me-early.js),
    // the home endpoint (next meeting, new documents, tasks, unread counts) and the bell's count.
    name: 'member home',
    spec: (d) => {
      let n = 0;
      let cookie = pick(d.memberCookies);
      return {
        path: () => {
          const i = n++ % HOME_PAGE.length;
          if (i === 0) cookie = pick(d.memberCookies);
          return HOME_PAGE[i]!;
        },
        headers: () => ({ cookie }),
      };
    },
    note: "the home page's first load: GET /api/auth/session, /api/home, /api/notifications/unread in turn (page loads/s = req/s ÷ 3)",
  },
  {
    name: 'document search',
    spec: (d) => ({
      path: () =>
        `/api/library/search?q=${encodeURIComponent(pick(['57-NQ/TW', 'nq 12', 'nghị quyết 30', 'xay dung dang', 'chuyen doi so', 'chỉnh đốn', 'kinh te xa hoi', 'hd 4', 'sinh hoat chi b']))}`,
      headers: () => ({ cookie: pick(d.memberCookies) }),
    }),
    note: 'symbol, diacritic-free phrase and prefix queries, as members type them',
  },
  {
    // New searches (as in the last search scenario) arriving evenly: the latency a member sees on
    // a busy day. Clients that never pause measure capacity and, past it, only queueing (p97.5
    // there is 50 / throughput). The pace follows the members a deployment serves: a province on
    // PostgreSQL (100,000 members each searching five times on the day a resolution comes out, a
    // third of it in one hour: ~42 a second) gets 100 a second; a city on the embedded server (6,080 members:
    // ~3 a second by the same count) gets 25 a second, whatever the size of its library.
    name: 'document search (unique queries, paced)',
    rate: { postgres: 100, embedded: 25 },
    spec: uniqueSearches,
    note: 'new searches arriving evenly (100 a second on PostgreSQL, 25 on the embedded server): latency at a busy pace, not under saturation',
  },
  {
    name: 'open a document',
    spec: (d) => ({ path: () => `/api/documents/${pick(d.documentIds)}`, headers: () => ({ cookie: pick(d.memberCookies) }) }),
  },
  {
    name: 'meeting check-in',
    note: 'writes: members of many cells check in with the current rotating code; replays count once',
    spec: (d, key) => ({
      method: 'POST',
      path: () => {
        const c = pick(d.checkIns);
        checkedIn.add(c.memberId);
        pendingCheckIn = c;
        return `/api/meetings/${c.meetingId}/check-in`;
      },
      headers: () => ({ cookie: pendingCheckIn!.cookie, 'content-type': 'application/json', 'x-requested-with': 'sotay' }),
      body: () => JSON.stringify({ token: qrCode(key, pendingCheckIn!.meetingId, windowOf(new Date())), clientId: randomUUID() }),
      mark: () => pendingCheckIn!.memberId,
      onResponse: (memberId, status) => {
        if (status >= 200 && status < 300) confirmed.add(memberId);
      },
    }),
  },
  {
    name: 'roll call (secretary)',
    spec: (d) => ({
      path: () => {
        const r = pick(d.rollCalls);
        pendingRoll = r.cookie;
        return `/api/meetings/${r.meetingId}/attendance`;
      },
      headers: () => ({ cookie: pendingRoll }),
    }),
  },
  // Issue 6/8: the province dashboard (p95 < 200 ms on PostgreSQL at province scale) and a city's (< 100 ms on the embedded server).
  {
    name: 'province dashboard (admin)',
    spec: (d) => ({
      path: () => `/api/stats/adoption?unitId=${d.provinceId}`,
      headers: () => ({ cookie: pick(d.adminCookies) }),
    }),
  },
  {
    name: 'unit dashboard (admin)',
    spec: (d) => ({
      path: () => `/api/stats/adoption?unitId=${pick(d.unitIds)}`,
      headers: () => ({ cookie: pick(d.adminCookies) }),
    }),
  },
  {
    name: 'unit tree (admin)',
    spec: (d) => ({ path: () => `/api/units/${pick(d.unitIds)}/children`, headers: () => ({ cookie: pick(d.adminCookies) }) }),
  },
  {
    name: 'unit search (admin)',
    spec: (d) => ({
      path: () => `/api/units/search?q=${encodeURIComponent(pick(['phuong', 'chi bo khu pho', 'xa', 'truong', 'hòa']))}`,
      headers: () => ({ cookie: pick(d.adminCookies) }),
    }),
  },
  {
    name: 'cell member list (secretary)',
    spec: (d) => ({ path: () => '/api/members?limit=50', headers: () => ({ cookie: pick(d.secretaryCookies) }) }),
  },
  {
    // The first search scenario repeats nine searches, which the candidate lists (search-cache.ts)
    // answer from memory after the first one. Run last but one, as its burst grows the heap that
    // the later rows' RSS would carry. Here nearly every search is new: two or three words of the
    // documents' vocabulary, with or without diacritics, the last one often cut short while typing,
    // or a symbol number: the cost of a search nobody made before.
    name: 'document search (unique queries)',
    spec: uniqueSearches,
    note: 'new words for nearly every request, as fast as 50 clients go: the capacity for searches nobody asked before',
  },
  {
    name: 'sign-in (argon2id)',
    connections: 8,
    note: 'argon2id is slow on purpose: this is the sign-ins per second one process sustains',
    spec: (d) => ({
      method: 'POST',
      path: () => '/api/auth/sign-in',
      headers: () => ({ 'content-type': 'application/json', 'x-requested-with': 'sotay' }),
      body: () => JSON.stringify({ login: pick(d.secretaryLogins), password: DEMO_PASSWORD }),
    }),
  },
];

function fmt(results: ScenarioResult[]): string {
  const head = [
    'scenario',
    'engine',
    'req/s',
    'ratio',
    'p50 ms',
    'p97.5 ms',
    'p99 ms',
    'errors',
    'non-2xx',
    'RSS MB',
    'app µs/req',
    'db µs/req',
  ];
  const us = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  const rows = results.map((r) => [
    r.scenario,
    r.engine,
    String(r.requestsPerSec),
    r.ratio === null ? '' : r.ratio.toFixed(2),
    String(r.p50),
    String(r.p97_5),
    String(r.p99),
    String(r.errors),
    String(r.non2xx),
    r.rssMb === null ? '' : String(r.rssMb),
    us(r.appCpuUs),
    us(r.dbCpuUs),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function benchEngine(engine: EngineName): Promise<ScenarioResult[]> {
  const scale = scaleFor(engine);
  console.log(`\n== ${engine}, ${scale} data`);
  const dataset = await prepareDataset(engine, scale, pgUrl);
  const results: ScenarioResult[] = [];

  const basePort = await freePort();
  const baseline = await startProcess(
    ['bench/baseline.ts', String(basePort), dataset.target],
    { NODE_ENV: 'production' },
    basePort,
    `/unit/${dataset.unitIds[0]}`,
  );
  let baseRps = 0;
  try {
    const r = await runLoad({
      url: baseline.url,
      connections,
      seconds,
      spec: { path: () => `/unit/${pick(dataset.unitIds)}` },
      pid: baseline.child.pid,
    });
    baseRps = r.requestsPerSec;
    results.push({ scenario: 'baseline (PK row)', engine, ratio: 1, ...r });
  } finally {
    await baseline.stop();
  }

  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    DB_POOL_SIZE: '20',
    RATE_LIMIT_FACTOR: '100000',
  };
  if (engine === 'postgres') {
    env.DATABASE_URL = dataset.target;
    env.DATA_DIR = path.join(ROOT, 'bench/.data', `postgres-${scale}`);
  } else {
    env.DATA_DIR = dataset.target;
    delete env.DATABASE_URL;
  }
  if (processes > 1) {
    if (engine !== 'postgres') throw new Error('--processes needs PostgreSQL (the embedded server belongs to one app process)');
    // The processes share one data folder, so they agree on its generated keys (check-in codes, CCCD).
    // BENCH_APP_SECRET gives them one APP_SECRET instead, as on separate hosts; the CCCD key then
    // follows it, so only a dataset built with that same secret in the environment opens.
    if (process.env.BENCH_APP_SECRET) env.APP_SECRET = process.env.BENCH_APP_SECRET;
  }
  const key = meetingKey(env.DATA_DIR!, env.APP_SECRET);
  checkedIn.clear();
  confirmed.clear();
  // Started one after the other, so only the first one runs pending migrations.
  const servers: Proc[] = [await startProcess(SERVER, env, port, '/api/health')];
  for (let i = 1; i < processes; i++) {
    const p = await freePort();
    servers.push(await startProcess(SERVER, { ...env, PORT: String(p) }, p, '/api/health'));
  }
  const label = processes > 1 ? `${engine} ×${processes}` : engine;
  const urls = servers.length > 1 ? servers.map((s) => s.url) : servers[0]!.url;
  const pids = servers.map((s) => s.child.pid!);
  try {
    for (const s of SCENARIOS) {
      if (values.only && !s.name.includes(values.only)) continue;
      const r = await runLoad({
        url: urls,
        connections: s.connections ?? connections,
        seconds,
        spec: s.spec(dataset, key),
        pid: pids.length > 1 ? pids : pids[0],
        ...(s.rate ? { rate: s.rate[engine] } : {}),
      });
      // A paced scenario's requests/s is its pace: no ratio to the baseline.
      results.push({
        scenario: s.name,
        engine: label,
        ratio: baseRps && !s.rate ? r.requestsPerSec / baseRps : null,
        ...r,
        ...(s.note ? { note: s.note } : {}),
      });
      console.log(`  ${s.name}: ${r.requestsPerSec} req/s, p99 ${r.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}`);
    }
    if (servers.length > 1) {
      const cross = await checkAcrossProcesses(servers, dataset);
      console.log(`  across processes: ${cross.summary}`);
      results.push({
        scenario: 'across processes',
        engine: label,
        requestsPerSec: 0,
        ratio: null,
        p50: 0,
        p97_5: 0,
        p99: 0,
        errors: cross.ok ? 0 : 1,
        non2xx: 0,
        rssMb: null,
        note: cross.summary,
      });
      if (!cross.ok) crossFailures.push(label);
    }
  } finally {
    for (const s of servers) await s.stop();
  }
  if (checkedIn.size) {
    const check = await verifyAttendance(dataset);
    const row = results.find((r) => r.scenario === 'meeting check-in');
    // Requests still in flight when the scenario stopped may or may not have been applied: a row
    // is required for every confirmed member and allowed for the in-flight ones, never twice.
    const summary = `attendance rows ${check.rows} (${check.distinct} distinct members); ${confirmed.size} members confirmed 2xx, ${checkedIn.size - confirmed.size} only in flight at the end; ${check.missing} confirmed without a row; ${check.stray} rows for members who never checked in`;
    if (row) row.note = `${row.note ?? ''}; ${summary}`;
    console.log(`  check-in verification: ${summary}`);
    if (check.missing !== 0 || check.distinct !== check.rows || check.stray !== 0) attendanceFailures.push(engine);
  }
  return results;
}

const attendanceFailures: EngineName[] = [];
const crossFailures: string[] = [];
const processes = Number(values.processes);

/**
 * Several app processes behind one database: a session signed in on one process works on every
 * other and, signed out on the last, ends on the first; jobs queued meanwhile are each claimed
 * once (attempts = 1) by whichever worker got them first.
 */
async function checkAcrossProcesses(servers: Proc[], d: Dataset): Promise<{ ok: boolean; summary: string }> {
  const csrf = { 'content-type': 'application/json', 'x-requested-with': 'sotay' };
  const signIn = await fetch(`${servers[0]!.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: csrf,
    body: JSON.stringify({ login: d.secretaryLogins[0], password: DEMO_PASSWORD }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  const meOn = async (s: Proc) => (await fetch(`${s.url}/api/auth/me`, { headers: { cookie } })).status;
  const seen = await Promise.all(servers.map(meOn));
  const signOut = await fetch(`${servers.at(-1)!.url}/api/auth/sign-out`, {
    method: 'POST',
    headers: { ...csrf, cookie },
    body: '{}',
  });
  const afterOut = await Promise.all(servers.map(meOn));
  const sessionsOk = signIn.ok && seen.every((s) => s === 200) && signOut.ok && afterOut.every((s) => s === 401);

  // Jobs of a kind no handler knows: each claim fails it at once and for good, so a second claim would show as attempts 2.
  const { openDatabase, rowsOf } = await import('../src/server/db/client.ts');
  const { sql } = await import('drizzle-orm');
  const database = await openDatabase({ databaseUrl: d.target, poolSize: 1 });
  const JOBS = 400;
  let jobs = { total: 0, once: 0, workers: 0, pending: 0 };
  try {
    await database.db.execute(sql`DELETE FROM jobs WHERE kind = 'bench.across-processes'`);
    await database.db.execute(
      sql`INSERT INTO jobs (kind, payload, max_attempts) SELECT 'bench.across-processes', json_build_object('n', g)::jsonb, 5 FROM generate_series(1, ${JOBS}) g`,
    );
    const deadline = Date.now() + 60_000;
    do {
      await new Promise((r) => setTimeout(r, 500));
      const [row] = rowsOf<{ total: number; once: number; workers: number; pending: number }>(
        await database.db.execute(sql`
          SELECT count(*)::int AS total, count(*) FILTER (WHERE attempts = 1)::int AS once,
                 count(DISTINCT locked_by)::int AS workers, count(*) FILTER (WHERE status IN ('queued', 'running'))::int AS pending
            FROM jobs WHERE kind = 'bench.across-processes'`),
      );
      jobs = row!;
    } while (jobs.pending > 0 && Date.now() < deadline);
    await database.db.execute(sql`DELETE FROM jobs WHERE kind = 'bench.across-processes'`);
  } finally {
    await database.close();
  }
  const jobsOk = jobs.total === JOBS && jobs.once === JOBS && jobs.pending === 0;
  const summary =
    `session signed in on process 1: /me ${seen.join('/')} on processes 1..${servers.length}, after sign-out on process ${servers.length}: ${afterOut.join('/')}; ` +
    `${jobs.total} jobs queued, ${jobs.once} claimed exactly once, by ${jobs.workers} different workers, ${jobs.pending} left`;
  return { ok: sessionsOk && jobsOk, summary };
}

/** After the run: one attendance row per member who checked in, none lost, none doubled. */
async function verifyAttendance(d: Dataset): Promise<{ rows: number; distinct: number; stray: number; missing: number }> {
  const { openDatabase, rowsOf } = await import('../src/server/db/client.ts');
  const { sql } = await import('drizzle-orm');
  const database = await openDatabase(
    d.engine === 'postgres' ? { databaseUrl: d.target, poolSize: 1 } : { dataDir: d.target, poolSize: 1, shareRunning: true },
  );
  try {
    const ids = sql.join(
      d.meetingIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    const rows = rowsOf<{ member_id: string }>(
      await database.db.execute(sql`SELECT member_id FROM meeting_attendance WHERE meeting_id IN (${ids})`),
    );
    const present = new Set(rows.map((r) => r.member_id));
    return {
      rows: rows.length,
      distinct: present.size,
      stray: rows.filter((r) => !checkedIn.has(r.member_id)).length,
      missing: [...confirmed].filter((m) => !present.has(m)).length,
    };
  } finally {
    await database.close();
  }
}

// The production build of the server, as `npm start` runs it (compiled once per bench run).
const SERVER = ['--enable-source-maps', path.relative(ROOT, await buildServer())];

const all: ScenarioResult[] = [];
for (const engine of engines) all.push(...(await benchEngine(engine)));
// --only filters this scenario too (e.g. --only "document search" skips it).
if (!values.only || 'member import'.includes(values.only))
  all.push(...(await (await import('./import.ts')).benchImport({ engines, quick, adminUrl: pgUrl }))); // member import 6,080 / 100,000 rows (bench/import.ts)
console.log(`\n${fmt(all)}\n`);
for (const r of all) if (r.note) console.log(`  ${r.scenario}: ${r.note}`);
const outDir = path.join(ROOT, 'bench/results');
fs.mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `${new Date().toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
fs.writeFileSync(
  file,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      quick,
      seconds,
      connections,
      machine: { cpus: (await import('node:os')).cpus().length },
      results: all,
    },
    null,
    2,
  ),
);
console.log(`\nwritten ${path.relative(ROOT, file)}`);
const failed = all.filter((r) => r.errors > 0 || r.non2xx > 0);
if (crossFailures.length) {
  console.error(`✖ sessions or jobs not consistent across processes on ${crossFailures.join(', ')}`);
  process.exit(1);
}
if (attendanceFailures.length) {
  console.error(`✖ check-ins lost or doubled on ${attendanceFailures.join(', ')}`);
  process.exit(1);
}
if (failed.length) {
  console.error(`✖ scenarios with errors or non-2xx answers: ${failed.map((r) => `${r.scenario} (${r.engine})`).join(', ')}`);
  process.exit(1);
}
