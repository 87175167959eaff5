/**
 * Backup and restore: the database and the uploaded files.
 *
 * A backup is a folder `sotay-backup-<time>/` with `database.ndjson.gz` (the app's own logical dump,
 * db/dump.ts: one REPEATABLE READ snapshot, so it is consistent while the server keeps serving),
 * `files/` (a copy of the file store) and `manifest.json`. The database is dumped first and the files
 * copied after, so every file the dumped rows point to is in the copy. The folder gets its final name
 * only when complete. It is taken through any connection: the command-line tool connects to the
 * running server's socket (or starts the embedded server itself), and works on a PostgreSQL server too.
 *
 * A restore (server stopped) makes a new embedded cluster, migrates it to the backup's level, loads
 * the dump and puts the files back; the replaced cluster and files are kept aside. The next start
 * migrates the rest of the way. Backups of the first releases (format 1: PGlite's own tarball) are
 * read through PGlite and restored the same way.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { clusterDir, socketDir, type Database } from '../db/client.ts';
import { acquireFolderLock } from '../db/lock.ts';
import { writeDump, type DumpSummary } from '../db/dump.ts';
import { EmbeddedServer } from '../db/embedded/server.ts';

export interface Manifest {
  /** 2: database.ndjson.gz (db/dump.ts); 1: database.tar.gz, PGlite's data folder (first releases). */
  format: 1 | 2;
  createdAt: string;
  databaseBytes: number;
  databaseSha256: string;
  files: number;
  fileBytes: number;
  tables?: number;
  rows?: number;
}

const DUMP_FILE: Record<Manifest['format'], string> = { 1: 'database.tar.gz', 2: 'database.ndjson.gz' };

export function backupsDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
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

export async function writeBackup(
  database: Pick<Database, 'db'>,
  opts: { filesDir: string; outDir: string; now?: Date },
): Promise<string> {
  const stamp = (opts.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const final = path.join(opts.outDir, `sotay-backup-${stamp}`);
  const partial = `${final}.partial`;
  await fsp.mkdir(partial, { recursive: true });
  try {
    const dumpFile = path.join(partial, DUMP_FILE[2]);
    const dumped: DumpSummary = await writeDump(database.db, dumpFile);
    const copied = await copyFiles(opts.filesDir, path.join(partial, 'files'));
    const manifest: Manifest = {
      format: 2,
      createdAt: new Date().toISOString(),
      databaseBytes: (await fsp.stat(dumpFile)).size,
      databaseSha256: await sha256(dumpFile),
      files: copied.files,
      fileBytes: copied.bytes,
      tables: dumped.tables,
      rows: dumped.rows,
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

/** Reads and checks a backup folder's manifest and database file. */
export async function checkBackup(backupDir: string): Promise<{ manifest: Manifest; databaseFile: string }> {
  const manifestPath = path.join(backupDir, 'manifest.json');
  if (!fs.existsSync(manifestPath))
    throw new RestoreError(`Không tìm thấy manifest.json trong ${backupDir}: đây không phải một bản sao lưu hoàn chỉnh.`);
  const manifest = JSON.parse(await fsp.readFile(manifestPath, 'utf8')) as Manifest;
  const file = DUMP_FILE[manifest.format];
  if (!file) throw new RestoreError(`Bản sao lưu định dạng ${String(manifest.format)} không được hỗ trợ.`);
  const databaseFile = path.join(backupDir, file);
  if (!fs.existsSync(databaseFile) || (await sha256(databaseFile)) !== manifest.databaseSha256)
    throw new RestoreError(`Tệp ${file} không khớp mã kiểm tra trong manifest: bản sao lưu bị hỏng.`);
  return { manifest, databaseFile };
}

/**
 * Restores a backup into the embedded installation at `dataDir` (the server must be stopped: the
 * folder lock is taken). The current cluster and files are kept aside as `<dataDir>/before-restore-<time>/`;
 * if the load fails they are put back.
 */
export async function restoreBackup(
  backupDir: string,
  opts: { dataDir: string; filesDir: string; now?: Date },
): Promise<{ keptAside: string; manifest: Manifest }> {
  const { manifest, databaseFile } = await checkBackup(backupDir);
  const lock = acquireFolderLock(opts.dataDir);
  const stamp = (opts.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const aside = path.join(opts.dataDir, `before-restore-${stamp}`);
  const pgDir = clusterDir(opts.dataDir);
  const server = new EmbeddedServer({ pgDir, socketDir: socketDir(opts.dataDir) });
  let tmpDump: string | undefined;
  try {
    const { dumpPglite, loadIntoNewCluster } = await import('../db/embedded/convert.ts');
    let dump = databaseFile;
    if (manifest.format === 1) {
      tmpDump = path.join(opts.dataDir, `restore-${stamp}.ndjson.gz`);
      await dumpPglite(new Blob([new Uint8Array(await fsp.readFile(databaseFile))]), tmpDump);
      dump = tmpDump;
    }
    // An orphan server of a killed app must not keep the folder we are about to move.
    await server.clearLeftovers();
    await fsp.mkdir(aside, { recursive: true });
    const movedPg = fs.existsSync(pgDir);
    const movedFiles = fs.existsSync(opts.filesDir);
    if (movedPg) await fsp.rename(pgDir, path.join(aside, 'pg'));
    if (movedFiles) await fsp.rename(opts.filesDir, path.join(aside, 'files'));
    try {
      await loadIntoNewCluster(dump, server);
      await copyFiles(path.join(backupDir, 'files'), opts.filesDir);
    } catch (err) {
      await fsp.rm(pgDir, { recursive: true, force: true });
      await fsp.rm(opts.filesDir, { recursive: true, force: true });
      if (movedPg) await fsp.rename(path.join(aside, 'pg'), pgDir);
      if (movedFiles) await fsp.rename(path.join(aside, 'files'), opts.filesDir);
      throw err;
    }
    return { keptAside: aside, manifest };
  } finally {
    if (tmpDump) await fsp.rm(tmpDump, { force: true });
    lock.release();
  }
}
