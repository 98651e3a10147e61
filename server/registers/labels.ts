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

/** A register version the app wrote itself (not from a file, #12 item 9): its file name says so. */
export const SYSTEM_VERSION_PREFIX = 'Systemet:';

/** Who made a version, for the pages: the user, the system, or (no user, a file) the command line. */
export function versionAuthor(v: { created_by_navn: string | null; file_name: string }): string {
  if (v.created_by_navn) return v.created_by_navn;
  return v.file_name.startsWith(SYSTEM_VERSION_PREFIX) ? 'systemet' : 'kommandolinjen';
}
