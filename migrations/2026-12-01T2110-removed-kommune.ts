import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports from the app.
// A kommune taken out of a tjeneste keeps what was set up for it: its tilknytning, its review (approval history)
// and its posting settings are kept here as they were, and come back if the kommune is added again. The live tables
// then hold only the tjeneste's current kommuner, so every query that lists kommuner stays right as it is.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('removed_kommune')
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull().references('tjeneste.id').onDelete('cascade'))
    .addColumn('kommunenummer', 'text', (c) => c.notNull())
    .addColumn('navn', 'text', (c) => c.notNull())
    .addColumn('mapping', 'jsonb')
    .addColumn('review', 'jsonb')
    .addColumn('posting', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('removed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('removed_by_label', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('removed_kommune_pk', ['tjeneste_id', 'kommunenummer'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('removed_kommune').ifExists().execute();
}
