/**
 * npm run members:export -- --unit UNIT_CODE --format xlsx|csv --out FILE
 * Writes a unit's members (its whole subtree) in the member-list layout. While the server runs it
 * connects to the server's socket; otherwise it starts the embedded server for the time of the export.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { FolderLockedError } from '../src/server/db/lock.ts';
import { migrateDatabase } from '../src/server/db/migrate.ts';
import { prepareCccd } from '../src/server/privacy/cccd-backfill.ts';
import { auditLog, units } from '../src/server/db/schema.ts';
import { loadForExport, membersToCsv, membersToXlsx } from '../src/server/modules/members/export.ts';
import { vnDate } from '../src/common/time/vietnam.ts';

function fail(message: string): never {
  console.error(`✖ ${message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: { unit: { type: 'string' }, format: { type: 'string', default: 'xlsx' }, out: { type: 'string' } },
});
if (!values.unit || !values.out) fail('Cách dùng: npm run members:export -- --unit MÃ_ĐƠN_VỊ --format xlsx|csv --out TỆP');
if (values.format !== 'xlsx' && values.format !== 'csv') fail('--format phải là xlsx hoặc csv');

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
  const [unit] = await database.db.select().from(units).where(eq(units.code, values.unit!));
  if (!unit) fail(`Không có đơn vị mã "${values.unit}"`);
  const rows = await loadForExport(database.db, unit.path);
  const now = new Date();
  const body = values.format === 'xlsx' ? await membersToXlsx(rows, unit.name, vnDate(now)) : membersToCsv(rows);
  fs.writeFileSync(values.out!, body);
  await database.db.insert(auditLog).values({
    at: now,
    actorId: null,
    requestId: 'cli:members-export',
    action: 'member.export',
    targetType: 'unit',
    targetId: unit.id,
    unitId: unit.id,
    unitPath: unit.path,
    changes: { format: { old: null, new: values.format }, count: { old: null, new: rows.length } },
  });
  console.log(`Đã xuất ${rows.length} đảng viên của ${unit.name} vào ${values.out}`);
} finally {
  await database.close();
}
