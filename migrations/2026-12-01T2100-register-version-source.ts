import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports from the app.
// A register version now comes from a file (import), from an edit in the app, or from restoring an older version;
// the version records which, and the short reason the user may give (docs/domain.md: every version is immutable).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('register_version')
    .addColumn('kilde', 'text', (c) => c.notNull().defaultTo('fil').check(sql`kilde in ('fil', 'app', 'gjenoppretting')`))
    .addColumn('begrunnelse', 'text')
    .addColumn('restored_from', 'integer')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('register_version').dropColumn('kilde').dropColumn('begrunnelse').dropColumn('restored_from').execute();
}
