import { loadReferenceRows } from './reference-csv.ts';

/**
 * KOSTRA code lists per regnskapsår (docs/domain.md «KOSTRA»). The committed CSVs hold the 2026 lists;
 * earlier years are derived from the documented year changes:
 *  - from 2024 funksjon 254 is gone, 257 and 258 are new
 *  - from 2025 art 875 is gone, 878 and 879 are new
 *  - from 2026 art 270 is replaced by 271 and 272
 * Years outside supportedYears use the nearest supported year (2022 -> 2023, 2030 -> 2026).
 */
export const supportedYears = [2023, 2024, 2025, 2026] as const;

/**
 * What an art's code says it is (KOSTRA convention: kontoklasse digit 1 drift, 0 investering, 2 balanse; the digits
 * can be set per tjeneste). ukjent: the scheme has no kontoklasse digit (3-digit KOSTRA, 4-digit art + local) or the
 * digit means nothing known.
 */
export type Kontoklasse = 'drift' | 'investering' | 'balanse' | 'ukjent';

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
  { fromYear: 2025, kind: 'art', removed: [{ kode: '875', navn: '', type: 'inntekt' }], added: ['878', '879'] },
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

/** The first regnskapsår the app checks (its oldest KOSTRA list); any later year may be chosen. */
export const FIRST_REGNSKAPSAR: number = supportedYears[0];

/**
 * What to tell the user when the regnskapsår has no SSB list of its own: it is checked against the newest list the app
 * has (docs/domain.md: SSB had published no 2027 lists by 2026-12). Null when the year has its own lists.
 */
export function kostraListNote(year: number): string | null {
  const used = nearestSupportedYear(year);
  return used === year ? null : `SSB har ikke publisert KOSTRA-lister for ${year}; kontrollert mot ${used}.`;
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

// ---- Art derivation: scheme, kontoklasse, KOSTRA art or kapittel ----

/**
 * How a kommune's art code carries its KOSTRA art: 3-digit KOSTRA (100), art + local digit (1954 -> 195),
 * kontoklasse + art + local digit (14719 -> 470) or kontoklasse + art + two local digits (114719 -> 470).
 */
export type ArtScheme = 'kostra3' | 'art4' | 'klasse5' | 'klasse6';
export const artSchemes: readonly ArtScheme[] = ['kostra3', 'art4', 'klasse5', 'klasse6'];
export const artSchemeWidth: Readonly<Record<ArtScheme, number>> = { kostra3: 3, art4: 4, klasse5: 5, klasse6: 6 };
export const artSchemeLabel: Readonly<Record<ArtScheme, string>> = {
  kostra3: 'tresifret KOSTRA-art',
  art4: 'KOSTRA-art + lokalt siffer',
  klasse5: 'kontoklasse + KOSTRA-art + lokalt siffer',
  klasse6: 'kontoklasse + KOSTRA-art + to lokale sifre',
};
const schemeHasKlasse = (scheme: ArtScheme) => scheme === 'klasse5' || scheme === 'klasse6';

/** Which leading digit means which kontoklasse; the KOSTRA convention by default, settable per tjeneste. */
export interface KontoklasseDigits {
  drift: string;
  investering: string;
  balanse: string;
}
export const KOSTRA_KONTOKLASSER: Readonly<KontoklasseDigits> = { drift: '1', investering: '0', balanse: '2' };

export type ArtKontoklasse = Kontoklasse;

/** What the year's list says of a 3-digit art code, exactly (no fallback). */
export type ArtStatus = { kind: 'valid' } | { kind: 'expired'; fromYear: number; replacedBy: string[] } | { kind: 'not_yet'; fromYear: number } | { kind: 'unknown' };

let saft: { artNames: Map<string, string>; kapitler: Map<string, string> } | undefined;

/**
 * SAF-T's KA_K list (data/saft_ka_k_2025_2026.csv): official art names, and the balance kapitler (its codes that
 * are not KOSTRA arter, 2-4 digits) used as the grouping code of a balance account.
 */
function saftList(): { artNames: Map<string, string>; kapitler: Map<string, string> } {
  if (saft) return saft;
  const { arter } = loadBase();
  const artNames = new Map<string, string>();
  const kapitler = new Map<string, string>();
  for (const row of loadReferenceRows('saft_ka_k_2025_2026.csv')) {
    const kode = row['GroupingCode'] ?? '';
    const navn = row['CodeDescriptionNOB'] ?? '';
    if (kode === '') continue;
    if (kode.length === 3 && arter.has(kode)) artNames.set(kode, navn);
    else kapitler.set(kode, navn);
  }
  saft = { artNames, kapitler };
  return saft;
}

/** The official name of a KOSTRA art (SAF-T), else the name in our list; '' when none is known. */
export function kostraArtName(kode: string): string {
  return saftList().artNames.get(kode) ?? loadBase().arter.get(kode)?.navn ?? '';
}

export function kostraKapittelName(kode: string): string | undefined {
  return saftList().kapitler.get(kode);
}

/** The balance kapittel of the digits after the kontoklasse digit: the longest known prefix (5900, 411, 35). */
function kostraKapittel(digits: string): string | null {
  const { kapitler } = saftList();
  for (const n of [4, 3, 2]) if (digits.length >= n && kapitler.has(digits.slice(0, n))) return digits.slice(0, n);
  return null;
}

/** docs/domain.md «KOSTRA»: the year changes say when a code came; one added later than the year is not valid yet. */
function addedAfter(kode: string, kind: 'art' | 'funksjon', year: number): number | null {
  const y = nearestSupportedYear(year);
  for (const change of yearChanges) if (change.kind === kind && change.fromYear > y && change.added.includes(kode)) return change.fromYear;
  return null;
}

function kostraArtStatus(three: string, year: number): ArtStatus {
  const { arter, expiredArter } = kostraFor(year);
  if (arter.has(three)) return { kind: 'valid' };
  const expired = expiredArter.get(three);
  if (expired) return { kind: 'expired', fromYear: expired.fromYear, replacedBy: expired.replacedBy };
  const from = addedAfter(three, 'art', year);
  if (from !== null) return { kind: 'not_yet', fromYear: from };
  return { kind: 'unknown' };
}

/**
 * The KOSTRA art of three art digits. The expiry check runs before the tens fallback: 875 in 2026 is «utgått»,
 * never 870; 878 in 2024 is «ikke gyldig før 2025». Only a code the list does not know at all is rounded down to
 * its tens (471 -> 470, docs/domain.md), and then only to a valid art.
 */
export function resolveKostraArt(three: string, year: number): { kostra: string | null; status: ArtStatus; code: string; viaTens: boolean } {
  const status = kostraArtStatus(three, year);
  if (status.kind === 'valid') return { kostra: three, status, code: three, viaTens: false };
  if (status.kind !== 'unknown') return { kostra: null, status, code: three, viaTens: false };
  const tens = `${three.slice(0, 2)}0`;
  const tensStatus = kostraArtStatus(tens, year);
  if (tensStatus.kind === 'valid') return { kostra: tens, status: tensStatus, code: tens, viaTens: true };
  if (tensStatus.kind !== 'unknown') return { kostra: null, status: tensStatus, code: tens, viaTens: true };
  return { kostra: null, status, code: three, viaTens: false };
}

export interface ArtReading {
  kontoklasse: ArtKontoklasse;
  /** the KOSTRA art (drift/investering/ukjent) or kapittel (balanse); null when none */
  kostra: string | null;
  /** what the code points at in the list: 3 art digits, or the kapittel digits */
  points: string | null;
  kind: 'art' | 'kapittel';
  status: ArtStatus;
  viaTens: boolean;
  /** the leading digit when it means no kontoklasse we know */
  unknownDigit?: string;
}

function klasseOf(digit: string, klasser: KontoklasseDigits): ArtKontoklasse {
  if (digit === klasser.drift) return 'drift';
  if (digit === klasser.investering) return 'investering';
  if (digit === klasser.balanse) return 'balanse';
  return 'ukjent';
}

const CODE_DIGITS = /^\d+$/;

/**
 * Reads an art code in a scheme. null: the code does not have the scheme's width (nor is it a kapittel code that
 * stands on its own, such as SAF-T's 2-digit 35 Leverandørgjeld). A balance account never gets a drift art:
 * 23500 Leverandørgjeld is kapittel 35, not art 350.
 */
export function readArtCode(kode: string, scheme: ArtScheme, year: number, klasser: KontoklasseDigits = KOSTRA_KONTOKLASSER): ArtReading | null {
  if (!CODE_DIGITS.test(kode)) return null;
  const width = artSchemeWidth[scheme];
  if (kode.length === width) {
    if (schemeHasKlasse(scheme)) {
      const digit = kode.charAt(0);
      const kontoklasse = klasseOf(digit, klasser);
      const rest = kode.slice(1);
      if (kontoklasse === 'balanse') {
        const kapittel = kostraKapittel(rest);
        return { kontoklasse, kostra: kapittel, points: kapittel, kind: 'kapittel', status: kapittel === null ? { kind: 'unknown' } : { kind: 'valid' }, viaTens: false };
      }
      if (kontoklasse === 'ukjent') return { kontoklasse, kostra: null, points: null, kind: 'art', status: { kind: 'unknown' }, viaTens: false, unknownDigit: digit };
      const r = resolveKostraArt(rest.slice(0, 3), year);
      return { kontoklasse, kostra: r.kostra, points: r.code, kind: 'art', status: r.status, viaTens: r.viaTens };
    }
    const three = kode.slice(0, 3);
    if (scheme === 'kostra3' && kostraArtStatus(three, year).kind === 'unknown' && kostraKapittelName(kode) !== undefined) {
      return { kontoklasse: 'balanse', kostra: kode, points: kode, kind: 'kapittel', status: { kind: 'valid' }, viaTens: false };
    }
    const r = resolveKostraArt(three, year);
    return { kontoklasse: 'ukjent', kostra: r.kostra, points: r.code, kind: 'art', status: r.status, viaTens: r.viaTens };
  }
  // A kapittel code on its own (10, 35, 5900) in a plan of KOSTRA codes: a balance account as it stands.
  if (scheme === 'kostra3' && kostraKapittelName(kode) !== undefined) {
    return { kontoklasse: 'balanse', kostra: kode, points: kode, kind: 'kapittel', status: { kind: 'valid' }, viaTens: false };
  }
  return null;
}

/**
 * When an art code points at a KOSTRA art that is expired or not yet valid in the year: «875 er utgått fra 2025»,
 * «878 gjelder først fra 2025». In the register that is a warning; where the art is used (the matrix) an error.
 */
export function artExpiry(kode: string, year: number): string | null {
  const scheme = schemeForWidth(kode);
  const r = scheme === null ? null : readArtCode(kode, scheme, year);
  if (r === null || r.kind !== 'art') return null;
  if (r.status.kind === 'expired') return `${r.points} er utgått fra ${r.status.fromYear}${r.status.replacedBy.length > 0 ? ` (bruk ${r.status.replacedBy.join('/')})` : ''}`;
  if (r.status.kind === 'not_yet') return `${r.points} gjelder først fra ${r.status.fromYear}`;
  return null;
}

/** The scheme a code's width suggests when no scheme was detected for its plan (a lønnsart's art, the matrix). */
export function schemeForWidth(kode: string): ArtScheme | null {
  return artSchemes.find((s) => artSchemeWidth[s] === kode.length) ?? null;
}

/**
 * A kommune's art code -> its KOSTRA art (docs/domain.md; our inference): an explicit KOSTRA value wins (null when it is
 * not a valid art); otherwise the code is read in the scheme its width suggests, digits by the KOSTRA convention.
 * null for a balance account (it has a kapittel, not an art), an expired code, or no valid art.
 */
export function deriveKostraArt(kode: string, year: number, explicitKostra?: string | null, scheme?: ArtScheme, klasser?: KontoklasseDigits): string | null {
  const { arter } = kostraFor(year);
  if (explicitKostra !== undefined && explicitKostra !== null && explicitKostra.trim() !== '') {
    const explicit = explicitKostra.trim();
    return arter.has(explicit) ? explicit : null;
  }
  const s = scheme ?? schemeForWidth(kode);
  if (s === null) return null;
  const reading = readArtCode(kode, s, year, klasser);
  return reading === null || reading.kind !== 'art' ? null : reading.kostra;
}

/** docs/domain.md: a kommune's funksjon code's first three digits are the KOSTRA funksjon (2520 -> 252, 25201 -> 252). */
export function kostraFunksjon(kode: string): string | null {
  return /^\d{3}/.test(kode) ? kode.slice(0, 3) : null;
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
