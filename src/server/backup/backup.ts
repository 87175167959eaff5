/**
 * Backup and restore of the embedded installation: the PGlite database and the uploaded files.
 *
 * A backup is a folder `sotay-backup-<time>/` with `database.tar.gz` (PGlite's own dump, taken by
 * the process that owns the database, so it is consistent), `files/` (a copy of the file store)
 * and `manifest.json`. The database is dumped first and the files copied after, so every file the
 * dumped rows point to is in the copy. The folder gets its final name only when complete.
 *
 * While the server runs, the backup command cannot open the database (one process per folder):
 * it leaves a request file and signals the server (SIGUSR2), which writes the backup itself.
 * For PostgreSQL use pg_dump or point-in-time recovery (SECURITY.md, README).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_EXTENSIONS, pgliteDir, type Database } from '../db/client.ts';
import { acquireFolderLock } from '../db/lock.ts';

export interface Manifest {
  format: 1;
  createdAt: string;
  databaseBytes: number;
  databaseSha256: string;
  files: number;
  fileBytes: number;
}

export function backupsDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

async function copyFiles(from: string, to: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  await fsp.mkdir(to, { recursive: true });
  if (!fs.existsSync(from)) return { files, bytes };
  for (const entry of await fsp.readdir(from, { withFileTypes: true, recursive: true })) {
    // Half-written uploads (*.part) are not files yet.
    if (!entry.isFile() || entry.name.endsWith('.part')) continue;
    const src = path.join(entry.parentPath, entry.name);
    const dst = path.join(to, path.relative(from, src));
    await fsp.mkdir(path.dirname(dst), { recursive: true });
    await fsp.copyFile(src, dst);
    files++;
    bytes += (await fsp.stat(dst)).size;
  }
  return { files, bytes };
}

export async function writeBackup(database: Database, opts: { filesDir: string; outDir: string; now?: Date }): Promise<string> {
  if (!database.dumpDataDir)
    throw new Error('Sao lưu tích hợp chỉ dành cho cơ sở dữ liệu nhúng; với PostgreSQL hãy dùng pg_dump.');
  const stamp = (opts.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const final = path.join(opts.outDir, `sotay-backup-${stamp}`);
  const partial = `${final}.partial`;
  await fsp.mkdir(partial, { recursive: true });
  try {
    const dump = Buffer.from(await (await database.dumpDataDir()).arrayBuffer());
    await fsp.writeFile(path.join(partial, 'database.tar.gz'), dump);
    const copied = await copyFiles(opts.filesDir, path.join(partial, 'files'));
    const manifest: Manifest = {
      format: 1,
      createdAt: new Date().toISOString(),
      databaseBytes: dump.length,
      databaseSha256: createHash('sha256').update(dump).digest('hex'),
      files: copied.files,
      fileBytes: copied.bytes,
    };
    await fsp.writeFile(path.join(partial, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await fsp.rename(partial, final);
    return final;
  } catch (err) {
    await fsp.rm(partial, { recursive: true, force: true });
    throw err;
  }
}

export class RestoreError extends Error {}

/**
 * Restores a backup into `dataDir` (the server must be stopped: the folder lock is taken). The
 * current database and files are kept aside as `<dataDir>/before-restore-<time>/`.
 */
export async function restoreBackup(
  backupDir: string,
  opts: { dataDir: string; filesDir: string; now?: Date },
): Promise<{ keptAside: string; manifest: Manifest }> {
  const manifestPath = path.join(backupDir, 'manifest.json');
  if (!fs.existsSync(manifestPath))
    throw new RestoreError(`Không tìm thấy manifest.json trong ${backupDir}: đây không phải một bản sao lưu hoàn chỉnh.`);
  const manifest = JSON.parse(await fsp.readFile(manifestPath, 'utf8')) as Manifest;
  const dump = await fsp.readFile(path.join(backupDir, 'database.tar.gz'));
  if (createHash('sha256').update(dump).digest('hex') !== manifest.databaseSha256)
    throw new RestoreError('Tệp database.tar.gz không khớp mã kiểm tra trong manifest: bản sao lưu bị hỏng.');
  const lock = acquireFolderLock(opts.dataDir);
  try {
    const stamp = (opts.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
    const aside = path.join(opts.dataDir, `before-restore-${stamp}`);
    await fsp.mkdir(aside, { recursive: true });
    const pg = pgliteDir(opts.dataDir);
    if (fs.existsSync(pg)) await fsp.rename(pg, path.join(aside, 'pg'));
    if (fs.existsSync(opts.filesDir)) await fsp.rename(opts.filesDir, path.join(aside, 'files'));
    const client = await PGlite.create(pg, { extensions: PGLITE_EXTENSIONS, loadDataDir: new Blob([new Uint8Array(dump)]) });
    await client.query('SELECT 1');
    await client.close();
    await copyFiles(path.join(backupDir, 'files'), opts.filesDir);
    return { keptAside: aside, manifest };
  } finally {
    lock.release();
  }
}

/** Server side of "backup while running": answers request files left by the backup command. */
export function listenForBackupRequests(
  database: Database,
  opts: { dataDir: string; filesDir: string },
  log: (msg: string) => void,
) {
  const dir = backupsDir(opts.dataDir);
  process.on('SIGUSR2', () => {
    void (async () => {
      const requests = fs.existsSync(dir) ? (await fsp.readdir(dir)).filter((f) => f.startsWith('.request-')) : [];
      for (const req of requests) {
        const id = req.slice('.request-'.length);
        await fsp.rm(path.join(dir, req), { force: true });
        try {
          const out = await writeBackup(database, { filesDir: opts.filesDir, outDir: dir });
          await fsp.writeFile(path.join(dir, `.done-${id}`), out);
          log(`Đã sao lưu: ${out}`);
        } catch (err) {
          await fsp.writeFile(path.join(dir, `.error-${id}`), (err as Error).message);
        }
      }
    })();
  });
}
