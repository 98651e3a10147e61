import type { CheckContext, IssueDraft } from '../spreadsheet/definition.ts';
import { artInKontoplanCheck } from '../lonnsarter/lonnsarter.rules.ts';
import type { UtbetalingskategoriRecord } from './utbetalingskategorier.definition.ts';

export function checkUtbetalingskategori(record: UtbetalingskategoriRecord, ctx: CheckContext): IssueDraft[] {
  return artInKontoplanCheck(record.art, ctx.kontoplanArter, `utbetalingskategori ${record.kode ?? record.navn}`);
}
