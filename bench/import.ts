/**
 * Member import speed (issue 3 / issue 8): a city list of 6,080 rows (target < 5 s) and a province
 * list of 100,000 rows (target < 60 s on PostgreSQL), each an .xlsx like the old lists (shared
 * strings, TCVN3 / VNI names, mixed date forms, broken rows every 120th), imported into a fresh
 * database holding the unit tree. Timed: reading the file, the dry run, and the real run (read +
 * plan + write in one transaction), which is what `npm run members:import` does.
 *
 * Run alone: npx tsx bench/import.ts [--rows 6080,100000] [--engine embedded|postgres|both]
 * From npm run bench: benchImport() returns rows for its table (req/s column = rows per second,
 * p50 column = the real run in ms).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { eq } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/server/db/client.ts';
import { migrateDatabase } from '../src/server/db/migrate.ts';
import { loadConfig } from '../src/server/config.ts';
import { prepareCccd } from '../src/server/privacy/cccd-backfill.ts';
import { units } from '../src/server/db/schema.ts';
import { generateOrganization } from '../src/server/seed/generate.ts';
import { loadOrganization } from '../src/server/seed/load.ts';
import { MEMBER_SHEET_HEADER, memberSheetRows } from '../src/server/testing/members.factories.ts';
import { readSheet } from '../src/server/modules/members/import/read-sheet.ts';
import { runImport } from '../src/server/modules/members/import/run-import.ts';
import { cardPattern } from '../src/server/modules/members/record.ts';
import { vnDate } from '../src/common/time/vietnam.ts';
import type { EngineName } from './dataset.ts';
import type { ScenarioResult } from './load.ts';

interface Case {
  rows: number;
  scale: 'demo' | 'province';
  /** The unit the file is imported into: the city (its 6,080 members) or the province. */
  unitCode: string;
  targetMs: number;
}

const CASES: Case[] = [
  { rows: 6_080, scale: 'demo', unitCode: 'TP', targetMs: 5_000 },
  { rows: 100_000, scale: 'province', unitCode: 'TINH', targetMs: 60_000 },
];

async function writeXlsx(file: string, c: Case): Promise<{ broken: number }> {
  const org = generateOrganization({ scale: c.scale, asOf: '2026-11-01' });
  const list = (c.unitCode === 'TP' ? org.members.filter((m) => m.cellCode.startsWith('TP.')) : org.members).slice(0, c.rows);
  if (list.length < c.rows) throw new Error(`only ${list.length} generated members for ${c.rows} rows`);
  const { rows, brokenRows } = memberSheetRows(list, { brokenEvery: 120 });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(MEMBER_SHEET_HEADER).commit();
  for (const r of rows) ws.addRow(r as ExcelJS.CellValue[]).commit();
  ws.commit();
  await wb.commit();
  return { broken: brokenRows.length };
}

async function freshDatabase(
  engine: EngineName,
  scale: Case['scale'],
  dir: string,
  adminUrl: string | undefined,
): Promise<Database> {
  if (engine === 'embedded') return openDatabase({ dataDir: path.join(dir, `embedded-${scale}`) });
  if (!adminUrl) throw new Error('PostgreSQL import bench needs BENCH_DATABASE_URL or TEST_DATABASE_URL');
  const name = `sotay_bench_import_${scale}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
}

async function benchCase(
  engine: EngineName,
  c: Case,
  dir: string,
  adminUrl: string | undefined,
  log: (m: string) => void,
): Promise<ScenarioResult> {
  const file = path.join(dir, `members-${c.rows}.xlsx`);
  const step = (m: string) => log(`    ${engine} ${c.rows}: ${m} (${new Date().toISOString().slice(11, 19)})`);
  step('writing the .xlsx');
  const { broken } = await writeXlsx(file, c);
  step('preparing the database');
  const database = await freshDatabase(engine, c.scale, dir, adminUrl);
  try {
    await migrateDatabase(database);
    await prepareCccd(
      database.db,
      loadConfig({
        ...process.env,
        NODE_ENV: 'production',
        DATA_DIR: path.join(dir, `data-${engine}-${c.scale}`),
        DATABASE_URL: '',
      }),
    );
    const org = generateOrganization({ scale: c.scale, asOf: '2026-11-01' });
    await loadOrganization(database.db, { ...org, members: [], staff: [] }, { password: 'Bench@2026' });
    const [unit] = await database.db
      .select({ id: units.id, code: units.code, name: units.name, path: units.path, type: units.type })
      .from(units)
      .where(eq(units.code, c.unitCode));
    const now = new Date();
    const check = { today: vnDate(now), cardPattern: await cardPattern(database.db) };
    const buf = fs.readFileSync(file);
    step(`timing (${(buf.length / 1024 / 1024).toFixed(1)} MB file)`);
    const opts = (sheet: Awaited<ReturnType<typeof readSheet>>, dryRun: boolean) => ({
      unit: unit!,
      sheet,
      mapping: {},
      dryRun,
      check,
      source: { actorId: null, requestId: 'bench:import', at: now },
      fileName: path.basename(file),
    });

    let t = performance.now();
    const sheet = await readSheet(buf, { name: path.basename(file) });
    const readMs = performance.now() - t;
    t = performance.now();
    const dry = await runImport(database.db, opts(sheet, true));
    const dryMs = performance.now() - t;
    // The real run as the command line does it: read the file again, plan, write.
    t = performance.now();
    const real = await runImport(database.db, opts(await readSheet(buf, { name: path.basename(file) }), false));
    const realMs = performance.now() - t;
    const expected = c.rows - broken;
    const ok =
      real.written && real.counts.created === expected && real.counts.rejected === broken && dry.counts.created === expected;
    const rssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
    const note = `${c.rows.toLocaleString('en')} rows (${broken} broken): read ${Math.round(readMs)} ms, dry run ${Math.round(dryMs)} ms, real run ${Math.round(realMs)} ms; target < ${c.targetMs / 1000} s: ${realMs < c.targetMs ? 'met' : 'MISSED'}${ok ? '' : `; WRONG COUNTS ${JSON.stringify(real.counts)}`}`;
    log(`  member import ${engine}: ${note}`);
    return {
      scenario: `member import ${c.rows.toLocaleString('en')} rows`,
      engine,
      requestsPerSec: Math.round(c.rows / (realMs / 1000)),
      ratio: null,
      p50: Math.round(realMs),
      p97_5: 0,
      p99: 0,
      errors: ok ? 0 : 1,
      non2xx: 0,
      rssMb,
      note,
    };
  } finally {
    await database.close();
  }
}

/** Every case on every engine asked for; 100,000 rows only on PostgreSQL unless asked (its target is PostgreSQL's). */
export async function benchImport(opts: {
  engines: EngineName[];
  quick?: boolean;
  adminUrl?: string | undefined;
  rows?: number[];
  log?: (m: string) => void;
}): Promise<ScenarioResult[]> {
  const log = opts.log ?? console.log;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotay-bench-import-'));
  const out: ScenarioResult[] = [];
  try {
    for (const engine of opts.engines) {
      for (const c of CASES) {
        if (opts.rows ? !opts.rows.includes(c.rows) : (opts.quick && c.rows > 6_080) || (c.rows > 6_080 && engine !== 'postgres'))
          continue;
        out.push(await benchCase(engine, c, dir, opts.adminUrl, log));
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rows: { type: 'string' }, engine: { type: 'string', default: 'both' } } });
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const engines: EngineName[] =
    values.engine === 'both' ? (adminUrl ? ['embedded', 'postgres'] : ['embedded']) : [values.engine as EngineName];
  const results = await benchImport({ engines, adminUrl, ...(values.rows ? { rows: values.rows.split(',').map(Number) } : {}) });
  for (const r of results) console.log(`${r.scenario} (${r.engine}): ${r.note}`);
  if (results.some((r) => r.errors > 0)) process.exit(1);
}
