import type { RowTable } from '../platform/db/columns.ts';
import type { LonnsartRecord } from './lonnsarter.definition.ts';
/** tiltakstype, fordel: migration 2026-12-01T2130; tiltakstype null = stored before it existed (the readers give the default for the lønnsart's kind). */
export type LonnsartTable = RowTable<LonnsartRecord, { tiltakstype: string | null; fordel: string | null }>;

/** A lønnsarter version's rows. */
export interface LonnsarterTables {
  lonnsart: LonnsartTable;
}
