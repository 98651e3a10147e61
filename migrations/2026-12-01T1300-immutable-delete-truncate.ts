import { sql, type Kysely } from 'kysely';

/*
 * Final exports and the audit log are evidence: an export's number must never be freed for reuse and the log never
 * emptied. Row triggers already refuse UPDATE (and DELETE on the log); DELETE on exports and TRUNCATE on both — which
 * skips row triggers — are refused here too. A tjeneste holding either can therefore not be deleted (the cascade
 * is refused), which is what an auditor needs.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function refuse_removal() returns trigger language plpgsql as $$
    begin raise exception '% is append-only: % is refused', tg_table_name, lower(tg_op) using errcode = 'P0001'; end $$`.execute(db);
  await sql`create trigger kodeverk_export_no_delete before delete on kodeverk_export
    for each row execute function refuse_removal()`.execute(db);
  await sql`create trigger kodeverk_export_no_truncate before truncate on kodeverk_export
    for each statement execute function refuse_removal()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function refuse_removal()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists kodeverk_export_no_delete on kodeverk_export`.execute(db);
  await sql`drop trigger if exists kodeverk_export_no_truncate on kodeverk_export`.execute(db);
  await sql`drop trigger if exists audit_log_no_truncate on audit_log`.execute(db);
  await sql`drop function if exists refuse_removal()`.execute(db);
}
