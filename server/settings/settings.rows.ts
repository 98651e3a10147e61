// The settings' stored rows as the settings: pure, shared by the repository's reads and the kodeverk state's one
// statement (kodeverk/kodeverk.state.ts), which reads the same rows in its own query.
import type { Selectable } from 'kysely';
import type { TjenesteSettingsTable } from './settings.tables.ts';
import { emptyPosting, type AutopaySettings, type Erp, type JaNei, type Modul, type ModulePosting, type ModuleStatus, type PostingValues } from './settings.rules.ts';

export interface TjenesteSettings {
  erp: Erp | null;
  erpAnnet: string | null;
  moduler: Record<Modul, ModuleStatus>;
  autopay: AutopaySettings;
  /** the art arbeidsgiveravgift is posted on; null = not chosen (the kontoplan's only 099 art is used) */
  agaArt: string | null;
  updatedAt: Date | null;
  updatedBy: number | null;
}

/** A tjeneste_settings row (or none) as TjenesteSettings: also what the kodeverk state's one statement reads. */
export function tjenesteSettingsOf(row: Selectable<TjenesteSettingsTable> | undefined): TjenesteSettings {
  return {
    erp: (row?.erp as Erp | null) ?? null,
    erpAnnet: row?.erp_annet ?? null,
    moduler: { okonomi: (row?.okonomi_status as ModuleStatus) ?? 'ikke_avklart', lonn: (row?.lonn_status as ModuleStatus) ?? 'ikke_avklart' },
    autopay: {
      avtale: (row?.autopay_avtale as JaNei) ?? 'ikke_avklart',
      kontonummer: row?.autopay_kontonummer ?? null,
      godkjenning: (row?.autopay_godkjenning as JaNei) ?? 'ikke_avklart',
      antallGodkjennere: row?.autopay_antall_godkjennere ?? null,
      avtalereferanse: row?.autopay_avtalereferanse ?? null,
    },
    agaArt: row?.aga_art ?? null,
    updatedAt: (row?.updated_at as Date | undefined) ?? null,
    updatedBy: row?.updated_by ?? null,
  };
}

export type PostingRow = { modul: string; kommunenummer: string | null; selskap: string | null; motkonto: string | null; bilagsserie: string | null };

/** posting_setting rows as both modules' defaults and overrides. */
export function postingsOf(rows: readonly PostingRow[]): Record<Modul, ModulePosting> {
  const out: Record<Modul, ModulePosting> = { okonomi: { standard: emptyPosting(), kommuner: {} }, lonn: { standard: emptyPosting(), kommuner: {} } };
  for (const r of rows) {
    const m = out[r.modul as Modul];
    if (!m) continue;
    const v: PostingValues = { selskap: r.selskap, motkonto: r.motkonto, bilagsserie: r.bilagsserie };
    if (r.kommunenummer === null) m.standard = v;
    else m.kommuner[r.kommunenummer] = v;
  }
  return out;
}

export const mvaKoderOf = (rows: readonly { kategori: string; mva_kode: string }[]): Record<string, string> => Object.fromEntries(rows.map((r) => [r.kategori, r.mva_kode]));
