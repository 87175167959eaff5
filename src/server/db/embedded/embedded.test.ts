/**
 * The embedded PostgreSQL server as an installation uses it: a real data folder, the real app and
 * command-line tools as separate processes, SIGKILL and SIGTERM.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { clusterDir, openDatabase, rowsOf, socketDir } from '../client.ts';
import { FolderLockedError, lockPath } from '../lock.ts';
import { migrateDatabase } from '../migrate.ts';
import { freePort } from '../../testing/process.ts';
import { EmbeddedServer, isEmbeddedCluster } from './server.ts';
import { hydrateSymlinks } from './binaries.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const dirs: string[] = [];
function temp(prefix = 'sotay-emb-'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The postmaster's pid from its pid file, if the file is there. */
function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(clusterDir(dataDir), 'postmaster.pid');
  return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').split('\n')[0]) : undefined;
}

function runTs(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, DATABASE_URL: '' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe('the embedded PostgreSQL server', () => {
  it('starts on a Unix socket inside the data folder only, durable, and starts again on the same data', async () => {
    const dataDir = temp();
    let database = await openDatabase({ dataDir, poolSize: 2 });
    await migrateDatabase(database);
    const [settings] = rowsOf<Record<string, string>>(
      await database.db.execute(sql`SELECT current_setting('listen_addresses') AS listen, current_setting('fsync') AS fsync,
        current_setting('synchronous_commit') AS sync, current_setting('unix_socket_directories') AS sockets,
        current_setting('autovacuum') AS autovacuum, unaccent('Nghị quyết') AS folded`),
    );
    expect(settings).toEqual({
      listen: '',
      fsync: 'on',
      sync: 'on',
      sockets: socketDir(dataDir),
      autovacuum: 'on',
      folded: 'Nghi quyet',
    });
    // Only the folder's owner reaches the socket.
    expect(fs.statSync(socketDir(dataDir)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(clusterDir(dataDir)).mode & 0o777).toBe(0o700);
    expect(isEmbeddedCluster(clusterDir(dataDir))).toBe(true);
    await database.db.execute(sql`CREATE TABLE kept (v text)`);
    await database.db.execute(sql`INSERT INTO kept VALUES ('đảng viên')`);
    const firstPid = postmasterPid(dataDir)!;
    await database.close();
    expect(pidAlive(firstPid)).toBe(false);
    expect(fs.existsSync(lockPath(dataDir))).toBe(false);

    database = await openDatabase({ dataDir, poolSize: 2 });
    expect(rowsOf(await database.db.execute(sql`SELECT v FROM kept`))).toEqual([{ v: 'đảng viên' }]);
    await database.close();
  });

  it('refuses a second server on the same folder, and lets command-line tools use the running one', async () => {
    const dataDir = temp();
    const database = await openDatabase({ dataDir, poolSize: 2 });
    try {
      await migrateDatabase(database);
      const second = await openDatabase({ dataDir }).catch((e: unknown) => e);
      expect(second).toBeInstanceOf(FolderLockedError);
      expect((second as Error).message).toMatch(/đang được tiến trình \d+ sử dụng/);

      // A second app process on the folder stops at once with the message.
      const app = await runTs(['src/server/main.ts'], { DATA_DIR: dataDir, PORT: String(await freePort()), SEED_DEMO: 'false' });
      expect(app.code).toBe(1);
      expect(app.out).toContain(`đang được tiến trình ${process.pid} sử dụng`);

      // The tools connect to this process's server through its socket.
      const audit = await runTs(['scripts/audit-verify.ts'], { DATA_DIR: dataDir });
      expect(audit.code, audit.out).toBe(0);
      expect(audit.out).toMatch(/Nhật ký nguyên vẹn/);
      await database.db.execute(sql`CREATE TABLE after_backup (n int)`);
      const outDir = temp();
      const backup = await runTs(['scripts/backup.ts', '--out', outDir], { DATA_DIR: dataDir });
      expect(backup.code, backup.out).toBe(0);
      expect(fs.readdirSync(outDir)).toEqual([expect.stringMatching(/^sotay-backup-/)]);
      // Still this process's server, still serving.
      expect(rowsOf(await database.db.execute(sql`SELECT count(*)::int AS n FROM after_backup`))).toEqual([{ n: 0 }]);
    } finally {
      await database.close();
    }
  });

  it('after its app was killed, the next start stops the orphan postmaster and keeps every commit', async () => {
    const dataDir = temp();
    const script = path.join(temp(), 'holder.mjs');
    fs.writeFileSync(
      script,
      `import { openDatabase } from ${JSON.stringify(path.join(ROOT, 'src/server/db/client.ts'))};
       const d = await openDatabase({ dataDir: ${JSON.stringify(dataDir)}, poolSize: 2 });
       await d.pool.query('CREATE TABLE commits (n int)');
       await d.pool.query('INSERT INTO commits SELECT generate_series(1, 1000)');
       console.log('ready');
       setInterval(() => {}, 1000);`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const orphan = postmasterPid(dataDir)!;
    expect(pidAlive(orphan), 'the killed app left its postmaster running').toBe(true);

    const database = await openDatabase({ dataDir, poolSize: 2 });
    try {
      expect(pidAlive(orphan)).toBe(false);
      expect(postmasterPid(dataDir)).not.toBe(orphan);
      expect(rowsOf(await database.db.execute(sql`SELECT count(*)::int AS n FROM commits`))).toEqual([{ n: 1000 }]);
      expect(fs.readFileSync(lockPath(dataDir), 'utf8')).toBe(String(process.pid));
    } finally {
      await database.close();
    }
  });

  it('stops PostgreSQL cleanly when the app is asked to stop (SIGTERM)', async () => {
    const dataDir = temp();
    const port = await freePort();
    const app = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false', DATABASE_URL: '' },
      stdio: 'ignore',
    });
    try {
      let healthy = false;
      for (let i = 0; i < 600 && !healthy; i++) {
        healthy = await fetch(`http://127.0.0.1:${port}/api/health`)
          .then((r) => r.ok)
          .catch(() => false);
        if (!healthy) await new Promise((r) => setTimeout(r, 200));
      }
      expect(healthy).toBe(true);
      const postmaster = postmasterPid(dataDir)!;
      expect(pidAlive(postmaster)).toBe(true);
      app.kill('SIGTERM');
      const code = await new Promise((r) => app.once('exit', r));
      expect(code).toBe(0);
      // A clean shutdown: PostgreSQL removed its own pid file and is gone; the folder lock is released.
      expect(pidAlive(postmaster)).toBe(false);
      expect(fs.existsSync(path.join(clusterDir(dataDir), 'postmaster.pid'))).toBe(false);
      expect(fs.existsSync(lockPath(dataDir))).toBe(false);
    } finally {
      app.kill('SIGKILL');
    }
  });

  it.runIf(process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status === 0)(
    'runs as the postgres system user where user namespaces are not allowed',
    async () => {
      const dir = temp();
      const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim();
      const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim();
      fs.chmodSync(dir, 0o755); // the temp folder is root's 0700: the postgres user must reach inside
      const server = new EmbeddedServer({
        pgDir: path.join(dir, 'pg'),
        socketDir: path.join(dir, 'run'),
        runAs: { kind: 'user', uid: Number(ids), gid: Number(gid) },
      });
      await server.init();
      await server.start();
      try {
        expect(fs.statSync(path.join(dir, 'pg', 'PG_VERSION')).uid).toBe(Number(ids));
        const pg = (await import('pg')).default;
        const c = new pg.Client(server.connection('postgres'));
        await c.connect();
        expect((await c.query<{ u: string }>(`SELECT current_setting('fsync') AS u`)).rows).toEqual([{ u: 'on' }]);
        await c.end();
      } finally {
        await server.stop();
      }
    },
  );

  it('makes the library links that the package postinstall would have made', () => {
    const pkg = temp();
    fs.mkdirSync(path.join(pkg, 'native/lib'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'native/lib/libpq.so.5.17'), 'library');
    fs.writeFileSync(
      path.join(pkg, 'native/pg-symlinks.json'),
      JSON.stringify([
        { source: 'native/lib/libpq.so.5.17', target: 'native/lib/libpq.so.5' },
        { source: 'native/lib/libpq.so.5.17', target: 'native/lib/libpq.so' },
      ]),
    );
    hydrateSymlinks(pkg);
    hydrateSymlinks(pkg); // again: nothing to do
    expect(fs.readlinkSync(path.join(pkg, 'native/lib/libpq.so.5'))).toBe('libpq.so.5.17');
    expect(fs.readFileSync(path.join(pkg, 'native/lib/libpq.so'), 'utf8')).toBe('library');
  });
});
