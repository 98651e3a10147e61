import type { RowTable } from '../platform/db/columns.ts';
import type { UtbetalingskategoriRecord } from './utbetalingskategorier.definition.ts';
/** lopenr: the row's place in the file (the definition's storage.rowNumber). */
export type UtbetalingskategoriTable = RowTable<UtbetalingskategoriRecord, { tiltakstype: string }> & { lopenr: number };

/** An utbetalingskategorier version's rows. */
export interface UtbetalingskategorierTables {
  utbetalingskategori: UtbetalingskategoriTable;
}
