import type { Kysely } from 'kysely';

// Frozen in time: no imports from the app.
// The art arbeidsgiveravgift is posted on (KOSTRA 099), chosen per tjeneste; null = the kontoplan's only 099 art.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tjeneste_settings').addColumn('aga_art', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tjeneste_settings').dropColumn('aga_art').execute();
}
