/**
 * Reads config, opens the database (the embedded PostgreSQL in ./data unless DATABASE_URL is set), migrates,
 * loads the demo organization on a first start, serves the API and the built web app.
 */
import path from 'node:path';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { FolderLockedError } from './db/lock.ts';
import { MigrationError, migrateDatabase } from './db/migrate.ts';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { ensureDemo } from './seed/demo.ts';
import { ensureWebBuilt } from './web-build.ts';
import { startAuditSealer } from './modules/audit/chain.ts';
import { startJobWorker } from './jobs/worker.ts';
import { CccdKeyMismatchError, prepareCccd } from './privacy/cccd-backfill.ts';

// Under a burst of slow requests (50 clients of new searches, each waiting ~200 ms) their temporaries
// outlive two scavenges and land in the old generation, and V8 let it grow to several times the live
// data before a full collection: 94 MB live, 280 MB in use, RSS 540 MB (issue 8). Growing by a fixed
// 100% (the next full collection at twice what survived the last) held RSS near 330 MB for ~10% more
// CPU in that burst. A factor, not a cap: a large import still gets the memory it needs.
v8.setFlagsFromString('--heap-growing-percent=100');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function fail(message: string): never {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

async function main() {
  const started = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  let database;
  try {
    database = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.dataDir,
      poolSize: config.DB_POOL_SIZE,
      log: (m) => console.log(m),
    });
  } catch (err) {
    if (err instanceof FolderLockedError) fail(err.message);
    fail(`Không mở được cơ sở dữ liệu (cannot open the database): ${(err as Error).message}`);
  }
  // From here a SIGTERM/SIGINT (even during the first start's migrations or demo seeding) stops in
  // order: background work, then HTTP, then the database (the embedded server last: a fast shutdown).
  const background: Array<() => void | Promise<void>> = [];
  const served: { app?: FastifyInstance } = {};
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: đang dừng (shutting down)`);
    for (const stop of background) await stop();
    await served.app?.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const { applied } = await migrateDatabase(database);
    if (applied.length) console.log(`Đã cập nhật cơ sở dữ liệu (migrations applied): ${applied.join(', ')}`);
    // CCCD keys before anything writes members (the demo seed); converts plaintext of older databases.
    const { converted } = await prepareCccd(database.db, config);
    if (converted) console.log(`Đã mã hóa ${converted} số CCCD (CCCD numbers encrypted at rest)`);
  } catch (err) {
    await database.close();
    if (err instanceof MigrationError || err instanceof CccdKeyMismatchError) fail(err.message);
    fail(`Không kết nối được cơ sở dữ liệu (cannot reach the database): ${(err as Error).message}`);
  }

  // After the database: a second server on a held folder refuses at once, before any build.
  const webDir = path.join(ROOT, 'dist/web');
  await ensureWebBuilt(ROOT, webDir);

  const demo = config.SEED_DEMO ? await ensureDemo(database.db, config.DEMO_PASSWORD) : null;

  const app = await buildApp({ database, config, webDir });
  served.app = app;

  await app.listen({ host: config.HOST, port: config.PORT });
  const log = app.log;
  background.push(startAuditSealer(database.db, 3000, (err) => log.error({ err }, 'audit sealing failed')));
  const worker = startJobWorker(database, config); // background jobs (push delivery, reminders) from the jobs table
  background.push(() => worker.stop());
  const engine = database.engine === 'embedded' ? `PostgreSQL nhúng (embedded, ${config.dataDir})` : 'PostgreSQL';
  console.log(
    `\nSổ tay Đảng viên đang chạy tại ${config.publicUrl}  (cơ sở dữ liệu: ${engine}; sẵn sàng sau ${Date.now() - started} ms)`,
  );
  if (demo) console.log(demo.banner);
}

main().catch((err) => fail((err as Error).stack ?? String(err)));
