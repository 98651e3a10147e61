import { loadReferenceRows } from './reference-csv.ts';

/** The A-melding's «fordel» of a lønnsart (Skatteetaten: kontantytelse, utgiftsgodtgjoerelse, naturalytelse). */
export type Fordel = 'kontantytelse' | 'utgiftsgodtgjoerelse' | 'naturalytelse';

export interface AMeldingBeskrivelse {
  beskrivelse: string;
  gyldigFra: string | null;
  gyldigTil: string | null;
}

let byLower: Map<string, AMeldingBeskrivelse> | undefined;

/** Skatteetaten's table of A-melding descriptions (a_melding_loennsbeskrivelser.csv), case-insensitive; undefined when unknown. */
export function findAMeldingBeskrivelse(beskrivelse: string): AMeldingBeskrivelse | undefined {
  byLower ??= new Map(
    loadReferenceRows('a_melding_loennsbeskrivelser.csv').map((r) => {
      const b = { beskrivelse: r['beskrivelse'] ?? '', gyldigFra: r['gyldig_fra'] || null, gyldigTil: r['gyldig_til'] || null };
      return [b.beskrivelse.toLowerCase(), b];
    }),
  );
  return byLower.get(beskrivelse.trim().toLowerCase());
}

/**
 * An expired description («gyldig_til» 2019-01 for overtidsmat) may not be used in a regnskapsår that reaches past it:
 * the kodeverk is for the whole year. gyldig_til is a month, YYYY-MM.
 */
export function isAMeldingExpired(b: AMeldingBeskrivelse, regnskapsar: number): boolean {
  return b.gyldigTil !== null && b.gyldigTil <= `${regnskapsar}-12`;
}

let fordelByLower: Map<string, readonly Fordel[]> | undefined;

/**
 * The fordeler an A-melding description may be reported under (a_melding_fordel.csv: fastloenn is a kontantytelse,
 * kilometergodtgjoerelseBil an utgiftsgodtgjoerelse, bil a naturalytelse); undefined when the table does not say.
 */
export function fordelerFor(beskrivelse: string): readonly Fordel[] | undefined {
  fordelByLower ??= new Map(loadReferenceRows('a_melding_fordel.csv').map((r) => [(r['beskrivelse'] ?? '').toLowerCase(), (r['fordel'] ?? '').split('|') as Fordel[]]));
  return fordelByLower.get(beskrivelse.trim().toLowerCase());
}
