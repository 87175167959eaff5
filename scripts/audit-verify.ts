/**
 * npm run audit:verify — seals pending audit entries and verifies the whole hash chain.
 * Exits 1 when the chain is broken. While a server holds the embedded database, use
 * GET /api/audit/verify as the system admin instead (the folder can only be opened by one process).
 */
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { FolderLockedError } from '../src/server/db/lock.ts';
import { sealAuditLog, verifyAuditChain } from '../src/server/modules/audit/chain.ts';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir }).catch((err: unknown) => {
  if (err instanceof FolderLockedError) {
    console.error(`✖ ${err.message}\n  Khi máy chủ đang chạy, quản trị hệ thống kiểm tra tại GET /api/audit/verify.`);
    process.exit(1);
  }
  throw err;
});
try {
  while ((await sealAuditLog(database.db)) > 0);
  const report = await verifyAuditChain(database.db);
  if (report.ok) console.log(`✔ Nhật ký nguyên vẹn: ${report.checked} mục đã kiểm tra.`);
  else {
    console.error(
      `✖ Nhật ký bị can thiệp tại mục #${report.brokenAt!.chainSeq} (id ${report.brokenAt!.id}): ${report.brokenAt!.reason}.`,
    );
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
