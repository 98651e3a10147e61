/**
 * CSV/formula injection guard (OWASP «CSV Injection»): a text that starts with = + - @, tab or CR
 * gets a leading apostrophe on export, so a spreadsheet shows it as text; re-import removes it again.
 * A text that already starts with apostrophes before such a character gets one more, so the round trip is exact.
 */
const DANGEROUS_START = /^'*[=+\-@\t\r]/;

export function neutralizeFormula(text: string): string {
  return DANGEROUS_START.test(text) ? `'${text}` : text;
}

export function unneutralizeFormula(text: string): string {
  return text.startsWith("'") && DANGEROUS_START.test(text.slice(1)) ? text.slice(1) : text;
}
