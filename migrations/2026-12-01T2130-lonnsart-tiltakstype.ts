import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports from the app.
// A lønnsart's tiltakstype (as the file says, or the default for its kind: fosterhjem and beredskapshjem are utenfor
// hjemmet, the rest begge) and its A-melding fordel (kontantytelse, utgiftsgodtgjoerelse, naturalytelse).
// tiltakstype null: a row stored before this column existed; the readers give it the default for its kind.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('lonnsart')
    .addColumn('tiltakstype', 'text', (c) => c.check(sql`tiltakstype in ('i_hjemmet', 'utenfor_hjemmet', 'begge')`))
    .addColumn('fordel', 'text', (c) => c.check(sql`fordel in ('kontantytelse', 'utgiftsgodtgjoerelse', 'naturalytelse')`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('lonnsart').dropColumn('tiltakstype').dropColumn('fordel').execute();
}
