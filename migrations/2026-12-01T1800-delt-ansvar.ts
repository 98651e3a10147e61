import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports from the app.
// An ansvar the tjeneste has explicitly marked as shared by several kommuner, with the reason the godkjenner sees.
// Without a row, two kommuner on one ansvar is an error in the konteringsmatrise.
/** Tables this migration puts under the kodeverk revision trigger (read by the revision test). */
export const REVISION_TABLES = ['delt_ansvar'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('delt_ansvar')
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull().references('tjeneste.id').onDelete('cascade'))
    .addColumn('ansvar', 'text', (c) => c.notNull())
    .addColumn('begrunnelse', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('updated_by_label', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('delt_ansvar_pk', ['tjeneste_id', 'ansvar'])
    .execute();
  // The kodeverk pages are cached by revision: a change here must bump it like the other kodeverk tables.
  await sql`create constraint trigger delt_ansvar_kodeverk_revision after insert or update or delete on delt_ansvar
    deferrable initially deferred for each row execute function bump_kodeverk_revision()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('delt_ansvar').ifExists().execute();
}
