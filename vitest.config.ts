import { defineConfig } from 'vitest/config';

// Unit and integration tests. The global setup starts one embedded PostgreSQL server for the run and
// migrates one template database on it (and on the PostgreSQL server when TEST_DATABASE_URL is set);
// each integration file copies the template (testing/databases.ts).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    globalSetup: ['src/server/testing/global-setup.ts'],
    reporters: ['default', './src/server/testing/slowest-reporter.ts'],
    // Limits are for hangs, not speed (speed is measured by npm run bench): a busy 2-core CI machine
    // must not turn a slow but correct test red.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'src/**/*.tsx', 'scripts/**/*.ts'],
      exclude: ['**/*.test.ts', '**/*.crash.ts', 'src/server/testing/**'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'test-results/coverage',
    },
  },
});
