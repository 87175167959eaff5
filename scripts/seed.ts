/**
 * npm run seed -- [--scale demo|province] [--reset]
 *
 * Loads the deterministic demo organization (demo: the province with the reference-shaped city,
 * 6,080 members in the city; province: about 100,000 members and 3,000 cells) into the database
 * named by DATABASE_URL, or the embedded installation in DATA_DIR (./data): through the running
 * server's socket, or by starting the embedded server. Refuses a database that already has units
 * unless --reset is given.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase, rowsOf } from '../src/server/db/client.ts';
import { FolderLockedError } from '../src/server/db/lock.ts';
import { migrateDatabase } from '../src/server/db/migrate.ts';
import { prepareCccd } from '../src/server/privacy/cccd-backfill.ts';
import { resetInstallation } from '../src/server/db/reset.ts';
import { generateOrganization } from '../src/server/seed/generate.ts';
import { loadOrganization } from '../src/server/seed/load.ts';

function fail(message: string): never {
  console.error(`✖ ${message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: { scale: { type: 'string', default: 'demo' }, reset: { type: 'boolean', default: false }, seed: { type: 'string' } },
});
const scale = values.scale;
if (scale !== 'demo' && scale !== 'province') fail(`--scale phải là "demo" hoặc "province" (got "${scale}")`);

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, shareRunning: true }).catch(
  (err: unknown) => {
    if (err instanceof FolderLockedError) fail(err.message);
    throw err;
  },
);
try {
  await migrateDatabase(database);
  await prepareCccd(database.db, config);
  const [row] = rowsOf<{ n: number }>(await database.db.execute(sql`SELECT count(*)::int AS n FROM units`));
  if ((row?.n ?? 0) > 0) {
    if (!values.reset)
      fail('Cơ sở dữ liệu đã có dữ liệu. Thêm --reset để xóa toàn bộ và tạo lại. (The database is not empty; pass --reset.)');
    await resetInstallation(database);
    console.log('Đã xóa dữ liệu cũ (old data removed).');
  }
  const t0 = Date.now();
  const data = generateOrganization({ scale, ...(values.seed ? { seed: Number(values.seed) } : {}) });
  console.log(`Sinh dữ liệu ${scale}: ${data.units.length} đơn vị, ${data.members.length} đảng viên (${Date.now() - t0} ms)`);
  const t1 = Date.now();
  const summary = await loadOrganization(database.db, data, { password: config.DEMO_PASSWORD });
  console.log(
    `Đã nạp ${summary.units} đơn vị, ${summary.members} đảng viên, ${summary.users} tài khoản (${Date.now() - t1} ms). Mật khẩu mẫu: ${config.DEMO_PASSWORD}`,
  );
} finally {
  await database.close();
}
