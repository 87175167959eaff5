/** An app on a fresh test database, with a clock the test controls. */
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
  const config = testConfig();
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
    },
  };
}
