import type { Issue } from './types.ts';
import type { SheetRow } from './cells.ts';
import { fieldLabel } from './field-labels.ts';
import { columnLetter, cellIssue } from './issues.ts';
import { parseJaNei, parseTiltakstype } from './cell-rules.ts';

/**
 * Content sniffing for the columns a sheet does not use: when the header says nothing we know, the values may
 * (Ja/Nei answers, tiltakstype words, three-digit KOSTRA codes). Such a column is offered, in a warning, as the
 * field it looks like — never read as it: the user chooses under «Velg kolonner».
 */

const SAMPLE_ROWS = 300;
const MIN_VALUES = 2;

export interface SniffFields {
  /** Ja/Nei fields of the register not read from any column */
  janei: readonly string[];
  tiltakstype: readonly string[];
  /** the field a column of three-digit KOSTRA codes may be, when not read */
  kostra: string | null;
}

export class ColumnSampler {
  private readonly values = new Map<number, string[]>();
  private rows = 0;

  constructor(
    readonly sheet: string,
    private readonly headerRow: number,
    /** column index -> header text, for the columns not used ('' when the column has no header) */
    private readonly unused: ReadonlyMap<number, string>,
    private readonly used: ReadonlySet<number>,
  ) {}

  get full(): boolean {
    return this.rows >= SAMPLE_ROWS;
  }

  add(row: SheetRow): void {
    if (this.rows >= SAMPLE_ROWS) return;
    this.rows++;
    const cells = row.cells;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      if (c === null || c === undefined || this.used.has(i)) continue;
      const list = this.values.get(i);
      if (list) list.push(c);
      else this.values.set(i, [c]);
    }
  }

  /** Headerless columns that hold values (listed in the column overview), and a warning per column that looks like a field. */
  findings(fields: SniffFields): { headerless: number[]; issues: Issue[] } {
    const issues: Issue[] = [];
    const headerless: number[] = [];
    for (const [index, values] of this.values) {
      const header = this.unused.get(index);
      const letter = columnLetter(index + 1);
      if (header === undefined) {
        headerless.push(index);
        issues.push(
          cellIssue(
            'kolonne_uten_overskrift',
            'warning',
            `Kolonne ${letter} har verdier (f.eks. «${(values[0] ?? '').slice(0, 30)}»), men ingen overskrift, og er ikke lest. Gi kolonnen en overskrift og last opp filen på nytt hvis den skal være med.`,
            this.sheet,
            this.headerRow,
            letter,
          ),
        );
        continue;
      }
      const looks = looksLike(values, fields);
      if (looks === null) continue;
      issues.push(
        cellIssue(
          'kolonne_innhold',
          'warning',
          `Kolonne ${letter} «${header}» er ikke lest, men innholdet ${looks}. Velg den under «Velg kolonner» hvis den skal brukes.`,
          this.sheet,
          this.headerRow,
          letter,
        ),
      );
    }
    headerless.sort((a, b) => a - b);
    return { headerless, issues };
  }
}

const orList = (fields: readonly string[]) => {
  const labels = fields.map(fieldLabel);
  return labels.length === 1 ? (labels[0] as string) : `${labels.slice(0, -1).join(', ')} eller ${labels[labels.length - 1]}`;
};

function looksLike(values: readonly string[], fields: SniffFields): string | null {
  if (values.length < MIN_VALUES) return null;
  // Ja/Nei: every value an answer, and at least one a word (a column of 0 and 1 is more likely a count)
  if (fields.janei.length > 0 && values.every((v) => parseJaNei(v) !== undefined) && values.some((v) => /[a-zæøå]/i.test(v))) {
    return `er bare Ja/Nei-svar og kan være ${orList(fields.janei)}`;
  }
  if (fields.tiltakstype.length > 0 && values.every((v) => parseTiltakstype(v) !== undefined) && values.some((v) => /[a-zæøå]{4,}/i.test(v))) {
    return `er tiltakstyper (I hjemmet, Utenfor hjemmet, Begge) og kan være ${orList(fields.tiltakstype)}`;
  }
  if (fields.kostra !== null && values.every((v) => /^\d{3}$/.test(v))) {
    return `er tresifrede koder som KOSTRA-koder og kan være ${fieldLabel(fields.kostra)}`;
  }
  return null;
}
