import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports from the app.
// Each kommune's ansvar/funksjon mapping (optimistic locking by version) and its review status with the last approval.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('kommune_mapping')
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull())
    .addColumn('kommunenummer', 'text', (c) => c.notNull())
    .addColumn('ansvar', 'text')
    .addColumn('funksjon_i_hjemmet', 'text')
    .addColumn('funksjon_utenfor_hjemmet', 'text')
    .addColumn('funksjon_administrasjon', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('updated_by_label', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('kommune_mapping_pk', ['tjeneste_id', 'kommunenummer'])
    .addForeignKeyConstraint('kommune_mapping_kommune_fk', ['tjeneste_id', 'kommunenummer'], 'tjeneste_kommune', ['tjeneste_id', 'kommunenummer'], (fk) => fk.onDelete('cascade'))
    .execute();

  // One row per kommune: the current status and the last approval (who, when, hash and snapshot of what was approved).
  await db.schema
    .createTable('kommune_review')
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull())
    .addColumn('kommunenummer', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('utkast'))
    .addColumn('submitted_by_label', 'text')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('decided_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('decided_by_label', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('comment', 'text')
    .addColumn('approved_by_label', 'text')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('approved_hash', 'text')
    .addColumn('approved_snapshot', 'jsonb')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('kommune_review_pk', ['tjeneste_id', 'kommunenummer'])
    .addForeignKeyConstraint('kommune_review_kommune_fk', ['tjeneste_id', 'kommunenummer'], 'tjeneste_kommune', ['tjeneste_id', 'kommunenummer'], (fk) => fk.onDelete('cascade'))
    .execute();
  await sql`alter table kommune_review add constraint kommune_review_status check (status in ('utkast', 'til_godkjenning', 'godkjent', 'avvist'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['kommune_review', 'kommune_mapping']) await db.schema.dropTable(t).ifExists().execute();
}
