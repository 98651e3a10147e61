import type { XlsxReadingThread } from './xlsx-thread.ts';
export type RegisterName = 'kontoplan' | 'lonnsarter' | 'utbetalingskategorier';
export type Severity = 'error' | 'warning';

/** One problem found in a user's file. sheet/row/column/cell are null for file-level problems; row is 1-based as Excel shows it. */
export interface Issue {
  code: string;
  severity: Severity;
  message: string;
  sheet: string | null;
  row: number | null;
  column: string | null;
  cell: string | null;
  /** the register field the cell was read as, and the cell's text: a located issue can be fixed in the preview */
  field?: string | null;
  value?: string | null;
}

/**
 * A correction the user made in the preview (the file itself is not changed): a cell read with another value, or a
 * row skipped. Listed in the version's record when saved.
 */
export interface PreviewFix {
  sheet: string;
  row: number;
  /** null with skip */
  field: string | null;
  from: string | null;
  to: string | null;
  skip: boolean;
}

export type Dimensjon = 'art' | 'ansvar' | 'funksjon';
export type Tiltakstype = 'i_hjemmet' | 'utenfor_hjemmet' | 'begge';

/** canonical field -> the header text as it appears in the file (so the user can map by hand and it can be remembered per tjeneste+register). */
export interface ColumnMapping {
  [canonicalField: string]: string;
}

/** What the engine read of a file, with the records of the register it read it for (R: that register's record type). */
export interface ParseResult<R> {
  register: RegisterName;
  records: R[];
  errors: Issue[];
  warnings: Issue[];
  /** kontoplan {art, ansvar, funksjon}; lonnsarter {lonnsart}; utbetalingskategorier {utbetalingskategori} */
  counts: Record<string, number>;
  ignoredSheets: { sheet: string; reason: string }[];
  /** what was detected, for the manual mapping UI */
  headers: { sheet: string; row: number; columns: { letter: string; header: string; field: string | null }[] }[];
  /** how the file was read where nothing is wrong (codes on many rows, rows skipped as page headers): said once, not per row */
  notes: Note[];
  /** every column of every sheet whose header row was found, and the field it was read as (null = not used) */
  columns: ColumnUse[];
  /** true when a required field's column could not be detected (the web UI then asks the user to map columns) */
  needsMapping: boolean;
  rowsRead: number;
  /** kontoplan only */
  artScheme?: ArtSchemeReport;
}

/** kontoplan: the art scheme read, and why (shown in the preview; the user can choose another). */
export interface ArtSchemeReport {
  /** null when no art fits any scheme */
  scheme: 'kostra3' | 'art4' | 'klasse5' | 'klasse6' | null;
  /** the user chose it (remembered for the tjeneste) rather than it being detected */
  chosen: boolean;
  /** arter whose KOSTRA came from an explicit KOSTRA column (it always wins) */
  fromColumn: number;
  /** «235 av 235 arter passer med kontoklasse + KOSTRA-art + lokalt siffer» */
  message: string;
  /** every scheme with how many arter fit it */
  alternatives: { scheme: 'kostra3' | 'art4' | 'klasse5' | 'klasse6'; label: string; fits: number }[];
  total: number;
  /** two schemes fit equally well: the user should choose */
  ambiguous: boolean;
  kontoklasser: { drift: string; investering: string; balanse: string };
}

/** A line about how the file was read; not a problem to fix. */
export interface Note {
  code: string;
  message: string;
  sheet: string | null;
  column: string | null;
}

/** One column of a read sheet: `field` is what it was read as (a mappable field name), null when it was not used. */
export interface ColumnUse {
  sheet: string;
  column: string;
  header: string;
  field: string | null;
}

export interface ParseOptions {
  regnskapsar: number;
  /** kontoplan: the art scheme chosen for the tjeneste (absent = detect) and which digit is which kontoklasse */
  artScheme?: 'kostra3' | 'art4' | 'klasse5' | 'klasse6';
  kontoklasser?: { drift: string; investering: string; balanse: string };
  columnMapping?: ColumnMapping;
  /** when importing into a tjeneste: art codes of its current kontoplan; lonnsart/utbetalingskategori art not in it = error */
  kontoplanArter?: ReadonlySet<string>;
  onProgress?: (rowsRead: number) => void;
  maxBytes?: number;
  /** the user's fixes in the preview: applied to the cells as they are read */
  fixes?: readonly PreviewFix[];
  /** remembered value mappings per field: the cell's text (trimmed, lower case) -> the text to read instead */
  valueMaps?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** an .xlsx is read by ExcelJS in this thread of its own (xlsx-thread.ts; the CLI's large files), which the read stops */
  readThread?: XlsxReadingThread;
}
