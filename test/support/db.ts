import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../server/platform/db/database.ts';
import { migrateToLatest } from '../../server/platform/db/migrate.ts';
import { projectRoot } from '../../server/platform/paths.ts';

/**
 * What a migrated database depends on: the migrations' names and contents and the database engine's version. A
 * template made from other migrations is never used; a changed migration makes a new one.
 */
function migrationsKey(): string {
  const dir = path.join(projectRoot, 'migrations');
  const h = crypto.createHash('sha256');
  for (const f of fs.readdirSync(dir).sort())
    h.update(f)
      .update('\0')
      .update(fs.readFileSync(path.join(dir, f)))
      .update('\0');
  const pglite = JSON.parse(fs.readFileSync(path.join(projectRoot, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  h.update(pglite.version);
  return h.digest('hex').slice(0, 16);
}

let pgliteDump: Promise<Blob> | undefined;

/**
 * A migrated PGlite data directory as a tarball, made once per test run and migrations (a file in the temp folder,
 * written whole then renamed, so two workers making it at once both end with a complete one). A fresh in-memory
 * cluster costs initdb plus every migration — most of an integration file's start-up; loading the dump costs neither.
 */
function migratedPgliteDump(): Promise<Blob> {
  return (pgliteDump ??= (async () => {
    const file = path.join(os.tmpdir(), `kodeverk-test-pglite-${migrationsKey()}.tar`);
    if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
    const handle = await openDatabase({ dataDir: '', inMemory: true });
    await migrateToLatest(handle.db);
    const dump = await handle.dumpDataDir!();
    await handle.close();
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file);
    return dump;
  })());
}

/**
 * The migrated template database on the PostgreSQL server, made once per migrations (under an advisory lock, so two
 * workers do not both make it); each test file's database is a copy (`create database … template`), not a migration run.
 */
async function postgresTemplate(serverUrl: string, admin: pg.Client): Promise<string> {
  const name = `kodeverk_test_tmpl_${migrationsKey()}`;
  await admin.query('select pg_advisory_lock(775001)');
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      const building = `${name}_bygges`;
      await admin.query(`drop database if exists ${building} with (force)`);
      await admin.query(`create database ${building}`);
      const url = new URL(serverUrl);
      url.pathname = `/${building}`;
      const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
      await migrateToLatest(handle.db);
      await handle.close();
      // renamed only when whole: a run stopped while migrating leaves no half-made template behind under the real name
      await admin.query(`alter database ${building} rename to ${name}`);
    }
  } finally {
    await admin.query('select pg_advisory_unlock(775001)');
  }
  return name;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or — when DATABASE_URL is set
 * (CI) — a newly created database on that PostgreSQL server, dropped again by close(). Both start from a migrated
 * template (above) instead of running the migrations again.
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return openDatabase({ dataDir: '', inMemory: true, fromDump: await migratedPgliteDump() });
  const name = `kodeverk_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const template = await postgresTemplate(serverUrl, admin);
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  return {
    ...handle,
    url: url.toString(),
    async close() {
      await handle.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
