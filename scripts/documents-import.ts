/**
 * npm run documents:import -- FOLDER --unit UNIT_CODE [--publish]
 *
 * Loads a library that already exists: every file named in FOLDER/documents.csv (or .xlsx) with
 * its metadata (file, symbol, type, issuer, issue date, title, topics), into the unit UNIT_CODE,
 * as drafts or, with --publish, published to that unit. Reports each file it could not take and
 * why. Safe to run twice. Works while the server runs (through its socket).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { FolderLockedError } from '../src/server/db/lock.ts';
import { migrateDatabase } from '../src/server/db/migrate.ts';
import { LocalStorage } from '../src/server/storage/storage.ts';
import { ImportError, importFolder } from '../src/server/modules/documents/import.ts';

function fail(message: string): never {
  console.error(`✖ ${message}`);
  process.exit(1);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { unit: { type: 'string' }, publish: { type: 'boolean', default: false } },
});
const folder = positionals[0];
if (!folder || !values.unit) fail('Cách dùng: npm run documents:import -- THƯ_MỤC --unit MÃ_ĐƠN_VỊ [--publish]');

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, shareRunning: true }).catch(
  (err: unknown) => {
    if (err instanceof FolderLockedError) fail(err.message);
    throw err;
  },
);
try {
  await migrateDatabase(database);
  const report = await importFolder(database.db, new LocalStorage(config.filesDir), {
    folder,
    unitCode: values.unit,
    publish: values.publish,
    maxBytes: config.UPLOAD_MAX_MB * 1024 * 1024,
    videoMaxBytes: config.VIDEO_MAX_MB * 1024 * 1024,
    now: new Date(),
  });
  console.log(
    `Đọc ${report.sheet}: nhập ${report.imported.length}, bỏ qua ${report.skipped.length} (đã có), lỗi ${report.failed.length}.`,
  );
  for (const s of report.skipped) console.log(`  – ${s.file}: ${s.reason}`);
  for (const f of report.failed) console.log(`  ✖ dòng ${f.row}, ${f.file || '(không tên)'}: ${f.reason}`);
  if (report.failed.length > 0) process.exitCode = 2;
} catch (err) {
  if (err instanceof ImportError) fail(err.message);
  throw err;
} finally {
  await database.close();
}
