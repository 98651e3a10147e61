import type { Kysely } from 'kysely';

// Frozen in time: no imports from the app.
// A start password someone else chose (an invitation to a new e-mail, an admin's reset, the CLI) must be replaced by
// the user's own at the first login; the flag says so until they have.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('app_user')
    .addColumn('must_change_password', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app_user').dropColumn('must_change_password').execute();
}
