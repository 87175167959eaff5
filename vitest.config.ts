import { defineConfig } from 'vitest/config';

// Unit and integration tests. Each integration file gets a freshly migrated database
// (PGlite in memory, plus the PostgreSQL server when TEST_DATABASE_URL is set).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
