import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Browser journeys run with `npm run test:browser` (vitest.browser.config.ts), fault tests with `npm run test:faults`.
    exclude: ['test/browser/**', 'test/faults/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Each file opens its own database; two workers fit two cores.
    maxWorkers: 2,
    // A worker imports the server's modules once for all its files instead of once per file (about a second each).
    // The files still share no data: each opens its own database (test/support/db.ts), and the process-level caches
    // whose values belong to one database key by it (databaseKey in server/platform/cache.ts).
    isolate: false,
  },
});
