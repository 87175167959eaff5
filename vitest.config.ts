import { defineConfig } from 'vitest/config';

// Unit and integration tests. Each integration file gets a freshly migrated database
// (PGlite in memory, plus the PostgreSQL server when TEST_DATABASE_URL is set).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Limits are for hangs, not speed (speed is measured by npm run bench): PGlite on disk and the
    // backup tests are CPU-bound and a busy 2-core CI machine must not turn them red.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
