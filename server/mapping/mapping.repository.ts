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

export async function listFunksjonPerKategori(db: Executor, tjenesteId: number) {
  return db
    .selectFrom('funksjon_per_kategori')
    .select(['kommunenummer', 'item_type', 'item_kode', 'tiltakstype', 'funksjon', 'updated_by_label', 'updated_at'])
    .where('tjeneste_id', '=', tjenesteId)
    .orderBy('kommunenummer')
    .orderBy('item_type')
    .orderBy('item_kode')
    .orderBy('tiltakstype')
    .execute();
}

export interface FunksjonPerKategoriKey {
  kommunenummer: string;
  item_type: 'lonnsart' | 'utbetalingskategori';
  item_kode: string;
  tiltakstype: 'i_hjemmet' | 'utenfor_hjemmet';
}

/** The kommune's rows, locked for the save that replaces them. */
export async function lockFunksjonPerKategori(db: Executor, tjenesteId: number, kommunenummer: string) {
  return db
    .selectFrom('funksjon_per_kategori')
    .select(['item_type', 'item_kode', 'tiltakstype', 'funksjon'])
    .where('tjeneste_id', '=', tjenesteId)
    .where('kommunenummer', '=', kommunenummer)
    .forUpdate()
    .execute();
}

export async function upsertFunksjonPerKategori(db: Executor, tjenesteId: number, key: FunksjonPerKategoriKey, funksjon: string, user: { id: number; label: string }) {
  await db
    .insertInto('funksjon_per_kategori')
    .values({ tjeneste_id: tjenesteId, ...key, funksjon, updated_by: user.id, updated_by_label: user.label })
    .onConflict((oc) =>
      oc.columns(['tjeneste_id', 'kommunenummer', 'item_type', 'item_kode', 'tiltakstype']).doUpdateSet({ funksjon, updated_at: new Date(), updated_by: user.id, updated_by_label: user.label }),
    )
    .execute();
}

export async function deleteFunksjonPerKategori(db: Executor, tjenesteId: number, key: FunksjonPerKategoriKey) {
  await db
    .deleteFrom('funksjon_per_kategori')
    .where('tjeneste_id', '=', tjenesteId)
    .where('kommunenummer', '=', key.kommunenummer)
    .where('item_type', '=', key.item_type)
    .where('item_kode', '=', key.item_kode)
    .where('tiltakstype', '=', key.tiltakstype)
    .execute();
}
