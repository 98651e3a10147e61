import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports from the app.
// Fixing a file's errors in the preview without changing the file: the fixes of a waiting preview, what was fixed in
// the version it became, and value mappings («kanskje» in AGA → Ja) remembered per tjeneste and register.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('pending_import')
    .addColumn('fixes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  await db.schema
    .alterTable('register_version')
    .addColumn('rettinger', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  await db.schema
    .createTable('value_mapping')
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull().references('tjeneste.id').onDelete('cascade'))
    .addColumn('register', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('from_text', 'text', (c) => c.notNull())
    .addColumn('to_text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by_label', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('value_mapping_pk', ['tjeneste_id', 'register', 'field', 'from_text'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('value_mapping').ifExists().execute();
  await db.schema.alterTable('register_version').dropColumn('rettinger').execute();
  await db.schema.alterTable('pending_import').dropColumn('fixes').execute();
}
