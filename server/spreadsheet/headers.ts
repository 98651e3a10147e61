/**
 * Forgiving header matching: case, spaces, punctuation and æøå (æ→ae, ø→o, å→a) do not matter.
 * A trailing «(T)» (ERP print-outs: the text column of a code column) is reported separately.
 */
export interface HeaderKey {
  key: string;
  isText: boolean;
}

export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/[øö]/g, 'o')
    .replace(/[åä]/g, 'a')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]/g, '');
}

const TEXT_SUFFIX = /\(\s*t\s*\)\s*$/i;

export function headerKey(text: string): HeaderKey {
  const isText = TEXT_SUFFIX.test(text);
  return { key: foldText(isText ? text.replace(TEXT_SUFFIX, '') : text), isText };
}

/** Builds a lookup from folded alias to field. */
export function aliasTable(entries: Record<string, readonly string[]>): Map<string, string> {
  const table = new Map<string, string>();
  for (const [field, aliases] of Object.entries(entries)) for (const alias of aliases) table.set(foldText(alias), field);
  return table;
}

/** Report-style group and sum lines of ERP print-outs («Ansvar/Avdel: 100 RÅDMANNEN», «Sum ansvar …», «Totalt») are not data. */
const SUM_LINE = /^(sum|totalt?|delsum|subtotal|i alt)\b/i;
const GROUP_LINE = /^[A-Za-zÆØÅæøå][A-Za-zÆØÅæøå()/ .-]{1,40}:\s*\S/;

export function isReportLine(firstText: string): boolean {
  return SUM_LINE.test(firstText) || GROUP_LINE.test(firstText);
}
