import type { Issue, Severity } from './types.ts';

/** Column number (1-based) to Excel letters: 1 -> A, 27 -> AA. */
export function columnLetter(columnNumber: number): string {
  let n = columnNumber;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export function fileIssue(code: string, message: string, severity: Severity = 'error'): Issue {
  return { code, severity, message, sheet: null, row: null, column: null, cell: null };
}

export function cellIssue(code: string, severity: Severity, message: string, sheet: string, row: number, column: string | null): Issue {
  return { code, severity, message, sheet, row, column, cell: column === null ? null : `${column}${row}` };
}
