/**
 * npm run backup [-- --out DIR]
 *
 * Backs up the database and the uploaded files (see src/server/backup/backup.ts) into DIR, by
 * default DATA_DIR/backups. While the server runs it connects to the server's socket and takes a
 * consistent snapshot without stopping it; otherwise it starts the embedded server for the time of
 * the backup. With DATABASE_URL set it backs up that database the same way.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { backupsDir, writeBackup } from '../src/server/backup/backup.ts';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const config = loadConfig();
const database = await openDatabase({
  databaseUrl: config.DATABASE_URL,
  dataDir: config.dataDir,
  poolSize: 2,
  shareRunning: true,
});
try {
  const out = await writeBackup(database, {
    filesDir: config.filesDir,
    outDir: values.out ? path.resolve(values.out) : backupsDir(config.dataDir),
  });
  console.log(`Đã sao lưu vào ${out}`);
} catch (err) {
  console.error(`✖ Không sao lưu được: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
