import type { Executor } from '../platform/db/database.ts';

const columns = ['kommunenummer', 'ansvar', 'funksjon_i_hjemmet', 'funksjon_utenfor_hjemmet', 'funksjon_administrasjon', 'version', 'updated_at', 'updated_by', 'updated_by_label'] as const;

export async function listMappings(db: Executor, tjenesteId: number) {
  return db.selectFrom('kommune_mapping').select(columns).where('tjeneste_id', '=', tjenesteId).execute();
}

/** Locks the row (when it exists) for the optimistic-locking compare-and-set. */
export async function findMappingForUpdate(db: Executor, tjenesteId: number, kommunenummer: string) {
  return db.selectFrom('kommune_mapping').select(columns).where('tjeneste_id', '=', tjenesteId).where('kommunenummer', '=', kommunenummer).forUpdate().executeTakeFirst();
}

/** Locks the kommune itself, so two first saves (no mapping row yet) are serialised too. */
export async function lockKommune(db: Executor, tjenesteId: number, kommunenummer: string) {
  return db
    .selectFrom('tjeneste_kommune')
    .select(['kommunenummer', 'navn', 'er_vertskommune'])
    .where('tjeneste_id', '=', tjenesteId)
    .where('kommunenummer', '=', kommunenummer)
    .forUpdate()
    .executeTakeFirst();
}

export interface MappingValues {
  ansvar: string | null;
  funksjon_i_hjemmet: string | null;
  funksjon_utenfor_hjemmet: string | null;
  funksjon_administrasjon: string | null;
}

export async function upsertMapping(db: Executor, tjenesteId: number, kommunenummer: string, values: MappingValues, version: number, user: { id: number; label: string }) {
  await db
    .insertInto('kommune_mapping')
    .values({ tjeneste_id: tjenesteId, kommunenummer, ...values, version, updated_by: user.id, updated_by_label: user.label })
    .onConflict((oc) => oc.columns(['tjeneste_id', 'kommunenummer']).doUpdateSet({ ...values, version, updated_at: new Date(), updated_by: user.id, updated_by_label: user.label }))
    .execute();
}

// ---- Ansvar marked as shared by several kommuner ----

export async function listDeltAnsvar(db: Executor, tjenesteId: number) {
  return db.selectFrom('delt_ansvar').select(['ansvar', 'begrunnelse', 'updated_at', 'updated_by_label']).where('tjeneste_id', '=', tjenesteId).orderBy('ansvar').execute();
}

export async function findDeltAnsvarForUpdate(db: Executor, tjenesteId: number, ansvar: string) {
  return db.selectFrom('delt_ansvar').select(['ansvar', 'begrunnelse']).where('tjeneste_id', '=', tjenesteId).where('ansvar', '=', ansvar).forUpdate().executeTakeFirst();
}

export async function upsertDeltAnsvar(db: Executor, tjenesteId: number, ansvar: string, begrunnelse: string, user: { id: number; label: string }) {
  await db
    .insertInto('delt_ansvar')
    .values({ tjeneste_id: tjenesteId, ansvar, begrunnelse, updated_by: user.id, updated_by_label: user.label })
    .onConflict((oc) => oc.columns(['tjeneste_id', 'ansvar']).doUpdateSet({ begrunnelse, updated_at: new Date(), updated_by: user.id, updated_by_label: user.label }))
    .execute();
}

export async function deleteDeltAnsvar(db: Executor, tjenesteId: number, ansvar: string) {
  return (await db.deleteFrom('delt_ansvar').where('tjeneste_id', '=', tjenesteId).where('ansvar', '=', ansvar).executeTakeFirst()).numDeletedRows > 0n;
}
