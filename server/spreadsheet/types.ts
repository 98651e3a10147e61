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
}

export type Dimensjon = 'art' | 'ansvar' | 'funksjon';
export type Tiltakstype = 'i_hjemmet' | 'utenfor_hjemmet' | 'begge';

/** kostra: derived KOSTRA art (art) or KOSTRA funksjon (funksjon: first 3 digits), null for ansvar or when none derivable. */
export interface KontoplanRecord {
  dimensjon: Dimensjon;
  kode: string;
  navn: string;
  aktiv: boolean;
  kostra: string | null;
}

export interface LonnsartRecord {
  kode: string;
  navn: string;
  art: string;
  skattepliktig: boolean | null;
  aga: boolean | null;
  feriepengegrunnlag: boolean | null;
  amelding_beskrivelse: string | null;
}

export interface UtbetalingskategoriRecord {
  kode: string | null;
  navn: string;
  art: string;
  tiltakstype: Tiltakstype;
}

export type RegisterRecord = KontoplanRecord | LonnsartRecord | UtbetalingskategoriRecord;

/** canonical field -> the header text as it appears in the file (so the user can map by hand and it can be remembered per tjeneste+register). */
export interface ColumnMapping {
  [canonicalField: string]: string;
}

export interface ParseResult<R = RegisterRecord> {
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
  columnMapping?: ColumnMapping;
  /** when importing into a tjeneste: art codes of its current kontoplan; lonnsart/utbetalingskategori art not in it = error */
  kontoplanArter?: ReadonlySet<string>;
  onProgress?: (rowsRead: number) => void;
  maxBytes?: number;
}
