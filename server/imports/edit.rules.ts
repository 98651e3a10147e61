import type { Severity } from '../spreadsheet/types.ts';
import type { CellInput, CheckContext, IssueDraft, RegisterDefinition } from '../spreadsheet/definition.ts';
import type { RegisterRecord } from '../registers/registry.ts';

/**
 * Editing a register in the browser, generic over its definition (STYLE.md habit 6): each row is turned back into the
 * cells an import reads (toExportCells, else the stored value as text), the user's changes are applied to those cells,
 * and the rows go through the definition's own row schema and checks — the same rules and messages as a file. A field
 * a definition gains is edited the same way without code here. Pure: no database.
 */

export interface EditRow<R extends RegisterRecord = RegisterRecord> {
  /** the stored record this row was (null: a row the user added) */
  stored: R | null;
  /** the row's cells with the user's changes applied */
  cells: CellInput;
  /** the user changed a cell (or added the row): only such rows can be refused, and only they take the re-read record */
  touched: boolean;
}

export interface EditIssue {
  /** index into the rows given; null = about the whole register */
  row: number | null;
  field: string | null;
  code: string;
  severity: Severity;
  message: string;
}

export interface EditCheck<R extends RegisterRecord = RegisterRecord> {
  records: R[];
  issues: EditIssue[];
  errorCount: number;
  counts: Record<string, number>;
}

function plainText(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (v === true) return 'Ja';
  if (v === false) return 'Nei';
  return String(v);
}

/** A stored record as the cells an import of it would read (what the edit form shows and compares against). */
export function recordCells<R extends RegisterRecord>(def: RegisterDefinition<R>, record: R): CellInput {
  const exported = def.toExportCells(record);
  const raw = record as unknown as Record<string, unknown>;
  return Object.fromEntries(def.inputFields.map((f) => [f, f in exported ? (exported[f] ?? null) : plainText(raw[f])]));
}

const norm = (v: string | null | undefined): string => (v ?? '').trim();
export const sameCell = (a: string | null | undefined, b: string | null | undefined): boolean => norm(a) === norm(b);

/** Blank cells are null, as the import reads them. */
export function cleanCells(cells: Readonly<Record<string, string | null | undefined>>, fields: readonly string[]): CellInput {
  return Object.fromEntries(fields.map((f) => [f, norm(cells[f]) === '' ? null : norm(cells[f])]));
}

/**
 * Checks the edited register: every row through the row schema and the record/candidate checks, duplicates, and the
 * whole-register checks. Rows the user did not touch keep their stored record exactly (nothing changes silently), and
 * what the rules now say about them does not block the save; a touched or added row with an error does.
 */
export function checkEditedRows<R extends RegisterRecord>(def: RegisterDefinition<R>, rows: readonly EditRow<R>[], ctx: CheckContext): EditCheck<R> {
  const issues: EditIssue[] = [];
  const say = (row: number | null, d: IssueDraft) => {
    if (row !== null && !rows[row]?.touched) return;
    issues.push({ row, field: d.field, code: d.code, severity: d.severity, message: d.message });
  };
  const candidates: R[] = [];
  const candidateRow: number[] = [];
  const failed = new Set<number>();
  rows.forEach((row, i) => {
    const fast = def.fastRow?.(row.cells) ?? null;
    if (fast !== null) {
      candidates.push(fast);
      candidateRow.push(i);
      return;
    }
    const parsed = def.rowSchema.safeParse(row.cells);
    if (parsed.success) {
      candidates.push(parsed.data);
      candidateRow.push(i);
      return;
    }
    failed.add(i);
    for (const zi of parsed.error.issues) {
      const field = typeof zi.path[0] === 'string' ? zi.path[0] : null;
      const code = (zi as { params?: { code?: string } }).params?.code ?? 'ugyldig_verdi';
      say(i, { code, severity: 'error', message: zi.message, field });
    }
  });
  if (def.checkCandidates) {
    const describeRows = (ix: readonly number[]) =>
      ix
        .slice(0, 12)
        .map((c) => def.describe(candidates[c] as R))
        .join(', ');
    const check = def.checkCandidates(candidates, { numeric: () => false, rowsText: describeRows }, ctx);
    for (const { index, draft } of check.issues) say(candidateRow[index] as number, draft);
    for (const index of check.rejected) failed.add(candidateRow[index] as number);
  } else {
    candidates.forEach((c, k) => {
      const drafts = def.checkRecord(c, ctx);
      for (const d of drafts) say(candidateRow[k] as number, d);
      if (drafts.some((d) => d.severity === 'error')) failed.add(candidateRow[k] as number);
    });
  }
  const readAs = new Map<number, R>();
  candidates.forEach((c, k) => {
    readAs.set(candidateRow[k] as number, c);
  });
  const records: R[] = [];
  const firstWith = new Map<string, number>();
  rows.forEach((row, i) => {
    // untouched: the stored record as it is; touched: what the rules read from its cells
    const record = !row.touched && row.stored ? row.stored : failed.has(i) ? null : (readAs.get(i) ?? null);
    if (record === null) return;
    const id = def.identity(record);
    const earlier = id === null ? undefined : firstWith.get(id);
    if (earlier !== undefined) {
      const at = rows[i]?.touched ? i : earlier;
      issues.push({
        row: at,
        field: 'kode',
        code: 'dobbel_kode',
        severity: 'error',
        message: `${def.describe(record)} står to ganger. Gi den ene raden en annen kode, eller fjern den.`,
      });
      return;
    }
    if (id !== null) firstWith.set(id, i);
    records.push(record);
  });
  if (records.length === 0) {
    if (!issues.some((x) => x.severity === 'error'))
      issues.push({ row: null, field: null, code: 'ingen_rader', severity: 'error', message: `Registeret kan ikke stå tomt. Legg til minst én rad, eller behold en av radene.` });
  } else for (const d of def.checkAll(records, ctx)) issues.push({ row: null, field: null, code: d.code, severity: d.severity, message: d.message });
  const counts: Record<string, number> = Object.fromEntries(def.countKeys.map((k) => [k, 0]));
  for (const r of records) counts[def.countKey(r)] = (counts[def.countKey(r)] ?? 0) + 1;
  return { records, issues, errorCount: issues.filter((x) => x.severity === 'error').length, counts };
}
