import { defineConfig } from 'vitest/config';

// Browser journeys: the real server as a child process, driven by Debian's chromium. Slow, so not in `npm test`.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
