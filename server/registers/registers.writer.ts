import { type RawBuilder, sql } from 'kysely';
import type { Trx } from '../platform/db/database.ts';
import type { RegisterVersionSource } from './registers.tables.ts';
import type { RegisterName } from '../spreadsheet/types.ts';
import { registerContentHash } from './content-hash.ts';
import { storedColumns, type RegisterDefinition } from '../spreadsheet/definition.ts';
import { type RegisterRecord, definitionFor } from './registry.ts';

/**
 * Rows go in as column arrays, `insert … select from unnest(…)`: one statement and five or so parameters per 10,000
 * rows. (Multi-row VALUES needs a parameter per cell, and on PGlite's single connection a 100k-row kontoplan then
 * took ~2 s; PostgreSQL caps a statement at 65,535 parameters anyway.)
 */
const BATCH = 10_000;

async function inBatches<T>(rows: readonly T[], insert: (batch: readonly T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/**
 * The insert of one batch, every column the definition stores (storedColumns: its fields, row number and extra
 * columns), each as one array of its type: a field added to the definition is written without a change here.
 */
export function insertRows(def: Pick<RegisterDefinition<never>, 'fields' | 'storage'>, versionId: number, rows: readonly unknown[]) {
  const columns = storedColumns(def);
  const arrays = columns.map((c) => sql`${rows.map((r) => (r as Record<string, unknown>)[c.name] ?? null)}::${sql.raw(`${c.type}[]`)}`);
  return sql`insert into ${sql.table(def.storage.table)} (version_id, ${sql.join(columns.map((c) => sql.ref(c.name)))})
    select ${versionId}::integer, * from unnest(${sql.join(arrays)})`;
}

export interface NewVersion {
  tjenesteId: number;
  register: RegisterName;
  fileName: string;
  counts: Record<string, number>;
  /** the warnings, or a SQL expression giving them as jsonb (a large preview's warnings are copied by the database) */
  warnings: unknown[] | RawBuilder<string>;
  createdBy: number | null;
  /** absent: a file; 'app': edited in the browser; 'gjenoppretting': an older version's content again (restoredFrom); 'system': written by the app itself */
  source?: RegisterVersionSource;
  reason?: string | null;
  restoredFrom?: number | null;
  /** what the user fixed in the preview, in words */
  fixes?: readonly string[];
  /** refuse (VersionMovedError) unless this is the current version number (0: none yet), checked under the lock */
  expectedVersionNo?: number;
}

/** Another version of the register was saved after the preview was made from the one before it. */
export class VersionMovedError extends Error {
  constructor(readonly currentVersionNo: number) {
    super(`version moved to ${currentVersionNo}`);
  }
}

/**
 * Writes a new immutable version with its rows (batched array inserts) inside the caller's transaction.
 * Returns null when the records equal the current version's content: no new version then.
 */
/** One advisory lock namespace per register (the first key of pg_advisory_xact_lock; the tjeneste is the second). */
const REGISTER_LOCK_SLOT: Record<NewVersion['register'], number> = { kontoplan: 0, lonnsarter: 1, utbetalingskategorier: 2 };

export async function insertRegisterVersion(trx: Trx, v: NewVersion, records: readonly RegisterRecord[]) {
  const contentHash = registerContentHash(v.register, records);
  // Serialise concurrent commits of the same register of one tjeneste; the unique constraint is the backstop. An
  // advisory lock on (register, tjeneste), not FOR UPDATE on the tjeneste row: that row lock conflicts with the key
  // share every insert referencing the tjeneste takes, so a 100,000-row commit held up every other write in it.
  await sql`select pg_advisory_xact_lock(${7750 + REGISTER_LOCK_SLOT[v.register]}::int, ${v.tjenesteId}::int)`.execute(trx);
  const current = await trx
    .selectFrom('register_version')
    .select(['version_no', 'content_hash'])
    .where('tjeneste_id', '=', v.tjenesteId)
    .where('register', '=', v.register)
    .orderBy('version_no', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (v.expectedVersionNo !== undefined && (current?.version_no ?? 0) !== v.expectedVersionNo) throw new VersionMovedError(current?.version_no ?? 0);
  if (current?.content_hash === contentHash) return { created: false as const, versionNo: current.version_no, contentHash };
  const version = await trx
    .insertInto('register_version')
    .values({
      tjeneste_id: v.tjenesteId,
      register: v.register,
      version_no: (current?.version_no ?? 0) + 1,
      content_hash: contentHash,
      file_name: v.fileName,
      counts: JSON.stringify(v.counts),
      warnings: Array.isArray(v.warnings) ? JSON.stringify(v.warnings) : v.warnings,
      created_by: v.createdBy,
      kilde: v.source ?? 'fil',
      begrunnelse: v.reason ?? null,
      restored_from: v.restoredFrom ?? null,
      rettinger: JSON.stringify(v.fixes ?? []),
    })
    .returning(['id', 'version_no'])
    .executeTakeFirstOrThrow();
  const versionId = version.id;
  const def = definitionFor(v.register);
  const rows = def.storage.rowNumber ? records.map((r, i) => ({ ...r, [def.storage.rowNumber as string]: i + 1 })) : records;
  await inBatches(rows, (b) => insertRows(def, versionId, b).execute(trx));
  return { created: true as const, versionNo: version.version_no, versionId, contentHash };
}
