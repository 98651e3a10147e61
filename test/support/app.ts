import type { Express } from 'express';
import { loadConfig, type Config } from '../../server/config.ts';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/platform/log.ts';
import type { Db } from '../../server/platform/db/database.ts';
import { createTestDatabase } from './db.ts';

export interface TestContext {
  app: Express;
  db: Db;
  config: Config;
  close(): Promise<void>;
}

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, overrides);
}

export function buildApp(db: Db, overrides: Partial<Config> = {}, clock: () => Date = () => new Date()): Express {
  const config = testConfig(overrides);
  return createApp({ config, db, log: createLogger('silent'), clock, sessionSecret: TEST_SECRET });
}

/** One database per test file, an app on it; each test makes its own tjeneste with the factories. */
export async function createTestContext(overrides: Partial<Config> = {}): Promise<TestContext> {
  const handle = await createTestDatabase();
  const config = testConfig(overrides);
  const app = buildApp(handle.db, overrides);
  return { app, db: handle.db, config, close: () => handle.close() };
}
