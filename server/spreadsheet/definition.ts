import type { z } from 'zod';
import type { ArtSchemeReport, RegisterName, Severity } from './types.ts';
import type { HeaderMatch } from './headers.ts';
import type { ArtScheme, KontoklasseDigits } from '../reference/kostra.ts';

/**
 * One definition per register (STYLE.md habit 6): columns and header aliases, the zod row schema with the
 * lenient cell rules, per-record and cross-row checks, the template's example rows and the export headers.
 * The import engine (server/spreadsheet) is generic over this type and is given the definition to read by; it never
 * looks one up (registers/registry.ts chooses it by name), so the definitions can be written in what this folder has.
 */

/** The cells of one record as read from a row: field -> trimmed text (null = blank). */
export type CellInput = Record<string, string | null>;

export interface CheckContext {
  regnskapsar: number;
  kontoplanArter?: ReadonlySet<string>;
  /** kontoplan: the art scheme the user chose (absent = detect) and the digit of each kontoklasse */
  artScheme?: ArtScheme;
  kontoklasser?: KontoklasseDigits;
  /** at the end of a read: the fields the file had a column for (absent: not known, e.g. one record edited alone) */
  fieldsRead?: ReadonlySet<string>;
}

/** What the engine knows of each candidate row beyond its record, for a whole-register check. */
export interface CandidateEvidence {
  /** the field's cell was a number in the workbook (only then can Excel have dropped leading zeros) */
  numeric: (index: number, field: string) => boolean;
  /** «rad 5, 17 og 230» (with the sheet when the rows are on several): where the candidates stand */
  rowsText: (indexes: readonly number[]) => string;
}

/** Built from the candidates as they are read, handed to checkCandidates at the end (its own type, opaque here). */
export interface CandidatePreparation<R> {
  add: (record: R, index: number) => void;
}

export interface CandidateCheck {
  /** each issue at a candidate (its row) */
  issues: { index: number; draft: IssueDraft }[];
  /** candidates with an error: not kept */
  rejected: ReadonlySet<number>;
  artScheme?: ArtSchemeReport;
}

/** An issue before it gets its place in the file: field names the cell (its column), null = the whole row / file. */
export interface IssueDraft {
  code: string;
  severity: Severity;
  message: string;
  field: string | null;
}

export interface HeaderCell {
  /** 0-based column index */
  index: number;
  letter: string;
  header: string;
  /** the field this column was recognised as (or mapped to by the user), null when unknown */
  field: string | null;
}

/** One group of columns on a row that makes one record; fixed values fill fields that have no column (e.g. the dimension from the sheet name). */
export interface SheetSlot {
  columns: Record<string, number>;
  fixed: Record<string, string>;
}

export type SheetPlan =
  | { kind: 'plan'; slots: SheetSlot[] /** several records per row (side by side, ERP combinations): identical repeats are expected */; multiPerRow: boolean }
  | { kind: 'ignore'; reason: string; missingFields: string[] };

export interface TemplateSheet<R> {
  name: string;
  /** export header fields in column order */
  fields: readonly string[];
  includes: (record: R) => boolean;
}

/**
 * One field of a register's records as people see and edit it: the single description every reader takes (the
 * import's labels, the version page, the diff, the database columns, an editor). kind: text (free text), code (a code,
 * kept as text), janei (Ja/Nei, blank = not stated), choice (one of options; blank as `blank` says).
 */
export interface RegisterField {
  name: string;
  label: string;
  kind: 'text' | 'code' | 'janei' | 'choice';
  required: boolean;
  options?: readonly { value: string; label: string }[];
  /** what a blank cell means, in words («Begge», «ikke oppgitt») */
  blank?: string;
  /** a blank cell still gives a value (the one `blank` names), so the record always has one: never null */
  filled?: boolean;
  /** filled by the app (KOSTRA derivations), not typed by people */
  derived?: boolean;
  /** the field in kodeverk.json's rows, as its JSON Schema describes it; absent: not a property of the rows (the kontoplan's dimensjon groups them) */
  exportDescription?: string;
}

/** What a field holds in a record: a choice one of its option values; null unless required or filled. */
type FieldValue<F extends RegisterField> = F['kind'] extends 'janei' ? boolean : F extends { kind: 'choice'; options: readonly { value: infer V }[] } ? V : string;
type FieldNull<F extends RegisterField> = F extends { required: true } | { filled: true } ? never : null;
/** The record type a list of fields describes (declare the fields `as const` so names and option values stay literal). */
export type RecordOf<Fields extends readonly RegisterField[]> = { [F in Fields[number] as F['name']]: FieldValue<F> | FieldNull<F> };

/** A field's value in words, as people read it: Ja/Nei, a choice's label, the field's blank text; never a stored code. */
export function fieldText(field: RegisterField, v: unknown): string {
  if (v === null || v === undefined || v === '') return field.blank ?? 'ikke oppgitt';
  if (v === true) return 'Ja';
  if (v === false) return 'Nei';
  return field.options?.find((o) => o.value === v)?.label ?? String(v);
}

/** Options from a value -> words map, keeping the values' type. */
export const choicesOf = <V extends string>(text: Readonly<Record<V, string>>): readonly { value: V; label: string }[] =>
  (Object.entries(text) as [V, string][]).map(([value, label]) => ({ value, label }));

/** A column of a register's row table: a field's (janei: boolean, else text), or one the definition's storage adds. */
export interface StoredColumn {
  name: string;
  type: 'text' | 'boolean' | 'integer';
}

/** Where a register's rows are stored: the table, and what it keeps beside the fields. */
export interface RegisterStorage {
  table: 'kontoplan_konto' | 'lonnsart' | 'utbetalingskategori';
  /** the row's place in the file (1, 2, …), kept so the rows read back in the file's order; not content */
  rowNumber?: string;
  /** derived by the app and kept with the record, but not a field people see (the kontoplan's kontoklasse) */
  extraColumns?: readonly StoredColumn[];
}

/** The row table's columns, in order: row number, the fields, the extra columns (the writer inserts them, the readers select them). */
export function storedColumns(def: Pick<RegisterDefinition<never>, 'fields' | 'storage'>): StoredColumn[] {
  return [
    ...(def.storage.rowNumber ? [{ name: def.storage.rowNumber, type: 'integer' as const }] : []),
    ...def.fields.map((f): StoredColumn => ({ name: f.name, type: f.kind === 'janei' ? 'boolean' : 'text' })),
    ...(def.storage.extraColumns ?? []),
  ];
}

/** The fields kodeverk.json's rows carry, in order. */
export const exportedFields = (def: Pick<RegisterDefinition<never>, 'fields'>): RegisterField[] => def.fields.filter((f) => f.exportDescription !== undefined);

/** A record as kodeverk.json's row: exactly the exported fields, in order (a stored row's extra columns left out). */
export function exportRow<R>(def: Pick<RegisterDefinition<never>, 'fields'>, record: R): Record<string, unknown> {
  return Object.fromEntries(exportedFields(def).map((f) => [f.name, (record as Record<string, unknown>)[f.name] ?? null]));
}

/** A record's fields as the cells a template or export writes (and an import reads back): Ja/Nei, a choice's words. */
export function fieldCells(fields: readonly RegisterField[], record: unknown): Record<string, string | null> {
  const raw = record as Record<string, unknown>;
  return Object.fromEntries(
    fields.map((f) => {
      const v = raw[f.name];
      if (v === null || v === undefined) return [f.name, null];
      if (f.kind === 'janei') return [f.name, jaNeiText(v as boolean)];
      if (f.kind === 'choice') return [f.name, f.options?.find((o) => o.value === v)?.label ?? String(v)];
      return [f.name, String(v)];
    }),
  );
}

/** The names of the fields of one kind (the Ja/Nei fields get Ja/Nei drop-downs). */
export const fieldsOfKind = (fields: readonly RegisterField[], kind: RegisterField['kind']): string[] => fields.filter((f) => f.kind === kind).map((f) => f.name);

/** field -> its label: the header text of templates and exports. */
export const labelsOf = (fields: readonly RegisterField[]): Readonly<Record<string, string>> => Object.fromEntries(fields.map((f) => [f.name, f.label]));

export interface RegisterDefinition<R> {
  register: RegisterName;
  /** Norwegian label, e.g. «lønnsarter» */
  label: string;
  /** the record's fields in order, with their kind and choices (see RegisterField) */
  fields: readonly RegisterField[];
  storage: RegisterStorage;
  /** every field a column can be mapped to (canonical names used in ColumnMapping and ParseResult.headers) */
  mappableFields: readonly string[];
  /** recognises a header cell (its text as in the file), with how sure the match is */
  classifyHeader: (header: string) => HeaderMatch | null;
  /** fields several columns of one sheet may take (kontoplan: the Navn beside each code column); others are asked about when two columns match equally well */
  sharedFields?: readonly string[];
  planSheet: (sheetName: string, headers: readonly HeaderCell[]) => SheetPlan;
  /** fields of a CellInput, in order */
  inputFields: readonly string[];
  rowSchema: z.ZodType<R, CellInput>;
  /**
   * Optional plain-function fast path for big files: returns exactly what rowSchema would return for a valid row,
   * or null to let rowSchema decide (and word the issues). rowSchema stays the source of truth.
   */
  fastRow?: (input: Readonly<CellInput>) => R | null;
  /** code fields whose leading zeros Excel may have dropped; padGroup groups the codes whose width is compared */
  codeFields: readonly string[];
  padGroup: (record: R, field: string) => string;
  /** per-record rules after zero restoration; may fill derived fields (kostra) */
  checkRecord: (record: R, ctx: CheckContext) => IssueDraft[];
  /**
   * Optional whole-register reading of the candidate rows, replacing the generic leading-zero restoration and
   * checkRecord: the kontoplan detects its art scheme from all its codes and says each problem once per code.
   */
  checkCandidates?: (candidates: R[], evidence: CandidateEvidence, ctx: CheckContext, prepared?: CandidatePreparation<R>) => CandidateCheck;
  /** what checkCandidates starts from, built by the engine one candidate at a time while it reads (optional) */
  prepareCandidates?: (ctx: CheckContext) => CandidatePreparation<R>;
  /** same identity twice = duplicate (null: no identity, never a duplicate) */
  identity: (record: R) => string | null;
  /** «Art 10510», «Lønnsart 510» */
  describe: (record: R) => string;
  /** checks over the whole register, reported without a cell */
  checkAll: (records: readonly R[], ctx: CheckContext) => IssueDraft[];
  countKeys: readonly string[];
  countKey: (record: R) => string;
  exampleRows: readonly R[];
  templateSheets: readonly TemplateSheet<R>[];
  /** field -> header text used in templates and exports; a workbook with these headers re-imports unchanged */
  exportHeaders: Readonly<Record<string, string>>;
  /** fields shown as Ja/Nei drop-downs / tiltakstype drop-downs / text-formatted code columns in templates */
  janeiFields: readonly string[];
  tiltakstypeFields: readonly string[];
  /**
   * What a blank tiltakstype cell becomes: begge (the default; the reader warns at the cell) or record (the record rule
   * fills the default for the record's kind and warns, e.g. a fosterhjem lønnsart is utenfor hjemmet).
   */
  tiltakstypeBlank?: 'begge' | 'record';
  toExportCells: (record: R) => Record<string, string | null>;
}

/**
 * What the engine needs of the registers a file was not uploaded for: their template sheets and headers, so a file or
 * sheet that is one of theirs is said to be so (the definitions themselves, chosen by name in registers/registry.ts).
 */
export type OtherRegister = Pick<RegisterDefinition<never>, 'register' | 'label' | 'templateSheets' | 'classifyHeader' | 'planSheet'>;

/** Generic planner: one record per row, each field's first recognised column; required fields must be present. */
export function planSingleRecordSheet(headers: readonly HeaderCell[], requiredFields: readonly string[], labels: Readonly<Record<string, string>>): SheetPlan {
  const columns: Record<string, number> = {};
  for (const h of headers) if (h.field !== null && columns[h.field] === undefined) columns[h.field] = h.index;
  const missing = requiredFields.filter((f) => columns[f] === undefined);
  if (Object.keys(columns).length === 0) return { kind: 'ignore', reason: 'Fant ingen kjente kolonneoverskrifter.', missingFields: [...requiredFields] };
  if (missing.length > 0) {
    return { kind: 'ignore', reason: `Mangler kolonne for ${missing.map((f) => labels[f] ?? f).join(', ')}.`, missingFields: missing };
  }
  return { kind: 'plan', slots: [{ columns, fixed: {} }], multiPerRow: false };
}

function jaNeiText(value: boolean | null): string | null {
  return value === null ? null : value ? 'Ja' : 'Nei';
}
