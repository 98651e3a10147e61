import type { Dimensjon, RegisterName, Tiltakstype } from './types.ts';
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

/** The register's name as a heading («Lønnsarter»); in a sentence lower-cased («Importerte lønnsarter …»). */
export const REGISTER_LABEL: Readonly<Record<RegisterName, string>> = { kontoplan: 'Kontoplan', lonnsarter: 'Lønnsarter', utbetalingskategorier: 'Utbetalingskategorier' };

/** A kontoplan dimension in words, as the template's sheets are named. */
export const DIMENSJON_LABEL: Readonly<Record<Dimensjon, string>> = { art: 'Art', ansvar: 'Ansvar', funksjon: 'Funksjon' };

/** The words of a tiltakstype in templates, exports and pages; an import reads them back (cell-rules.ts, parseTiltakstype). */
export const TILTAKSTYPE_TEXT: Readonly<Record<Tiltakstype, string>> = { i_hjemmet: 'I hjemmet', utenfor_hjemmet: 'Utenfor hjemmet', begge: 'Begge' };

/** With the KOSTRA funksjon it is posted on, where the kontostreng is the point (the matrix, the posting preview, the preview's rows). */
export const TILTAKSTYPE_WITH_FUNKSJON: Readonly<Record<Tiltakstype, string>> = { i_hjemmet: 'I hjemmet (251)', utenfor_hjemmet: 'Utenfor hjemmet (252)', begge: 'Begge' };

/** A tiltakstype inside a sentence: «i hjemmet» (a value it does not know as it is). */
export const tiltakstypeWord = (t: string): string => TILTAKSTYPE_TEXT[t as Tiltakstype]?.toLowerCase() ?? t;
