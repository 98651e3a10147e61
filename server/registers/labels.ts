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
