import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports from the app.
// An approval bound to what was shown, four-eyes over everyone who took part, and invitations instead of silently
// reusing an account that exists in another tjeneste.
export async function up(db: Kysely<any>): Promise<void> {
  // What was sent to the godkjenner: who sent it, and the hash and snapshot of the content at that moment, so a later
  // change to it can be told (and shown) before anyone approves it.
  await db.schema
    .alterTable('kommune_review')
    .addColumn('submitted_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('submitted_hash', 'text')
    .addColumn('submitted_snapshot', 'jsonb')
    .execute();

  // An invitation to an account into a tjeneste: the account's owner accepts it after logging in. `navn` is the name
  // the inviting admin typed, shown to that admin instead of the account's own name (which they must not learn).
  await db.schema
    .createTable('membership_invitation')
    .addColumn('tjeneste_id', 'integer', (c) => c.notNull().references('tjeneste.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('navn', 'text', (c) => c.notNull())
    .addColumn('roles', sql`text[]`, (c) => c.notNull())
    .addColumn('invited_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('invited_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('membership_invitation_pk', ['tjeneste_id', 'user_id'])
    .execute();
  await db.schema.createIndex('membership_invitation_user').on('membership_invitation').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('membership_invitation').ifExists().execute();
  await db.schema.alterTable('kommune_review').dropColumn('submitted_snapshot').dropColumn('submitted_hash').dropColumn('submitted_by').execute();
}
