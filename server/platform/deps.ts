import type { Config } from '../config.ts';
import type { Db } from './db/database.ts';
import type { Logger } from './log.ts';

/** What the composition root hands every router; its own module so routes do not import `app.ts` (no type-only cycles). */
export interface AppDeps {
  config: Config;
  db: Db;
  log: Logger;
  clock: () => Date;
  sessionSecret: string;
}
