/**
 * npm run members:import -- FILE --unit UNIT_CODE [--dry-run] [--json] [--map "Header=field" ...]
 *
 * Imports members from an .xlsx or .csv into the unit (a cell, or a unit whose rows name their cell
 * in a "Chi bộ" column). Prints the same report as the web import (as JSON with --json) and exits
 * non-zero when nothing could be imported. Works while the server runs (through its socket).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { FolderLockedError } from '../src/server/db/lock.ts';
import { migrateDatabase } from '../src/server/db/migrate.ts';
import { prepareCccd } from '../src/server/privacy/cccd-backfill.ts';
import { units } from '../src/server/db/schema.ts';
import { AppError } from '../src/server/http/errors.ts';
import { IMPORT_FIELDS, type ColumnTarget } from '../src/common/members/headers.ts';
import { readSheet } from '../src/server/modules/members/import/read-sheet.ts';
import { runImport } from '../src/server/modules/members/import/run-import.ts';
import { cardPattern } from '../src/server/modules/members/record.ts';
import { vnDate } from '../src/common/time/vietnam.ts';

function fail(message: string, code = 1): never {
  console.error(`✖ ${message}`);
  process.exit(code);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    unit: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    map: { type: 'string', multiple: true },
  },
});
const file = positionals[0];
if (!file || !values.unit) fail('Cách dùng: npm run members:import -- TỆP --unit MÃ_ĐƠN_VỊ [--dry-run] [--json]');
if (!fs.existsSync(file)) fail(`Không tìm thấy tệp ${file}`);
const mapping: Record<string, ColumnTarget> = {};
for (const m of values.map ?? []) {
  const [header, target] = m.split('=');
  if (!header || !target || ![...IMPORT_FIELDS, 'ignore'].includes(target))
    fail(`--map "${m}" không hợp lệ (dạng "Tiêu đề=fullName")`);
  mapping[header] = target as ColumnTarget;
}

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, shareRunning: true }).catch(
  (err: unknown) => {
    if (err instanceof FolderLockedError) fail(err.message);
    throw err;
  },
);
let exitCode = 0;
try {
  await migrateDatabase(database);
  await prepareCccd(database.db, config);
  const [unit] = await database.db
    .select({ id: units.id, code: units.code, name: units.name, path: units.path, type: units.type })
    .from(units)
    .where(eq(units.code, values.unit!));
  if (!unit) fail(`Không có đơn vị mã "${values.unit}"`);
  const t0 = Date.now();
  const sheet = await readSheet(fs.readFileSync(file), { name: path.basename(file), mapping });
  const now = new Date();
  const report = await runImport(database.db, {
    unit,
    sheet,
    mapping,
    dryRun: values['dry-run'],
    check: { today: vnDate(now), cardPattern: await cardPattern(database.db) },
    source: { actorId: null, requestId: 'cli:members-import', at: now },
    fileName: path.basename(file),
  });
  const ms = Date.now() - t0;
  if (values.json) {
    console.log(
      JSON.stringify(
        { ...report, rejected: report.rejected.map(({ row, field, code, reason }) => ({ row, field, code, reason })), ms },
        null,
        2,
      ),
    );
  } else {
    const c = report.counts;
    console.log(
      `${report.dryRun ? 'CHẠY THỬ (không ghi gì)' : 'ĐÃ NHẬP'} — ${unit.name}: ${sheet.rows.length} dòng trong ${ms} ms`,
    );
    console.log(`  Thêm mới ${c.created} · Cập nhật ${c.updated} · Không đổi ${c.unchanged} · Bị từ chối ${c.rejected}`);
    if (report.encodings.tcvn3 || report.encodings.vni)
      console.log(`  Đã chuyển mã: TCVN3 ${report.encodings.tcvn3} ô, VNI ${report.encodings.vni} ô`);
    const unknown = report.columns.filter((col) => !col.target && col.header);
    if (unknown.length)
      console.log(`  Cột không nhận ra (bỏ qua, dùng --map "Tiêu đề=trường"): ${unknown.map((u) => `"${u.header}"`).join(', ')}`);
    if (report.needsMapping) console.log('  ✖ Không tìm thấy cột "Họ và tên".');
    for (const r of report.rejected) console.log(`  ✖ Dòng ${r.row}, ${r.field}: ${r.reason}`);
    if (report.withProblems.length)
      console.log(`  ⚠ ${report.withProblems.length} dòng nhập được nhưng chưa chuẩn hóa (xem trang Chuẩn hóa).`);
  }
  if (report.needsMapping || report.counts.created + report.counts.updated + report.counts.unchanged === 0) exitCode = 2;
} catch (err) {
  if (err instanceof AppError) {
    console.error(`✖ ${err.title}`);
    exitCode = 1;
  } else throw err;
} finally {
  await database.close();
}
process.exit(exitCode);
