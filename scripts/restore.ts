/**
 * npm run restore -- BACKUP_DIR
 *
 * Restores a backup made by `npm run backup` into DATA_DIR. Stop the server first: the data folder
 * is locked while it runs. The database and files being replaced are kept aside in DATA_DIR.
 */
import path from 'node:path';
import { loadConfig } from '../src/server/config.ts';
import { FolderLockedError } from '../src/server/db/lock.ts';
import { RestoreError, restoreBackup } from '../src/server/backup/backup.ts';

const dir = process.argv[2];
if (!dir) {
  console.error('✖ Cách dùng: npm run restore -- THƯ_MỤC_SAO_LƯU');
  process.exit(1);
}
const config = loadConfig();
try {
  const { keptAside, manifest } = await restoreBackup(path.resolve(dir), { dataDir: config.dataDir, filesDir: config.filesDir });
  console.log(`Đã khôi phục bản sao lưu lúc ${manifest.createdAt} (${manifest.files} tệp). Dữ liệu cũ được giữ ở ${keptAside}.`);
} catch (err) {
  if (err instanceof FolderLockedError || err instanceof RestoreError) {
    console.error(`✖ ${err.message}`);
    process.exit(1);
  }
  throw err;
}
