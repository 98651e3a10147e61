import type { Generated } from 'kysely';
import type { RowTable, Timestamp } from '../platform/db/columns.ts';
import type { KontoplanRecord } from './kontoplan.definition.ts';

/** kontoklasse: migration 2026-12-01T1200-kontoklasse; null = not an art, or stored before kontoklasse was derived. */
export type KontoplanKontoTable = RowTable<KontoplanRecord, { dimensjon: string; aktiv: Generated<boolean>; kontoklasse: string | null }>;
/** Per tjeneste: the art scheme the user chose (null = detect) and the digit of each kontoklasse (migration 2026-12-01T1200). */
export interface KontoplanSchemeTable {
  tjeneste_id: number;
  art_scheme: string | null;
  klasse_drift: Generated<string>;
  klasse_investering: Generated<string>;
  klasse_balanse: Generated<string>;
  updated_at: Timestamp;
  updated_by: number | null;
}

/** A kontoplan version's codes and the tjeneste's art scheme. */
export interface KontoplanTables {
  kontoplan_konto: KontoplanKontoTable;
  kontoplan_scheme: KontoplanSchemeTable;
}
