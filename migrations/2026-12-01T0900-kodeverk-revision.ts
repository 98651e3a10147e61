import { sql, type Kysely } from 'kysely';

/**
 * A revision per tjeneste that changes whenever anything its kodeverk pages show changes, so a page can tell with the
 * one query it already makes (the membership) whether the state it read before still holds.
 *
 * Triggers, not application code, bump it: a write that forgets cannot exist. They are deferred constraint triggers,
 * so the revision row is locked only at commit, when the transaction holds every other lock it will take: two
 * writers in one tjeneste can wait for each other there but never deadlock on it. Values come from one sequence and
 * are never reused, so a revision identifies one committed state.
 */
export const REVISION_TABLES = [
  'tjeneste',
  'tjeneste_kommune',
  'register_version',
  'kommune_mapping',
  'kommune_review',
  'tjeneste_settings',
  'posting_setting',
  'mva_kode',
  'kodeverk_export',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence kodeverk_revision_seq`.execute(db);
  await db.schema
    .createTable('kodeverk_revision')
    .addColumn('tjeneste_id', 'integer', (c) => c.primaryKey().references('tjeneste.id').onDelete('cascade'))
    .addColumn('revision', 'bigint', (c) => c.notNull())
    .execute();
  await sql`create function bump_kodeverk_revision() returns trigger language plpgsql as $$
    declare
      ids integer[];
    begin
      if TG_TABLE_NAME = 'tjeneste' then
        ids := array[coalesce(NEW.id, OLD.id)];
      elsif TG_OP = 'INSERT' then
        ids := array[NEW.tjeneste_id];
      elsif TG_OP = 'DELETE' then
        ids := array[OLD.tjeneste_id];
      else
        ids := array[OLD.tjeneste_id, NEW.tjeneste_id];
      end if;
      -- at commit a deleted tjeneste is gone: nothing to bump for it
      insert into kodeverk_revision (tjeneste_id, revision)
        select t.id, nextval('kodeverk_revision_seq') from tjeneste t where t.id = any(ids)
        on conflict (tjeneste_id) do update set revision = excluded.revision;
      return null;
    end $$`.execute(db);
  for (const table of REVISION_TABLES) {
    await sql`create constraint trigger ${sql.raw(`${table}_kodeverk_revision`)} after insert or update or delete on ${sql.table(table)}
      deferrable initially deferred for each row execute function bump_kodeverk_revision()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of REVISION_TABLES) await sql`drop trigger if exists ${sql.raw(`${table}_kodeverk_revision`)} on ${sql.table(table)}`.execute(db);
  await sql`drop function if exists bump_kodeverk_revision()`.execute(db);
  await db.schema.dropTable('kodeverk_revision').ifExists().execute();
  await sql`drop sequence if exists kodeverk_revision_seq`.execute(db);
}
