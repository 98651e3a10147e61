import type { ColumnType } from 'kysely';

// The mapping capability's own table, added to the app's Database type here (schema.ts holds the shared ones).
export interface DeltAnsvarTable {
  tjeneste_id: number;
  ansvar: string;
  begrunnelse: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
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
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: number | null;
  updated_by_label: string;
}

declare module '../platform/db/schema.ts' {
  interface Database {
    delt_ansvar: DeltAnsvarTable;
    funksjon_per_kategori: FunksjonPerKategoriTable;
  }
}
