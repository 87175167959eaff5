import { defineConfig } from 'vitest/config';

// Crash tests (`npm run test:crash`): the real server killed with SIGKILL mid-write, then restarted
// on the same data. Slow (several server starts and a 20,000-row import per engine), so not in `npm test`.
export default defineConfig({
  test: {
    include: ['src/**/*.crash.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
