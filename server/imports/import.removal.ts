import type { RegisterName } from '../spreadsheet/types.ts';
import { COUNT_NOUN } from '../spreadsheet/labels.ts';
import type { RegisterDiff } from './import.diff.ts';
import type { KontoplanRecord } from '../kontoplan/kontoplan.definition.ts';
import type { RegisterRecord } from '../registers/registry.ts';

/**
 * An import that would take away much of a register asks first (docs/domain.md: the user's data is never lost
 * silently): a file with less than half of the current rows, or a kontoplan that would leave a dimension it had
 * (art, ansvar, funksjon) empty. Such a file is usually the wrong file or one sheet of several. Pure.
 */
export interface RemovalGuard {
  /** one sentence per reason, e.g. «Filen har bare 2 av 10 lønnsarter – skal de 8 andre fjernes?» */
  reasons: string[];
  removed: number;
}

const DIMENSJONER = ['art', 'ansvar', 'funksjon'] as const;

export function removalGuardOf(register: RegisterName, current: readonly RegisterRecord[], next: readonly RegisterRecord[], diff: RegisterDiff): RemovalGuard | null {
  const reasons: string[] = [];
  const total = current.length;
  const removed = diff.removed.length;
  const kept = total - removed;
  if (register === 'kontoplan') {
    const had = (records: readonly RegisterRecord[], d: string) => (records as KontoplanRecord[]).filter((r) => r.dimensjon === d).length;
    for (const d of DIMENSJONER) {
      const before = had(current, d);
      if (before > 0 && had(next, d) === 0) {
        const noun = COUNT_NOUN[d] as readonly [string, string];
        reasons.push(
          `Filen har ingen ${noun[1]}: alle ${before.toLocaleString('nb-NO')} ${before === 1 ? noun[0] : noun[1]} i gjeldende versjon blir fjernet. Har du valgt riktig fil, eller mangler den et ark?`,
        );
      }
    }
  }
  if (total > 0 && removed * 2 > total) {
    const key = register === 'kontoplan' ? null : register === 'lonnsarter' ? 'lonnsart' : 'utbetalingskategori';
    const noun = key ? (COUNT_NOUN[key]?.[1] ?? register) : 'koder';
    reasons.unshift(`Filen har bare ${kept.toLocaleString('nb-NO')} av ${total.toLocaleString('nb-NO')} ${noun} – skal de ${removed.toLocaleString('nb-NO')} andre fjernes?`);
  }
  return reasons.length ? { reasons, removed } : null;
}
