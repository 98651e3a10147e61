import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('kodeverk_export')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull().references('tjeneste.id').onDelete('cascade'))
    .addColumn('export_no', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('zip_sha256', 'text', (c) => c.notNull())
    .addColumn('zip', 'bytea', (c) => c.notNull())
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('kodeverk_export_no', ['tjeneste_id', 'export_no'])
    .execute();
  // A final export is evidence for an auditor: stored once, never changed.
  await sql`create function kodeverk_export_immutable() returns trigger language plpgsql as $$
    begin raise exception 'kodeverk_export is immutable'; end $$`.execute(db);
  await sql`create trigger kodeverk_export_no_update before update on kodeverk_export
    for each row execute function kodeverk_export_immutable()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('kodeverk_export').ifExists().execute();
  await sql`drop function if exists kodeverk_export_immutable() cascade`.execute(db);
}
