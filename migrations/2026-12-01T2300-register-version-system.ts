import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports from the app.
// A register version the app writes itself (the kontoplan's KOSTRA arts re-derived for a new regnskapsår) records that
// as its source, like a file, an edit or a restore (docs/domain.md: every version is immutable and says where it came from).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table register_version drop constraint register_version_kilde_check`.execute(db);
  await sql`alter table register_version add constraint register_version_kilde_check check (kilde in ('fil', 'app', 'gjenoppretting', 'system'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table register_version drop constraint register_version_kilde_check`.execute(db);
  await sql`alter table register_version add constraint register_version_kilde_check check (kilde in ('fil', 'app', 'gjenoppretting'))`.execute(db);
}
