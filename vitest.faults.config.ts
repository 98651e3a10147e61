import { defineConfig } from 'vitest/config';

// Fault tests start and kill real server processes on a 100,000-row import: too slow for `npm test`, run by .ci/run.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
