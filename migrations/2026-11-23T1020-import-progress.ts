import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports from the app.
// A pending import is written before its file is read, so the preview page can show progress (rows read)
// and a reader that died with its process can be told apart from one still working (updated_at).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('pending_import')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('klar'))
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failure', 'text')
    .addColumn('kontoplan_version_no', 'integer')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('pending_import_tjeneste').on('pending_import').columns(['tjeneste_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('pending_import_tjeneste').ifExists().execute();
  await db.schema.alterTable('pending_import').dropColumn('status').dropColumn('rows_read').dropColumn('failure').dropColumn('kontoplan_version_no').dropColumn('updated_at').execute();
}
