import type { Generated } from 'kysely';
import type { Timestamp } from '../platform/db/columns.ts';

export interface TjenesteSettingsTable {
  tjeneste_id: number;
  erp: string | null;
  erp_annet: string | null;
  okonomi_status: Generated<string>;
  lonn_status: Generated<string>;
  autopay_avtale: Generated<string>;
  autopay_kontonummer: string | null;
  autopay_godkjenning: Generated<string>;
  autopay_antall_godkjennere: number | null;
  autopay_avtalereferanse: string | null;
  updated_at: Timestamp;
  updated_by: number | null;
  aga_art: string | null;
}
/** kommunenummer null = the module's tjeneste-wide default. */
export interface PostingSettingTable {
  id: Generated<number>;
  tjeneste_id: number;
  modul: string;
  kommunenummer: string | null;
  selskap: string | null;
  motkonto: string | null;
  bilagsserie: string | null;
  updated_at: Timestamp;
  updated_by: number | null;
}
export interface MvaKodeTable {
  tjeneste_id: number;
  kategori: string;
  mva_kode: string;
  updated_at: Timestamp;
  updated_by: number | null;
}

/** The tjeneste's settings, posting settings per modul and kommune, and mva-koder. */
export interface SettingsTables {
  tjeneste_settings: TjenesteSettingsTable;
  posting_setting: PostingSettingTable;
  mva_kode: MvaKodeTable;
}
