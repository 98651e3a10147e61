import type { Konto } from './current.ts';

/*
 * Choosing an ansvar, art or funksjon from a kontoplan that may hold 50,000 codes (#14 item 7). Up to
 * SELECT_LIMIT codes the page keeps a <select> with every code: it works without JavaScript and is the easiest to use.
 * Past it, every select would carry the whole list (a 50,000-ansvar plan made a 9.7 MB page), so the field becomes a
 * text input where the code is typed; one shared <datalist> per dimension is filled as the user types, from
 * GET /t/:slug/koder/:dimensjon?q= (views/static/app.js). The server checks the chosen code as before, whichever way
 * it was chosen.
 */
export const SELECT_LIMIT = 300;
/** At most this many codes answer one search: enough to pick from, small enough to send on every key press. */
const SEARCH_LIMIT = 30;

export const CODE_DIMENSIONS = ['ansvar', 'art', 'funksjon'] as const;
export type CodeDimension = (typeof CODE_DIMENSIONS)[number];

export const kontoLabel = (k: Konto) => `${k.kode} ${k.navn}${k.aktiv ? '' : ' (ikke aktiv)'}`;

export interface ChooserOption {
  kode: string;
  label: string;
  selected: boolean;
}

/** How a field offers its codes: every code in a select, or a text input searching the dimension's codes. */
export type Chooser = { search: false; options: ChooserOption[] } | { search: true; dimension: CodeDimension; value: string; chosenLabel: string | null; listId: string };

/**
 * options: the codes the field accepts, already labelled; value: the chosen code (kept visible even when the list does
 * not have it, so a saved value that went missing is seen, not silently dropped).
 */
export function chooserFor(dimension: CodeDimension, options: ChooserOption[], value: string | null, missingLabel: (kode: string) => string): Chooser {
  const known = value === null ? undefined : options.find((o) => o.kode === value);
  if (options.length > SELECT_LIMIT) return { search: true, dimension, value: value ?? '', chosenLabel: value === null ? null : (known?.label ?? missingLabel(value)), listId: `koder-${dimension}` };
  const withValue = value !== null && !known ? [{ kode: value, label: missingLabel(value), selected: true }, ...options] : options;
  return { search: false, options: withValue };
}

/** The codes matching what was typed: codes starting with it first, then names containing it; active before inactive. */
export function searchCodes(list: readonly Konto[], query: string, limit = SEARCH_LIMIT): Konto[] {
  const q = query.trim().toLowerCase();
  if (!q) return list.slice(0, limit);
  const byCode: Konto[] = [];
  const byName: Konto[] = [];
  for (const k of list) {
    if (k.kode.toLowerCase().startsWith(q)) byCode.push(k);
    else if (byName.length < limit && k.navn.toLowerCase().includes(q)) byName.push(k);
  }
  const rank = (a: Konto, b: Konto) => Number(b.aktiv) - Number(a.aktiv) || a.kode.localeCompare(b.kode, 'nb', { numeric: true });
  return [...byCode.sort(rank), ...byName.sort(rank)].slice(0, limit);
}
