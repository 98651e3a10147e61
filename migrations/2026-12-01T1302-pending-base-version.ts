import type { Kysely } from 'kysely';

/*
 * The version of its own register a preview was read against: a commit of a preview made from an older version
 * than the current one (another preview was saved meanwhile) is refused instead of silently replacing that version.
 * Null for previews made before this column: they are checked as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('pending_import').addColumn('base_version_no', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('pending_import').dropColumn('base_version_no').execute();
}
