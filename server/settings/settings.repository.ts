import type { Executor } from '../platform/db/database.ts';
import type { Erp, JaNei, Modul, ModulePosting, ModuleStatus, PostingValues } from './settings.rules.ts';
import { mvaKoderOf, postingsOf, tjenesteSettingsOf, type TjenesteSettings } from './settings.rows.ts';

/** The settings row, or the all-undecided defaults when nothing has been saved yet. */
export async function findTjenesteSettings(db: Executor, tjenesteId: number): Promise<TjenesteSettings> {
  return tjenesteSettingsOf(await db.selectFrom('tjeneste_settings').selectAll().where('tjeneste_id', '=', tjenesteId).executeTakeFirst());
}

export interface SettingsRowPatch {
  erp?: Erp | null;
  erp_annet?: string | null;
  okonomi_status?: ModuleStatus;
  lonn_status?: ModuleStatus;
  autopay_avtale?: JaNei;
  autopay_kontonummer?: string | null;
  autopay_godkjenning?: JaNei;
  autopay_antall_godkjennere?: number | null;
  autopay_avtalereferanse?: string | null;
  aga_art?: string | null;
}

export async function upsertTjenesteSettings(db: Executor, tjenesteId: number, userId: number, patch: SettingsRowPatch): Promise<void> {
  const stamp = { updated_at: new Date(), updated_by: userId };
  await db
    .insertInto('tjeneste_settings')
    .values({ tjeneste_id: tjenesteId, ...patch, ...stamp })
    .onConflict((oc) => oc.column('tjeneste_id').doUpdateSet({ ...patch, ...stamp }))
    .execute();
}

/** Both modules' defaults and overrides; a module with no rows is all null. */
export async function findPostings(db: Executor, tjenesteId: number): Promise<Record<Modul, ModulePosting>> {
  return postingsOf(await db.selectFrom('posting_setting').select(['modul', 'kommunenummer', 'selskap', 'motkonto', 'bilagsserie']).where('tjeneste_id', '=', tjenesteId).execute());
}

const hasAny = (v: PostingValues) => v.selskap !== null || v.motkonto !== null || v.bilagsserie !== null;

/** Replaces one module's default and overrides; overrides with no value are not stored (they mean "use the default"). */
export async function replaceModulePosting(db: Executor, tjenesteId: number, modul: Modul, userId: number, posting: ModulePosting): Promise<void> {
  await db.deleteFrom('posting_setting').where('tjeneste_id', '=', tjenesteId).where('modul', '=', modul).execute();
  const stamp = { updated_at: new Date(), updated_by: userId };
  const rows = [
    { tjeneste_id: tjenesteId, modul, kommunenummer: null, ...posting.standard, ...stamp },
    ...Object.entries(posting.kommuner)
      .filter(([, v]) => hasAny(v))
      .map(([kommunenummer, v]) => ({ tjeneste_id: tjenesteId, modul, kommunenummer, ...v, ...stamp })),
  ];
  await db.insertInto('posting_setting').values(rows).execute();
}

export async function findMvaKoder(db: Executor, tjenesteId: number): Promise<Record<string, string>> {
  return mvaKoderOf(await db.selectFrom('mva_kode').select(['kategori', 'mva_kode']).where('tjeneste_id', '=', tjenesteId).execute());
}

/**
 * Sets the mva-koder of the given kategorier (null removes one). Kategorier not listed keep their value, so a
 * kode for a kategori missing from the current import survives until it comes back.
 */
export async function setMvaKoder(db: Executor, tjenesteId: number, userId: number, koder: Record<string, string | null>): Promise<void> {
  const keys = Object.keys(koder);
  if (keys.length === 0) return;
  await db.deleteFrom('mva_kode').where('tjeneste_id', '=', tjenesteId).where('kategori', 'in', keys).execute();
  const rows = Object.entries(koder)
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([kategori, mva_kode]) => ({ tjeneste_id: tjenesteId, kategori, mva_kode, updated_at: new Date(), updated_by: userId }));
  if (rows.length) await db.insertInto('mva_kode').values(rows).execute();
}
