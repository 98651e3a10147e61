import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports from the app.
// Posting settings, module choice, Autopay and mva-koder. Every value may be null = "ikke avklart".
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tjeneste_settings')
    .addColumn('tjeneste_id', 'integer', (c) => c.primaryKey().references('tjeneste.id').onDelete('cascade'))
    .addColumn('erp', 'text')
    .addColumn('erp_annet', 'text')
    .addColumn('okonomi_status', 'text', (c) => c.notNull().defaultTo('ikke_avklart'))
    .addColumn('lonn_status', 'text', (c) => c.notNull().defaultTo('ikke_avklart'))
    .addColumn('autopay_avtale', 'text', (c) => c.notNull().defaultTo('ikke_avklart'))
    .addColumn('autopay_kontonummer', 'text')
    .addColumn('autopay_godkjenning', 'text', (c) => c.notNull().defaultTo('ikke_avklart'))
    .addColumn('autopay_antall_godkjennere', 'integer')
    .addColumn('autopay_avtalereferanse', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .execute();

  // kommunenummer null = the tjeneste-wide default of the module; otherwise that kommune's override.
  await db.schema
    .createTable('posting_setting')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull().references('tjeneste.id').onDelete('cascade'))
    .addColumn('modul', 'text', (c) => c.notNull())
    .addColumn('kommunenummer', 'text')
    .addColumn('selskap', 'text')
    .addColumn('motkonto', 'text')
    .addColumn('bilagsserie', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addForeignKeyConstraint('posting_setting_kommune_fk', ['tjeneste_id', 'kommunenummer'], 'tjeneste_kommune', ['tjeneste_id', 'kommunenummer'], (fk) => fk.onDelete('cascade'))
    .execute();
  await sql`create unique index posting_setting_default on posting_setting (tjeneste_id, modul) where kommunenummer is null`.execute(db);
  await sql`create unique index posting_setting_override on posting_setting (tjeneste_id, modul, kommunenummer) where kommunenummer is not null`.execute(db);

  // kategori = the utbetalingskategori's kode, or its navn when it has no kode (stable across re-imports).
  await db.schema
    .createTable('mva_kode')
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull().references('tjeneste.id').onDelete('cascade'))
    .addColumn('kategori', 'text', (c) => c.notNull())
    .addColumn('mva_kode', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addPrimaryKeyConstraint('mva_kode_pk', ['tjeneste_id', 'kategori'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['mva_kode', 'posting_setting', 'tjeneste_settings']) await db.schema.dropTable(t).ifExists().execute();
}
