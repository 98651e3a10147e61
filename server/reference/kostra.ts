import { loadReferenceRows } from './reference-csv.ts';

/**
 * KOSTRA code lists per regnskapsår (domain.md «KOSTRA»). The committed CSVs hold the 2026 lists;
 * earlier years are derived from the documented year changes:
 *  - from 2024 funksjon 254 is gone, 257 and 258 are new
 *  - from 2025 art 875 is gone
 *  - from 2026 art 270 is replaced by 271 and 272
 * Years outside supportedYears use the nearest supported year (2022 -> 2023, 2030 -> 2026).
 */
export const supportedYears = [2023, 2024, 2025, 2026] as const;

export interface KostraArt {
  kode: string;
  navn: string;
  type: 'utgift' | 'inntekt';
}
export interface KostraFunksjon {
  kode: string;
  navn: string;
}
export interface ExpiredCode {
  replacedBy: string[];
  fromYear: number;
}
export interface KostraYear {
  year: number;
  arter: Map<string, KostraArt>;
  funksjoner: Map<string, KostraFunksjon>;
  expiredArter: Map<string, ExpiredCode>;
  expiredFunksjoner: Map<string, ExpiredCode>;
}

interface YearChange {
  fromYear: number;
  kind: 'art' | 'funksjon';
  removed: { kode: string; navn: string; type?: 'utgift' | 'inntekt' }[];
  added: string[];
}

/** The documented changes, newest last. A code "removed" from fromYear existed the year before. */
const yearChanges: readonly YearChange[] = [
  { fromYear: 2024, kind: 'funksjon', removed: [{ kode: '254', navn: 'Helse- og omsorgstjenester til hjemmeboende' }], added: ['257', '258'] },
  { fromYear: 2025, kind: 'art', removed: [{ kode: '875', navn: '', type: 'inntekt' }], added: [] },
  { fromYear: 2026, kind: 'art', removed: [{ kode: '270', navn: 'Andre tjenester (som inngår i kommunal tjenesteproduksjon)', type: 'utgift' }], added: ['271', '272'] },
];

let base: { arter: Map<string, KostraArt>; funksjoner: Map<string, KostraFunksjon> } | undefined;
const byYear = new Map<number, KostraYear>();

function loadBase(): { arter: Map<string, KostraArt>; funksjoner: Map<string, KostraFunksjon> } {
  if (base) return base;
  const arter = new Map<string, KostraArt>();
  for (const row of loadReferenceRows('kostra_arter.csv')) {
    const kode = row['kode'] ?? '';
    arter.set(kode, { kode, navn: row['navn'] ?? '', type: (row['type'] ?? '').startsWith('inntekt') ? 'inntekt' : 'utgift' });
  }
  const funksjoner = new Map<string, KostraFunksjon>();
  for (const row of loadReferenceRows('kostra_funksjoner.csv')) {
    const kode = row['kode'] ?? '';
    funksjoner.set(kode, { kode, navn: row['navn'] ?? '' });
  }
  base = { arter, funksjoner };
  return base;
}

export function nearestSupportedYear(year: number): number {
  const first = supportedYears[0];
  const last = supportedYears[supportedYears.length - 1] ?? first;
  return Math.min(Math.max(Math.trunc(year), first), last);
}

export function kostraFor(year: number): KostraYear {
  const y = nearestSupportedYear(year);
  const cached = byYear.get(y);
  if (cached) return cached;
  const { arter: arter2026, funksjoner: funksjoner2026 } = loadBase();
  const arter = new Map(arter2026);
  const funksjoner = new Map(funksjoner2026);
  const expiredArter = new Map<string, ExpiredCode>();
  const expiredFunksjoner = new Map<string, ExpiredCode>();
  for (const change of yearChanges) {
    if (change.fromYear > y) {
      // The year is before the change: undo it (the removed codes are still valid, the added ones not yet).
      for (const kode of change.added) (change.kind === 'art' ? arter : funksjoner).delete(kode);
      for (const r of change.removed) {
        if (change.kind === 'art') arter.set(r.kode, { kode: r.kode, navn: r.navn, type: r.type ?? 'utgift' });
        else funksjoner.set(r.kode, { kode: r.kode, navn: r.navn });
      }
    } else {
      for (const r of change.removed) {
        (change.kind === 'art' ? expiredArter : expiredFunksjoner).set(r.kode, { replacedBy: [...change.added], fromYear: change.fromYear });
      }
    }
  }
  const result: KostraYear = { year: y, arter, funksjoner, expiredArter, expiredFunksjoner };
  byYear.set(y, result);
  return result;
}

/**
 * domain.md rule for a kommune's art code (our inference): an explicit KOSTRA column wins; otherwise
 * drop the leading kontoklasse digit from a 5-digit code (a 3-digit code is used as is), take the three
 * digits if they are a valid KOSTRA art for the year, else round down to the tens (053 -> 050, 471 -> 470);
 * null when none is valid. An explicit value that is not a valid art is returned as null too.
 */
export function deriveKostraArt(kode: string, year: number, explicitKostra?: string | null): string | null {
  const { arter } = kostraFor(year);
  if (explicitKostra !== undefined && explicitKostra !== null && explicitKostra.trim() !== '') {
    const explicit = explicitKostra.trim();
    return arter.has(explicit) ? explicit : null;
  }
  const three = kostraArtDigits(kode);
  if (three === null) return null;
  if (arter.has(three)) return three;
  const tens = `${three.slice(0, 2)}0`;
  return arter.has(tens) ? tens : null;
}

/** The three KOSTRA digits of a kommune's art code before validation: 5 digits -> digits 2-4, 3 digits -> as is. */
export function kostraArtDigits(kode: string): string | null {
  if (/^\d{5}$/.test(kode)) return kode.slice(1, 4);
  if (/^\d{3}$/.test(kode)) return kode;
  return null;
}

/** domain.md: a kommune's funksjon code's first three digits are the KOSTRA funksjon (2520 -> 252, 25201 -> 252). */
export function kostraFunksjon(kode: string): string | null {
  return /^\d{3}/.test(kode) ? kode.slice(0, 3) : null;
}

export function isValidKostraFunksjon(kode: string, year: number): boolean {
  const three = kostraFunksjon(kode);
  return three !== null && kostraFor(year).funksjoner.has(three);
}

/** The art's expense/income type, from its KOSTRA series: 0-5 utgift, 6-9 inntekt. */
export function artSeries(kostraArt: string): number {
  return Number(kostraArt.charAt(0));
}

let ameldingBeskrivelser: Set<string> | undefined;
let ameldingLower: Set<string> | undefined;

/** Optional A-melding check against data/a_melding_loennsbeskrivelser.csv (case-insensitive). */
export function isValidAMeldingBeskrivelse(beskrivelse: string): boolean {
  if (!ameldingBeskrivelser) {
    ameldingBeskrivelser = new Set(loadReferenceRows('a_melding_loennsbeskrivelser.csv').map((r) => r['beskrivelse'] ?? ''));
    ameldingLower = new Set([...ameldingBeskrivelser].map((b) => b.toLowerCase()));
  }
  const trimmed = beskrivelse.trim();
  return ameldingBeskrivelser.has(trimmed) || (ameldingLower?.has(trimmed.toLowerCase()) ?? false);
}
