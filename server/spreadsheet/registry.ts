import type { RegisterName, RegisterRecord } from './types.ts';
import type { RegisterDefinition } from './definition.ts';
import { kontoplanDefinition } from '../kontoplan/kontoplan.definition.ts';
import { lonnsarterDefinition } from '../lonnsarter/lonnsarter.definition.ts';
import { utbetalingskategorierDefinition } from '../utbetalingskategorier/utbetalingskategorier.definition.ts';

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
