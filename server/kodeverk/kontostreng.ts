/*
 * The one written form of a kontostreng, wherever it is shown or exported: art.ansvar.funksjon, e.g. 10510.7100.2510
 * (the package's format, docs/domain.md). The matrix page, the approval cards, the posting preview, the package and
 * the spreadsheet downloads all go through here.
 */
export interface KontostrengParts {
  art: string | null;
  ansvar: string | null;
  funksjon: string | null;
}

/** The kontostreng when every part is there; null when one is missing. */
export function kontostrengOf(p: KontostrengParts): string | null {
  return p.art && p.ansvar !== null && p.funksjon !== null ? `${p.art}.${p.ansvar}.${p.funksjon}` : null;
}

/** For reading: the same form, with «?» for a missing part (10500.?.252), so an incomplete one looks like what it lacks. */
export function kontostrengText(p: KontostrengParts): string {
  return `${p.art || '?'}.${p.ansvar ?? '?'}.${p.funksjon ?? '?'}`;
}
