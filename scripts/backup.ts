/**
 * npm run backup [-- --out DIR]
 *
 * Backs up the embedded database and the uploaded files (see src/server/backup/backup.ts). If a
 * server holds the data folder, the server itself writes the backup (asked through a request file
 * and SIGUSR2) so the database is never opened by two processes. With DATABASE_URL set, use pg_dump.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { folderLockHolder } from '../src/server/db/lock.ts';
import { backupsDir, writeBackup } from '../src/server/backup/backup.ts';

function fail(message: string): never {
  console.error(`✖ ${message}`);
  process.exit(1);
}

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const config = loadConfig();
if (config.DATABASE_URL) fail('Đang dùng PostgreSQL: hãy sao lưu bằng pg_dump (xem README). (PostgreSQL: use pg_dump.)');
const holder = folderLockHolder(config.dataDir);
let out: string;
if (holder) {
  const dir = backupsDir(config.dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const id = randomUUID();
  fs.writeFileSync(path.join(dir, `.request-${id}`), '');
  process.kill(holder, 'SIGUSR2');
  console.log(`Máy chủ đang chạy (pid ${holder}): yêu cầu máy chủ sao lưu…`);
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const done = path.join(dir, `.done-${id}`);
    const error = path.join(dir, `.error-${id}`);
    if (fs.existsSync(done)) {
      out = fs.readFileSync(done, 'utf8');
      fs.rmSync(done);
      break;
    }
    if (fs.existsSync(error)) {
      const msg = fs.readFileSync(error, 'utf8');
      fs.rmSync(error);
      fail(`Máy chủ không sao lưu được: ${msg}`);
    }
    if (Date.now() > deadline) fail('Máy chủ không trả lời yêu cầu sao lưu sau 10 phút.');
    await new Promise((r) => setTimeout(r, 200));
  }
} else {
  const database = await openDatabase({ dataDir: config.dataDir });
  try {
    out = await writeBackup(database, {
      filesDir: config.filesDir,
      outDir: values.out ? path.resolve(values.out) : backupsDir(config.dataDir),
    });
  } finally {
    await database.close();
  }
}
if (values.out && holder) {
  const target = path.join(path.resolve(values.out), path.basename(out));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(out, target);
  out = target;
}
console.log(`Đã sao lưu vào ${out}`);
