/** An app on a fresh test database, with a clock the test controls. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { fixedClock } from '../clock.ts';
import { testConfig, type Config } from '../config.ts';
import type { Engine } from '../db/client.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  clock: ReturnType<typeof fixedClock>;
  close(): Promise<void>;
}

export async function createTestApp(engine: Engine, start = new Date()): Promise<TestApp> {
  const database = await createTestDatabase(engine);
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotay-files-'));
  const config = testConfig({ FILES_DIR: filesDir });
  const clock = fixedClock(start);
  const app = await buildApp({ database, config, clock });
  await app.ready();
  return {
    app,
    database,
    config,
    clock,
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}
