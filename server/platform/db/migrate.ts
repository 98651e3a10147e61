import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.ts';

const migrationFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

/**
 * Loads migrations/*.ts by name. Our own import (rather than Kysely's FileMigrationProvider) so the
 * TypeScript loader in use — tsx for the app and CLI, vitest in tests — compiles them.
 */
const provider: MigrationProvider = {
  async getMigrations() {
    const files = (await fs.readdir(migrationFolder)).filter((f) => /^\d{4}-\d{2}-\d{2}.*\.ts$/.test(f)).sort();
    const out: Record<string, Migration> = {};
    for (const f of files) out[f.replace(/\.ts$/, '')] = (await import(pathToFileURL(path.join(migrationFolder, f)).href)) as Migration;
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
