import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports from the app.
// An installation admin may create further tjenester (#14 item 17). The flag is given by the first-run setup and by
// `kodeverk admin installasjon` on the command line. An installation set up before this migration gets the admins of
// its first tjeneste (the one /oppsett created), so someone can create the second one without the command line.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('app_user')
    .addColumn('installation_admin', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`update app_user set installation_admin = true
    where id in (select m.user_id from membership m where 'admin' = any(m.roles) and m.tjeneste_id = (select min(id) from tjeneste))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app_user').dropColumn('installation_admin').execute();
}
