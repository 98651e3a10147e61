import { unneutralizeFormula } from './formula.ts';

/** A cell value we cannot use, reported only when the cell is in a column we read. */
export interface CellProblem {
  code: 'formel_uten_resultat' | 'celle_feilverdi' | 'kontrolltegn';
  message: string;
}

/** One row as read from a sheet: trimmed texts by 0-based column index. */
export interface SheetRow {
  number: number;
  cells: (string | null)[];
  /** true where the cell was a number (Excel may have dropped leading zeros) */
  numeric: boolean[] | null;
  problems: (CellProblem | undefined)[] | null;
}

export interface SheetSource {
  name: string;
  hidden: boolean;
  /** every sheet name of the workbook, when known (xlsx) */
  workbookSheetNames?: readonly string[];
  /** rows in batches (ExcelJS parses a sheet in chunks; one batch per chunk keeps per-row promise overhead away) */
  batches: AsyncIterable<SheetRow[]> | Iterable<SheetRow[]>;
}

/** Thrown by readers when the file itself cannot be read (as opposed to a bug in our code). */
export class ReaderFailure extends Error {}

// C0 controls but tab, LF and CR, and DEL: PostgreSQL cannot store NUL, and the others are invisible in a name
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const CONTROL_CHARACTER: CellProblem = {
  code: 'kontrolltegn',
  message: 'Cellen inneholder et usynlig kontrolltegn (for eksempel NUL) som ikke kan lagres. Skriv verdien inn på nytt i cellen og last opp filen igjen.',
};

/** A cell's text, or the problem when it holds a control character (refused with its cell, never stored). */
export function checkedText(text: string): string | null | CellProblem {
  return CONTROL.test(text) ? CONTROL_CHARACTER : cleanText(text);
}

export type NormalizedCell = string | null | CellProblem | { numberText: string };

function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(Number(n.toPrecision(15)));
}

/**
 * A cell text as its own string. V8 keeps a longer substring as a view into the string it was cut from: a name read
 * from the sheet XML would keep its whole parse chunk alive for as long as the record lives (about 20 MB for a
 * 100k-row kontoplan). Concatenating and cutting again makes V8 copy the text once.
 */
function ownString(text: string): string {
  return text.length < 13 ? text : ` ${text}`.substring(1);
}

function cleanText(text: string): string | null {
  let trimmed = text.trim();
  // only a leading apostrophe can be our formula guard (formula.ts); most cells skip that work
  if (trimmed.charCodeAt(0) === 39) trimmed = unneutralizeFormula(trimmed).trim();
  return trimmed === '' ? null : ownString(trimmed);
}

function isoDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/**
 * An ExcelJS cell value to text, without cell.text: numbers as integers when whole (123, never "123.0"),
 * dates as ISO dates, rich text joined, hyperlinks as their text, formulas as their cached result.
 */
export function normalizeCellValue(value: unknown): NormalizedCell {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return checkedText(value);
    case 'number':
      return { numberText: numberText(value) };
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return cleanText(String(value));
  }
  if (value instanceof Date) return isoDate(value) || null;
  const v = value as Record<string, unknown>;
  if ('formula' in v || 'sharedFormula' in v) {
    if (v['result'] === undefined || v['result'] === null) {
      return {
        code: 'formel_uten_resultat',
        message: 'Cellen har en formel uten utregnet verdi. Åpne filen i Excel, lagre den (da regnes formlene ut) og last den opp på nytt – eller skriv inn verdien i stedet for formelen.',
      };
    }
    return normalizeCellValue(v['result']);
  }
  if ('error' in v) {
    return {
      code: 'celle_feilverdi',
      message: `Cellen viser feilverdien ${String(v['error'])}. Rett formelen eller skriv inn verdien, og last opp filen på nytt.`,
    };
  }
  if (Array.isArray(v['richText'])) {
    return checkedText((v['richText'] as { text?: unknown }[]).map((part) => (typeof part.text === 'string' ? part.text : '')).join(''));
  }
  if ('hyperlink' in v || 'text' in v) return normalizeCellValue(v['text']);
  return null;
}

/** Converts ExcelJS row.values (1-based, sparse) to a SheetRow. */
export function toSheetRow(rowNumber: number, values: readonly unknown[]): SheetRow {
  const cells: (string | null)[] = [];
  let numeric: boolean[] | null = null;
  let problems: (CellProblem | undefined)[] | null = null;
  for (let i = 1; i < values.length; i++) {
    const out = normalizeCellValue(values[i]);
    if (out === null || typeof out === 'string') {
      cells[i - 1] = out;
    } else if ('numberText' in out) {
      cells[i - 1] = out.numberText;
      (numeric ??= [])[i - 1] = true;
    } else {
      cells[i - 1] = null;
      (problems ??= [])[i - 1] = out;
    }
  }
  return { number: rowNumber, cells, numeric, problems };
}

export function isBlankRow(row: SheetRow): boolean {
  if (row.problems) return false;
  for (const c of row.cells) if (c !== null && c !== undefined) return false;
  return true;
}
