/**
 * The set-up every journey file shares: one real server (production build, fresh data folder) and
 * one Chromium for the whole file, both stopped after it. Call at the top level of a file; the
 * returned object is filled in before the file's own beforeAll hooks run (vitest runs them in order).
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

export interface Journey {
  server: TestServer;
  browser: Browser;
}

export function journeySetup(opts?: Parameters<typeof startServer>[0]): Journey {
  const env = {} as Journey;
  beforeAll(async () => {
    env.server = await startServer(opts);
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}
