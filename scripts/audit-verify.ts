/**
 * npm run audit:verify — seals pending audit entries and verifies the whole hash chain.
 * Exits 1 when the chain is broken. While the server runs it connects to the server's socket (the
 * system admin can also use GET /api/audit/verify); otherwise it starts the embedded server itself.
 */
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { FolderLockedError } from '../src/server/db/lock.ts';
import { sealAuditLog, verifyAuditChain } from '../src/server/modules/audit/chain.ts';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, shareRunning: true }).catch(
  (err: unknown) => {
    if (err instanceof FolderLockedError) {
      console.error(`✖ ${err.message}`);
      process.exit(1);
    }
    throw err;
  },
);
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
