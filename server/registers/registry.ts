import type { RegisterName } from '../spreadsheet/types.ts';
import type { OtherRegister, RegisterDefinition } from '../spreadsheet/definition.ts';
import { kontoplanDefinition, type KontoplanRecord } from '../kontoplan/kontoplan.definition.ts';
import { lonnsarterDefinition, type LonnsartRecord } from '../lonnsarter/lonnsarter.definition.ts';
import { utbetalingskategorierDefinition, type UtbetalingskategoriRecord } from '../utbetalingskategorier/utbetalingskategorier.definition.ts';

/**
 * The registers by name: the one place that knows all three definitions. The import engine (server/spreadsheet) is
 * given a definition and does not look one up, so it stays below the definitions.
 */

/** A record of any of the registers; each record type is derived from its definition's fields (its single source). */
export type RegisterRecord = KontoplanRecord | LonnsartRecord | UtbetalingskategoriRecord;

export const registerNames: readonly RegisterName[] = ['kontoplan', 'lonnsarter', 'utbetalingskategorier'];

export function definitionFor(register: RegisterName): RegisterDefinition<RegisterRecord> {
  switch (register) {
    case 'kontoplan':
      return kontoplanDefinition as unknown as RegisterDefinition<RegisterRecord>;
    case 'lonnsarter':
      return lonnsarterDefinition as unknown as RegisterDefinition<RegisterRecord>;
    case 'utbetalingskategorier':
      return utbetalingskategorierDefinition as unknown as RegisterDefinition<RegisterRecord>;
  }
}

/** The registers besides this one, in registerNames order: the engine says when a file is one of theirs. */
export function otherDefinitions(register: RegisterName): OtherRegister[] {
  return registerNames.filter((name) => name !== register).map(definitionFor);
}
