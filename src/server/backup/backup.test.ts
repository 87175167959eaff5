import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { LocalStorage } from '../storage/storage.ts';
import { makeUnit } from '../testing/factories.ts';
import { restoreBackup, writeBackup, RestoreError } from './backup.ts';

const tsx = path.resolve('node_modules/.bin/tsx');
const count = async (db: Awaited<ReturnType<typeof openDatabase>>['db'], table: string) =>
  rowsOf<{ n: number }>(await db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n;

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, args, { env: { ...process.env, ...env, DATABASE_URL: '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe('backup and restore (embedded)', () => {
  const dirs: string[] = [];
  const temp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sotay-bk-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('restores the database and files as they were at the backup', async () => {
    const dataDir = temp();
    const filesDir = path.join(dataDir, 'files');
    const storage = new LocalStorage(filesDir);
    let database = await openDatabase({ dataDir });
    await migrateDatabase(database);
    await makeUnit(database.db, { type: 'province', name: 'Trước sao lưu' });
    const kept = await storage.put(Buffer.from('nội dung tệp'));
    const backup = await writeBackup(database, { filesDir, outDir: path.join(dataDir, 'backups') });
    expect(fs.existsSync(path.join(backup, 'manifest.json'))).toBe(true);
    await makeUnit(database.db, { type: 'province', name: 'Sau sao lưu' });
    await storage.put(Buffer.from('tệp sau'));
    await database.close();

    const { keptAside } = await restoreBackup(backup, { dataDir, filesDir });
    database = await openDatabase({ dataDir });
    const names = rowsOf<{ name: string }>(await database.db.execute(sql`SELECT name FROM units`)).map((r) => r.name);
    expect(names).toEqual(['Trước sao lưu']);
    expect(fs.readFileSync(path.join(filesDir, kept.key), 'utf8')).toBe('nội dung tệp');
    expect(fs.readdirSync(path.join(filesDir, 'f'))).toHaveLength(1);
    expect(fs.existsSync(path.join(keptAside, 'pg', 'PG_VERSION'))).toBe(true);
    // The reference rows the migrations seed are the backup's, once each (not doubled by the restore).
    const types = rowsOf<{ n: number; d: number }>(
      await database.db.execute(sql`SELECT count(*)::int AS n, count(DISTINCT code)::int AS d FROM document_types`),
    )[0]!;
    expect(types.n).toBeGreaterThan(0);
    expect(types.n).toBe(types.d);
    // And the append-only audit log and the sequences continue where they were.
    await makeUnit(database.db, { type: 'province', name: 'Sau khôi phục' });
    await database.close();
  }, 120_000);

  it('restores a backup of the first releases (PGlite data folder tarball)', async () => {
    // Made as those releases made it: PGlite's own dump of its data folder, beside the files.
    const source = temp();
    spawnSync('tar', ['xzf', path.resolve('src/server/db/embedded/fixtures/pglite-release-de8a4e3.tar.gz'), '-C', source]);
    const { PGlite } = await import('@electric-sql/pglite');
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
    const client = await PGlite.create(path.join(source, 'data/pg'), { extensions: { pg_trgm, unaccent } });
    const members = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM members')).rows[0]!.n;
    const tarball = Buffer.from(await (await client.dumpDataDir('gzip')).arrayBuffer());
    await client.close();
    const backup = path.join(temp(), 'sotay-backup-2026-12-01T00-00-00-000Z');
    fs.mkdirSync(path.join(backup, 'files'), { recursive: true });
    fs.writeFileSync(path.join(backup, 'database.tar.gz'), tarball);
    fs.writeFileSync(
      path.join(backup, 'manifest.json'),
      JSON.stringify({
        format: 1,
        createdAt: '2026-12-01T00:00:00.000Z',
        databaseBytes: tarball.length,
        databaseSha256: createHash('sha256').update(tarball).digest('hex'),
        files: 0,
        fileBytes: 0,
      }),
    );
    const dataDir = temp();
    await restoreBackup(backup, { dataDir, filesDir: path.join(dataDir, 'files') });
    const database = await openDatabase({ dataDir });
    expect(await count(database.db, 'members')).toBe(members);
    expect(members).toBeGreaterThan(6000);
    await database.close();
  }, 240_000);

  it('refuses a damaged backup', async () => {
    const dataDir = temp();
    const database = await openDatabase({ dataDir });
    await migrateDatabase(database);
    const backup = await writeBackup(database, { filesDir: path.join(dataDir, 'files'), outDir: temp() });
    await database.close();
    fs.appendFileSync(path.join(backup, 'database.ndjson.gz'), 'x');
    await expect(restoreBackup(backup, { dataDir, filesDir: path.join(dataDir, 'files') })).rejects.toBeInstanceOf(RestoreError);
  }, 120_000);

  it('backs up through the running server, and the restore compares equal', async () => {
    const dataDir = temp();
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const env = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'true', LOG_LEVEL: 'warn' };
    const server = spawn(tsx, ['src/server/main.ts'], { env: { ...process.env, ...env, DATABASE_URL: '' } });
    try {
      for (let i = 0; i < 720; i++) {
        const ok = await fetch(`http://127.0.0.1:${port}/api/health`)
          .then((r) => r.ok)
          .catch(() => false);
        if (ok) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const outDir = temp();
      const backup = await run(['scripts/backup.ts', '--out', outDir], env);
      expect(backup.code, backup.out).toBe(0);
      expect(backup.out).toMatch(/Đã sao lưu vào/);
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).ok).toBe(true);
      const [folder] = fs.readdirSync(outDir);
      expect(folder).toMatch(/^sotay-backup-/);

      // Restoring while the server runs is refused.
      const refused = await run(['scripts/restore.ts', path.join(outDir, folder!)], env);
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(/đang được tiến trình/);

      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      const original = await openDatabase({ dataDir });
      const before = {
        members: await count(original.db, 'members'),
        units: await count(original.db, 'units'),
        users: await count(original.db, 'users'),
      };
      await original.close();

      const restoreDir = temp();
      const restored = await run(['scripts/restore.ts', path.join(outDir, folder!)], { ...env, DATA_DIR: restoreDir });
      expect(restored.code, restored.out).toBe(0);
      const copy = await openDatabase({ dataDir: restoreDir });
      expect({
        members: await count(copy.db, 'members'),
        units: await count(copy.db, 'units'),
        users: await count(copy.db, 'users'),
      }).toEqual(before);
      expect(before.members).toBeGreaterThan(6000);
      await copy.close();
    } finally {
      server.kill('SIGKILL');
    }
  }, 300_000);
});
