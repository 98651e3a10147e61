import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports from the app.
// A funksjon for one utbetalingskategori or lønnsart, one kommune and one tiltakstype that overrides the kommune's
// default funksjon for that tiltakstype (real plans split 251/252 into sub-funksjoner per tiltak: 25220 fosterhjem,
// 25180 besøkshjem/støttekontakt). item_kode: the lønnsart's kode, or the kategori's kode (its name when it has none).
/** Tables this migration puts under the kodeverk revision trigger (read by the revision test). */
export const REVISION_TABLES = ['funksjon_per_kategori'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('funksjon_per_kategori')
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull().references('tjeneste.id').onDelete('cascade'))
    .addColumn('kommunenummer', 'text', (c) => c.notNull())
    .addColumn('item_type', 'text', (c) => c.notNull().check(sql`item_type in ('lonnsart', 'utbetalingskategori')`))
    .addColumn('item_kode', 'text', (c) => c.notNull())
    .addColumn('tiltakstype', 'text', (c) => c.notNull().check(sql`tiltakstype in ('i_hjemmet', 'utenfor_hjemmet')`))
    .addColumn('funksjon', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('updated_by_label', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('funksjon_per_kategori_pk', ['tjeneste_id', 'kommunenummer', 'item_type', 'item_kode', 'tiltakstype'])
    .execute();
  // The kodeverk pages are cached by revision: a change here must bump it like the other kodeverk tables.
  await sql`create constraint trigger funksjon_per_kategori_kodeverk_revision after insert or update or delete on funksjon_per_kategori
    deferrable initially deferred for each row execute function bump_kodeverk_revision()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('funksjon_per_kategori').ifExists().execute();
}
