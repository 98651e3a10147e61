import type { Timestamp } from '../platform/db/columns.ts';

// Mapping (migration 2026-11-23T1000-mapping-review).
export interface KommuneMappingTable {
  tjeneste_id: number;
  kommunenummer: string;
  ansvar: string | null;
  funksjon_i_hjemmet: string | null;
  funksjon_utenfor_hjemmet: string | null;
  funksjon_administrasjon: string | null;
  version: number;
  updated_at: Timestamp;
  updated_by: number | null;
  updated_by_label: string;
}
export interface DeltAnsvarTable {
  tjeneste_id: number;
  ansvar: string;
  begrunnelse: string;
  updated_at: Timestamp;
  updated_by: number | null;
  updated_by_label: string;
}
/** A funksjon for one kategori or lønnsart, kommune and tiltakstype over the kommune's default (migration 2026-12-01T2200). */
export interface FunksjonPerKategoriTable {
  tjeneste_id: number;
  kommunenummer: string;
  item_type: 'lonnsart' | 'utbetalingskategori';
  item_kode: string;
  tiltakstype: 'i_hjemmet' | 'utenfor_hjemmet';
  funksjon: string;
  updated_at: Timestamp;
  updated_by: number | null;
  updated_by_label: string;
}

/** Each kommune's ansvar and funksjoner, the shared ansvar, and funksjon per kategori. */
export interface MappingTables {
  kommune_mapping: KommuneMappingTable;
  delt_ansvar: DeltAnsvarTable;
  funksjon_per_kategori: FunksjonPerKategoriTable;
}
