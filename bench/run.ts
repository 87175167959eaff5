/**
 * npm run bench [-- --quick] [--engine pglite|postgres|both] [--seconds N] [--connections N]
 *
 * Builds or reuses a deterministic dataset, starts the real server (NODE_ENV=production) and a bare
 * baseline server on the same engine and data, drives both with autocannon over loopback, and prints
 * a table (scenario, engine, requests/s, ratio to baseline, p50, p97.5, p99, errors, server RSS).
 * Results also go to bench/results/<time>.json. --quick uses the demo-scale data and a few seconds per
 * scenario: CI runs it as a smoke test that fails on errors, never on speed.
 *
 * PostgreSQL runs when BENCH_DATABASE_URL (or TEST_DATABASE_URL) names a server to create the
 * benchmark database on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareDataset, ROOT, DEMO_PASSWORD, type Dataset, type EngineName, type Scale } from './dataset.ts';
import { runLoad, type RequestSpec, type ScenarioResult } from './load.ts';
import { randomUUID } from 'node:crypto';
import { testConfig } from '../src/server/config.ts';
import { qrCode, qrKey, windowOf } from '../src/server/modules/meetings/qr.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    engine: { type: 'string', default: 'both' },
    seconds: { type: 'string' },
    connections: { type: 'string', default: '50' },
    only: { type: 'string' },
  },
});
const quick = values.quick;
const seconds = Number(values.seconds ?? (quick ? 3 : 10));
const connections = Number(values.connections);
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const engines: EngineName[] = values.engine === 'both' ? (pgUrl ? ['pglite', 'postgres'] : ['pglite']) : [values.engine as EngineName];

/** PGlite runs the city-scale data (its target is the 6,080-member city); PostgreSQL the province. */
function scaleFor(engine: EngineName): Scale {
  if (quick) return 'demo';
  return engine === 'postgres' ? 'province' : 'demo';
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Proc {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

async function startProcess(args: string[], env: NodeJS.ProcessEnv, port: number, readyPath: string): Promise<Proc> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each started process (open it in Chrome DevTools).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
// setupRequest calls path(), then headers(), then body() for one request: these carry the pick across.
let pendingCheckIn: Dataset['checkIns'][number] | null = null;
let pendingRoll = '';
const pick = <T>(list: T[]): T => list[seq++ % list.length]!;

/** The server's check-in key: the same file the server reads (created here first when missing). */
function meetingKey(dataDir: string): Buffer {
  return qrKey(testConfig({ NODE_ENV: 'production', DATA_DIR: dataDir }));
}

/** Members of the check-in scenario whose check-in was sent, and those answered 2xx (to verify afterwards). */
const checkedIn = new Set<string>();
const confirmed = new Set<string>();

interface Scenario {
  name: string;
  spec: (d: Dataset, key: Buffer) => RequestSpec;
  connections?: number;
  note?: string;
}

const SCENARIOS: Scenario[] = [
  { name: 'member home', spec: (d) => ({ path: () => '/api/auth/me', headers: () => ({ cookie: pick(d.memberCookies) }) }), note: 'GET /api/auth/me until the member home endpoint exists' },
  {
    name: 'document search',
    spec: (d) => ({
      path: () => `/api/library/search?q=${encodeURIComponent(pick(['57-NQ/TW', 'nq 12', 'nghị quyết 30', 'xay dung dang', 'chuyen doi so', 'chỉnh đốn', 'kinh te xa hoi', 'hd 4', 'sinh hoat chi b']))}`,
      headers: () => ({ cookie: pick(d.memberCookies) }),
    }),
    note: 'symbol, diacritic-free phrase and prefix queries, as members type them',
  },
  { name: 'open a document', spec: (d) => ({ path: () => `/api/documents/${pick(d.documentIds)}`, headers: () => ({ cookie: pick(d.memberCookies) }) }) },
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
  { name: 'roll call (secretary)', spec: (d) => ({ path: () => { const r = pick(d.rollCalls); pendingRoll = r.cookie; return `/api/meetings/${r.meetingId}/attendance`; }, headers: () => ({ cookie: pendingRoll }) }) },
  { name: 'unit tree (admin)', spec: (d) => ({ path: () => `/api/units/${pick(d.unitIds)}/children`, headers: () => ({ cookie: pick(d.adminCookies) }) }) },
  { name: 'unit search (admin)', spec: (d) => ({ path: () => `/api/units/search?q=${encodeURIComponent(pick(['phuong', 'chi bo khu pho', 'xa', 'truong', 'hòa']))}`, headers: () => ({ cookie: pick(d.adminCookies) }) }) },
  { name: 'cell member list (secretary)', spec: (d) => ({ path: () => '/api/members?limit=50', headers: () => ({ cookie: pick(d.secretaryCookies) }) }) },
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
  const head = ['scenario', 'engine', 'req/s', 'ratio', 'p50 ms', 'p97.5 ms', 'p99 ms', 'errors', 'non-2xx', 'RSS MB'];
  const rows = results.map((r) => [r.scenario, r.engine, String(r.requestsPerSec), r.ratio === null ? '' : r.ratio.toFixed(2), String(r.p50), String(r.p97_5), String(r.p99), String(r.errors), String(r.non2xx), r.rssMb === null ? '' : String(r.rssMb)]);
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
  const baseline = await startProcess(['bench/baseline.ts', String(basePort), dataset.target], { NODE_ENV: 'production' }, basePort, `/unit/${dataset.unitIds[0]}`);
  let baseRps = 0;
  try {
    const r = await runLoad({ url: baseline.url, connections, seconds, spec: { path: () => `/unit/${pick(dataset.unitIds)}` }, pid: baseline.child.pid });
    baseRps = r.requestsPerSec;
    results.push({ scenario: 'baseline (PK row)', engine, ratio: 1, ...r });
  } finally {
    await baseline.stop();
  }

  const port = await freePort();
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false', LOG_LEVEL: 'warn', DB_POOL_SIZE: '20', RATE_LIMIT_FACTOR: '100000' };
  if (engine === 'postgres') {
    env.DATABASE_URL = dataset.target;
    env.DATA_DIR = path.join(ROOT, 'bench/.data', `postgres-${scale}`);
  } else {
    env.DATA_DIR = dataset.target;
    delete env.DATABASE_URL;
  }
  const key = meetingKey(env.DATA_DIR!);
  checkedIn.clear();
  confirmed.clear();
  const server = await startProcess(['src/server/main.ts'], env, port, '/api/health');
  try {
    for (const s of SCENARIOS) {
      if (values.only && !s.name.includes(values.only)) continue;
      const r = await runLoad({ url: server.url, connections: s.connections ?? connections, seconds, spec: s.spec(dataset, key), pid: server.child.pid });
      results.push({ scenario: s.name, engine, ratio: baseRps ? r.requestsPerSec / baseRps : null, ...r, ...(s.note ? { note: s.note } : {}) });
      console.log(`  ${s.name}: ${r.requestsPerSec} req/s, p99 ${r.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}`);
    }
  } finally {
    await server.stop();
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

/** After the run: one attendance row per member who checked in, none lost, none doubled. */
async function verifyAttendance(d: Dataset): Promise<{ rows: number; distinct: number; stray: number; missing: number }> {
  const { openDatabase, rowsOf } = await import('../src/server/db/client.ts');
  const { sql } = await import('drizzle-orm');
  const database = await openDatabase(d.engine === 'postgres' ? { databaseUrl: d.target, poolSize: 1 } : { dataDir: d.target });
  try {
    const ids = sql.join(d.meetingIds.map((id) => sql`${id}::uuid`), sql`, `);
    const rows = rowsOf<{ member_id: string }>(await database.db.execute(sql`SELECT member_id FROM meeting_attendance WHERE meeting_id IN (${ids})`));
    const present = new Set(rows.map((r) => r.member_id));
    return { rows: rows.length, distinct: present.size, stray: rows.filter((r) => !checkedIn.has(r.member_id)).length, missing: [...confirmed].filter((m) => !present.has(m)).length };
  } finally {
    await database.close();
  }
}

const all: ScenarioResult[] = [];
for (const engine of engines) all.push(...(await benchEngine(engine)));
console.log(`\n${fmt(all)}\n`);
for (const r of all) if (r.note) console.log(`  ${r.scenario}: ${r.note}`);
const outDir = path.join(ROOT, 'bench/results');
fs.mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `${new Date().toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
fs.writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), quick, seconds, connections, machine: { cpus: (await import('node:os')).cpus().length }, results: all }, null, 2));
console.log(`\nwritten ${path.relative(ROOT, file)}`);
const failed = all.filter((r) => r.errors > 0 || r.non2xx > 0);
if (attendanceFailures.length) {
  console.error(`✖ check-ins lost or doubled on ${attendanceFailures.join(', ')}`);
  process.exit(1);
}
if (failed.length) {
  console.error(`✖ scenarios with errors or non-2xx answers: ${failed.map((r) => `${r.scenario} (${r.engine})`).join(', ')}`);
  process.exit(1);
}
