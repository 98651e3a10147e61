import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { ArtScheme, KontoklasseDigits } from '../reference/kostra.ts';

export interface KontoplanSchemeChoice {
  /** null = detect from the codes */
  artScheme: ArtScheme | null;
  kontoklasser: KontoklasseDigits;
}

/** The tjeneste's remembered art scheme and kontoklasse digits; null when never chosen (detect, KOSTRA convention). */
export async function findKontoplanScheme(db: Executor, tjenesteId: number): Promise<KontoplanSchemeChoice | null> {
  const row = await db.selectFrom('kontoplan_scheme').select(['art_scheme', 'klasse_drift', 'klasse_investering', 'klasse_balanse']).where('tjeneste_id', '=', tjenesteId).executeTakeFirst();
  if (!row) return null;
  return {
    artScheme: (row.art_scheme as ArtScheme | null) ?? null,
    kontoklasser: { drift: row.klasse_drift, investering: row.klasse_investering, balanse: row.klasse_balanse },
  };
}

export async function upsertKontoplanScheme(db: Executor, tjenesteId: number, choice: KontoplanSchemeChoice, userId: number | null): Promise<void> {
  const values = {
    art_scheme: choice.artScheme,
    klasse_drift: choice.kontoklasser.drift,
    klasse_investering: choice.kontoklasser.investering,
    klasse_balanse: choice.kontoklasser.balanse,
    updated_by: userId,
  };
  await db
    .insertInto('kontoplan_scheme')
    .values({ tjeneste_id: tjenesteId, ...values })
    .onConflict((oc) => oc.column('tjeneste_id').doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
    .execute();
}
