import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.ts';

// From the source this is migrations/*.ts (vitest compiles them); from the build (dist/server/platform/db/migrate.js),
// dist/migrations/*.js, which the build emits. Same names either way, so a database migrated by one is current for the other.
const migrationFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');
const ext = path.extname(fileURLToPath(import.meta.url));

/** Loads the dated migrations by name (our own import rather than Kysely's FileMigrationProvider: only our extension). */
const provider: MigrationProvider = {
  async getMigrations() {
    const files = (await fs.readdir(migrationFolder)).filter((f) => /^\d{4}-\d{2}-\d{2}/.test(f) && path.extname(f) === ext).sort();
    const out: Record<string, Migration> = {};
    for (const f of files) out[path.basename(f, ext)] = (await import(pathToFileURL(path.join(migrationFolder, f)).href)) as Migration;
    return out;
  },
};

export async function migrateToLatest(db: Db): Promise<string[]> {
  // Capabilities add dated migrations in parallel; an older-named one arriving later must still run.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
