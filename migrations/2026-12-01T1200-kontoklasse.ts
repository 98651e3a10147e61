import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports from the app.
// The kontoklasse of an art (its leading digit in the KOSTRA convention: 1 drift, 0 investering, 2 balanse) is kept,
// so the konteringsmatrise and the export can tell a balance or investment account from a drift art. kostra then
// holds the KOSTRA art (drift/investering), the KOSTRA kapittel (balanse) or the KOSTRA funksjon.
// null: not an art, or a row stored before this column existed (its kontoklasse was never derived).
// kontoplan_scheme remembers, per tjeneste, the art scheme the user chose and which digit means which kontoklasse;
// like column_mapping it is read only by the import flow, so it is not revision-tracked.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('kontoplan_konto')
    .addColumn('kontoklasse', 'text', (c) => c.check(sql`kontoklasse in ('drift', 'investering', 'balanse', 'ukjent')`))
    .execute();
  await db.schema
    .createTable('kontoplan_scheme')
    .addColumn('tjeneste_id', 'integer', (c) => c.primaryKey().references('tjeneste.id').onDelete('cascade'))
    .addColumn('art_scheme', 'text', (c) => c.check(sql`art_scheme in ('kostra3', 'art4', 'klasse5', 'klasse6')`))
    .addColumn('klasse_drift', 'text', (c) => c.notNull().defaultTo('1'))
    .addColumn('klasse_investering', 'text', (c) => c.notNull().defaultTo('0'))
    .addColumn('klasse_balanse', 'text', (c) => c.notNull().defaultTo('2'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('kontoplan_scheme').ifExists().execute();
  await db.schema.alterTable('kontoplan_konto').dropColumn('kontoklasse').execute();
}
