import { countWord } from '../platform/text.ts';

/** The nouns of the registers' count keys (a definition's countKeys), singular and plural: one place for every page and log line. */
export const COUNT_NOUN: Readonly<Record<string, readonly [string, string]>> = {
  art: ['art', 'arter'],
  ansvar: ['ansvar', 'ansvar'],
  funksjon: ['funksjon', 'funksjoner'],
  lonnsart: ['lønnsart', 'lønnsarter'],
  utbetalingskategori: ['utbetalingskategori', 'utbetalingskategorier'],
};

/** «263 arter, 550 ansvar, 202 funksjoner» */
export function countsText(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([key, n]) => {
      const noun = COUNT_NOUN[key];
      return noun ? countWord(n, noun[0], noun[1]) : `${n} ${key}`;
    })
    .join(', ');
}

/** Who made a version, for the pages: the user, the app itself (kilde 'system', #12 item 9), or the command line. */
export function versionAuthor(v: { created_by_navn: string | null; kilde: string }): string {
  if (v.created_by_navn) return v.created_by_navn;
  return v.kilde === 'system' ? 'systemet' : 'kommandolinjen';
}
