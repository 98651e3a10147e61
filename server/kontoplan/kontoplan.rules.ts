import type { ArtSchemeReport, Dimensjon } from '../spreadsheet/types.ts';
import type { CandidateCheck, CandidateEvidence, CandidatePreparation, CheckContext, IssueDraft } from '../spreadsheet/definition.ts';
import { DIMENSJON_LABEL } from '../spreadsheet/labels.ts';
import {
  artSchemeLabel,
  artSchemes,
  artSchemeWidth,
  KOSTRA_KONTOKLASSER,
  kostraArtName,
  kostraFor,
  kostraFunksjon,
  kostraKapittelName,
  readArtCode,
  schemeForWidth,
  type ArtReading,
  type ArtScheme,
  type KontoklasseDigits,
} from '../reference/kostra.ts';
import { foldText } from '../spreadsheet/headers.ts';
import type { KontoplanRecord } from './kontoplan.definition.ts';

const DIGITS = /^\d+$/;

// ---- art: scheme, kontoklasse, KOSTRA art or kapittel ----

/** What an art reading means for the user: the record's derived fields and, when something is off, one warning. */
function artOutcome(
  kode: string,
  reading: ArtReading | null,
  scheme: ArtScheme | null,
  year: number,
  klasser: KontoklasseDigits,
): { kostra: string | null; kontoklasse: KontoplanRecord['kontoklasse']; issue: IssueDraft | null } {
  const listYear = kostraFor(year).year;
  if (reading === null) {
    const how = scheme === null ? 'ingen av artsskjemaene vi kjenner' : `artsskjemaet «${artSchemeLabel[scheme]}» (${artSchemeWidth[scheme]} sifre)`;
    return {
      kostra: null,
      kontoklasse: 'ukjent',
      issue: {
        code: 'kostra_art_mangler',
        severity: 'warning',
        field: 'kode',
        message: `Fant ingen KOSTRA-art for art ${kode}: koden passer ikke med ${how}. Sjekk koden, velg et annet artsskjema i forhåndsvisningen, eller legg til en kolonne «KOSTRA» med riktig KOSTRA-art.`,
      },
    };
  }
  const { kontoklasse } = reading;
  if (reading.unknownDigit !== undefined) {
    return {
      kostra: null,
      kontoklasse,
      issue: {
        code: 'kontoklasse_ukjent',
        severity: 'warning',
        field: 'kode',
        message: `Art ${kode} begynner med ${reading.unknownDigit}, som ikke er en kontoklasse vi kjenner (nå: ${klasserText(klasser)}). Velg hva sifferet betyr i forhåndsvisningen (f.eks. investering i 3).`,
      },
    };
  }
  if (reading.kind === 'kapittel') {
    if (reading.kostra !== null) return { kostra: reading.kostra, kontoklasse, issue: null };
    return {
      kostra: null,
      kontoklasse,
      issue: {
        code: 'kostra_kapittel_mangler',
        severity: 'warning',
        field: 'kode',
        message: `Art ${kode} er en balansekonto, men vi fant ingen KOSTRA-kapittel for den (f.eks. 23500 → 35 Leverandørgjeld). Sjekk koden.`,
      },
    };
  }
  const { status, points } = reading;
  if (status.kind === 'expired') {
    return {
      kostra: null,
      kontoklasse,
      issue: {
        code: 'kostra_art_utgatt',
        severity: 'warning',
        field: 'kode',
        message: `Art ${kode}: ${points} er utgått fra ${status.fromYear}${status.replacedBy.length > 0 ? `; bruk ${status.replacedBy.join('/')} i stedet` : ''} (regnskapsår ${listYear}). Arten kan ikke brukes i konteringsmatrisen.`,
      },
    };
  }
  if (status.kind === 'not_yet') {
    return {
      kostra: null,
      kontoklasse,
      issue: {
        code: 'kostra_art_ikke_gyldig_enna',
        severity: 'warning',
        field: 'kode',
        message: `Art ${kode}: ${points} gjelder først fra ${status.fromYear}, ikke i regnskapsår ${listYear}. Arten kan ikke brukes i konteringsmatrisen det året.`,
      },
    };
  }
  if (reading.kostra === null) {
    return {
      kostra: null,
      kontoklasse,
      issue: {
        code: 'kostra_art_mangler',
        severity: 'warning',
        field: 'kode',
        message: `Fant ingen KOSTRA-art for art ${kode}: ${points ?? kode} er ikke en KOSTRA-art i regnskapsår ${listYear}. Sjekk koden, eller legg til en kolonne «KOSTRA».`,
      },
    };
  }
  return { kostra: reading.kostra, kontoklasse, issue: null };
}

export type ArtOutcome = ReturnType<typeof artOutcome>;

/** An art's derived kontoklasse and KOSTRA art (or kapittel) for a year, with the warning when there is none. */
export function artOutcomeFor(kode: string, scheme: ArtScheme | null, year: number, klasser: KontoklasseDigits): ArtOutcome {
  return artOutcome(kode, scheme === null ? null : readArtCode(kode, scheme, year, klasser), scheme, year, klasser);
}

const klasserText = (k: KontoklasseDigits) => `${k.drift} drift, ${k.investering} investering, ${k.balanse} balanse`;

/** An art reading that has a KOSTRA meaning (also an expired one: the code has the scheme's shape). */
const fits = (r: ArtReading | null): boolean => r !== null && r.unknownDigit === undefined && (r.kostra !== null || r.status.kind === 'expired' || r.status.kind === 'not_yet');

export interface SchemeDetection {
  scheme: ArtScheme | null;
  fits: Record<ArtScheme, number>;
  ambiguous: boolean;
}

/** Votes of art codes for the schemes they fit, one code at a time (so the engine can count while it reads). */
class SchemeVotes {
  private readonly counts = { kostra3: 0, art4: 0, klasse5: 0, klasse6: 0 } as Record<ArtScheme, number>;
  private readonly widths = { kostra3: 0, art4: 0, klasse5: 0, klasse6: 0 } as Record<ArtScheme, number>;

  constructor(
    private readonly year: number,
    private readonly klasser: KontoklasseDigits,
  ) {}

  add(kode: string): void {
    for (const s of artSchemes) {
      if (kode.length !== artSchemeWidth[s] || !DIGITS.test(kode)) continue;
      this.widths[s]++;
      if (fits(readArtCode(kode, s, this.year, this.klasser))) this.counts[s]++;
    }
  }

  /** The scheme most of the plan's art codes fit (ties: ambiguous, the user should choose). */
  result(): SchemeDetection {
    const { counts, widths } = this;
    // Most fitting codes first; as many: the width most codes have (a plan's odd 4-digit code does not make it art4).
    const ranked = [...artSchemes].sort((a, b) => counts[b] - counts[a] || widths[b] - widths[a]);
    const [best, second] = ranked as [ArtScheme, ArtScheme];
    if (counts[best] === 0) return { scheme: null, fits: { ...counts }, ambiguous: false };
    return { scheme: best, fits: { ...counts }, ambiguous: counts[second] === counts[best] && widths[second] === widths[best] };
  }
}

/** The scheme most of the plan's art codes fit (ties: ambiguous, the user should choose). */
export function detectArtScheme(codes: readonly string[], year: number, klasser: KontoklasseDigits): SchemeDetection {
  const votes = new SchemeVotes(year, klasser);
  for (const kode of codes) votes.add(kode);
  return votes.result();
}

// ---- leading zeros ----

/** Letter bigrams of a folded name; Dice similarity of two names tells «Fast løn» fits «Fastlønn». */
function bigrams(text: string): Set<string> {
  const t = foldText(text).replace(/\d/g, '');
  const grams = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) grams.add(t.slice(i, i + 2));
  return grams;
}

function namesFit(a: string, b: string): boolean {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size < 2 || y.size < 2) return false;
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return (2 * common) / (x.size + y.size) >= 0.6;
}

function readingName(r: ArtReading | null): string {
  if (r === null || r.kostra === null) return '';
  return r.kind === 'kapittel' ? (kostraKapittelName(r.kostra) ?? '') : kostraArtName(r.kostra);
}

type ZeroDecision = { kind: 'keep' } | { kind: 'pad'; padded: string; why: string } | { kind: 'ask'; padded: string; why: string };

/**
 * docs/domain.md «leading zeros»: Excel turns 0100 into 100. A short art code is padded to the scheme's width only with
 * evidence, and never when it is plausible as it stands (35 is SAF-T's kapittel Leverandørgjeld; 1010 among 5-digit
 * codes may well be 1010). Evidence: (a) the name fits the KOSTRA art the padded code gets and not the one it has
 * as it stands (Førde: «100 Fast løn» → 0100 → 010 Fastlønn); (b) the cell was a number while the column's text
 * cells have the scheme's width, and the code means nothing as it stands.
 */
function zeroDecision(kode: string, navn: string, scheme: ArtScheme, year: number, klasser: KontoklasseDigits, numericWithTextWidth: boolean): ZeroDecision {
  const width = artSchemeWidth[scheme];
  if (!DIGITS.test(kode) || kode.length >= width) return { kind: 'keep' };
  const padded = kode.padStart(width, '0');
  const asPadded = readArtCode(padded, scheme, year, klasser);
  if (!fits(asPadded)) return { kind: 'keep' };
  const ownScheme = schemeForWidth(kode);
  const asIs = readArtCode(kode, scheme, year, klasser) ?? (ownScheme === null ? null : readArtCode(kode, ownScheme, year, klasser));
  const plausible = fits(asIs);
  const fitsPadded = namesFit(navn, readingName(asPadded));
  const fitsAsIs = plausible && namesFit(navn, readingName(asIs));
  const paddedMeaning = `${padded} (${asPadded?.kind === 'kapittel' ? 'kapittel' : 'KOSTRA-art'} ${asPadded?.kostra ?? asPadded?.points ?? ''} ${readingName(asPadded)})`.replace(/\s+\)/, ')');
  if (fitsPadded && !fitsAsIs) return { kind: 'pad', padded, why: `navnet «${navn}» passer med ${paddedMeaning}` };
  if (fitsAsIs) return { kind: 'keep' };
  if (numericWithTextWidth && !plausible) return { kind: 'pad', padded, why: `cellen var et tall, mens kolonnens tekstceller har ${width} sifre` };
  if (numericWithTextWidth || !plausible) return { kind: 'ask', padded, why: paddedMeaning };
  return { kind: 'keep' };
}

// ---- codes ----

/** Characters every receiving system we know of takes in a code: A-Z, a-z, 0-9 (ÆØÅ, spaces and signs may be refused). */
const SAFE_CODE = /^[A-Za-z0-9]+$/;
const NOT_ONLY_DIGITS = /[^0-9]/;

// ---- the whole kontoplan ----

interface Group {
  dimensjon: Dimensjon;
  kode: string;
  indexes: number[];
}

/**
 * The kontoplan read as a whole (the engine's checkCandidates): leading zeros, the art scheme, each art's
 * kontoklasse and KOSTRA art or kapittel, each funksjon's KOSTRA funksjon, and the code checks. Every problem is
 * said once per code, with the rows it stands on (a budget file repeats a code on many rows). A code not valid for
 * the regnskapsår or inactive is a warning here: it becomes an error only where it is used (the matrix).
 */
/**
 * The candidates grouped by dimensjon and code in the order the codes first appear, and the art codes' votes for a
 * scheme: what checkKontoplanCandidates starts from. Built one record at a time, so the engine can build it while the
 * rows are read (kodeverk validate reads a large workbook in another thread, and this thread waits for rows).
 * Looked up per dimensjon by the code itself: the code strings come from the sheet with their hash computed once,
 * where a «dimensjon:kode» key would be a new string per row.
 */
export class KontoplanGroups implements CandidatePreparation<KontoplanRecord> {
  readonly groups: Group[] = [];
  size = 0;
  private readonly byDimensjon = new Map<Dimensjon, Map<string, Group>>();
  private readonly votes: SchemeVotes;
  private readonly year: number;
  private readonly klasser: KontoklasseDigits;

  constructor(ctx: CheckContext) {
    this.year = ctx.regnskapsar;
    this.klasser = ctx.kontoklasser ?? KOSTRA_KONTOKLASSER;
    this.votes = new SchemeVotes(this.year, this.klasser);
  }

  add(r: KontoplanRecord, i: number): void {
    this.size++;
    let byKode = this.byDimensjon.get(r.dimensjon);
    if (!byKode) this.byDimensjon.set(r.dimensjon, (byKode = new Map()));
    const g = byKode.get(r.kode);
    if (g) {
      g.indexes.push(i);
      return;
    }
    // [i], not [] and a push: most codes stand on one row, and a pushed-to empty array reserves 17 slots
    const fresh = { dimensjon: r.dimensjon, kode: r.kode, indexes: [i] };
    byKode.set(r.kode, fresh);
    this.groups.push(fresh);
    if (r.dimensjon === 'art') this.votes.add(r.kode);
  }

  detection(): SchemeDetection {
    return this.votes.result();
  }

  /** built for the same year and kontoklasse digits as the check */
  sameSetup(ctx: CheckContext): boolean {
    const k = ctx.kontoklasser ?? KOSTRA_KONTOKLASSER;
    return ctx.regnskapsar === this.year && k.drift === this.klasser.drift && k.investering === this.klasser.investering && k.balanse === this.klasser.balanse;
  }
}

export function checkKontoplanCandidates(candidates: KontoplanRecord[], evidence: CandidateEvidence, ctx: CheckContext, prepared?: CandidatePreparation<KontoplanRecord>): CandidateCheck {
  const year = ctx.regnskapsar;
  const klasser = ctx.kontoklasser ?? KOSTRA_KONTOKLASSER;
  const issues: CandidateCheck['issues'] = [];
  const rejected = new Set<number>();

  const groupsOf = (): KontoplanGroups => {
    const fresh = new KontoplanGroups(ctx);
    for (let i = 0; i < candidates.length; i++) fresh.add(candidates[i] as KontoplanRecord, i);
    return fresh;
  };
  const at = (g: Group, draft: IssueDraft) => {
    const first = g.indexes[0] as number;
    const where = g.indexes.length > 1 ? ` (${evidence.rowsText(g.indexes)})` : '';
    issues.push({ index: first, draft: where === '' ? draft : { ...draft, message: `${draft.message.replace(/\.$/, '')}${where}.` } });
  };

  // The arts' scheme from the codes as written: short codes do not vote for their own width. The engine may have
  // grouped the candidates while it read them (prepareCandidates); a grouping of other candidates is not used.
  const read = prepared instanceof KontoplanGroups && prepared.sameSetup(ctx) && prepared.size === candidates.length ? prepared : groupsOf();
  let groups = read.groups;
  const artGroups = groups.filter((g) => g.dimensjon === 'art');
  const explicit = (g: Group) => g.indexes.some((i) => (candidates[i] as KontoplanRecord).kostra !== null);
  // every art votes, also one with an explicit KOSTRA value: the code's scheme still gives its kontoklasse
  const detection = read.detection();
  const scheme: ArtScheme | null = ctx.artScheme ?? detection.scheme;

  // Leading zeros: arter by the scheme and names; ansvar and funksjon by the numeric-cell evidence only.
  const textWidths = new Map<Dimensjon, Map<number, number>>();
  candidates.forEach((r, i) => {
    if (evidence.numeric(i, 'kode') || !DIGITS.test(r.kode)) return;
    let m = textWidths.get(r.dimensjon);
    if (!m) textWidths.set(r.dimensjon, (m = new Map()));
    m.set(r.kode.length, (m.get(r.kode.length) ?? 0) + 1);
  });
  const majorityWidth = (d: Dimensjon): number | null => {
    const m = textWidths.get(d);
    if (!m) return null;
    let total = 0;
    let best: [number, number] = [0, 0];
    for (const [w, n] of m) {
      total += n;
      if (n > best[1]) best = [w, n];
    }
    return best[1] * 2 > total ? best[0] : null;
  };
  let padded = false;
  for (const g of groups) {
    const numeric = g.indexes.some((i) => evidence.numeric(i, 'kode'));
    const first = candidates[g.indexes[0] as number] as KontoplanRecord;
    const width = majorityWidth(g.dimensjon);
    let decision: ZeroDecision = { kind: 'keep' };
    if (g.dimensjon === 'art') {
      if (scheme !== null && !explicit(g)) decision = zeroDecision(g.kode, first.navn, scheme, year, klasser, numeric && width === artSchemeWidth[scheme]);
    } else if (numeric && width !== null && DIGITS.test(g.kode) && g.kode.length < width) {
      const p = g.kode.padStart(width, '0');
      const funksjoner = kostraFor(year).funksjoner;
      const plausibleAsIs = g.dimensjon === 'funksjon' && funksjoner.has(kostraFunksjon(g.kode) ?? '');
      const fitsPadded = g.dimensjon !== 'funksjon' || funksjoner.has(kostraFunksjon(p) ?? '');
      if (!plausibleAsIs && fitsPadded) decision = { kind: 'pad', padded: p, why: `cellen var et tall, mens kolonnens tekstceller har ${width} sifre` };
    }
    const label = DIMENSJON_LABEL[g.dimensjon];
    if (decision.kind === 'pad') {
      for (const i of g.indexes) (candidates[i] as KontoplanRecord).kode = decision.padded;
      padded = true;
      at(g, {
        code: 'ledende_null_lagt_til',
        severity: 'warning',
        field: 'kode',
        message: `${label} ${g.kode} er lest som ${decision.padded}: Excel har trolig fjernet ledende null (${decision.why}). Sjekk koden, og formater kolonnen som tekst i Excel.`,
      });
    } else if (decision.kind === 'ask') {
      at(g, {
        code: 'ledende_null_usikker',
        severity: 'warning',
        field: 'kode',
        message: `${label} ${g.kode} («${first.navn}») kan være ${decision.why} der Excel har fjernet ledende null. Vi har latt koden stå som ${g.kode}. Er det ${decision.padded}, skriv koden som tekst i filen og last opp på nytt.`,
      });
    }
  }
  if (padded) groups = groupsOf().groups;

  // Art by art: kontoklasse and KOSTRA art or kapittel.
  let fromColumn = 0;
  const listYear = kostraFor(year).year;
  for (const g of groups) {
    if (g.dimensjon !== 'art') continue;
    // (loops over the indexes rather than arrays of records: a 100,000-row plan has as many groups)
    let given: string | null = null;
    for (const i of g.indexes) {
      const k = (candidates[i] as KontoplanRecord).kostra;
      if (k !== null) {
        given = k;
        break;
      }
    }
    let kostra: string | null;
    let kontoklasse: KontoplanRecord['kontoklasse'];
    let issue: IssueDraft | null = null;
    const reading = scheme === null ? null : readArtCode(g.kode, scheme, year, klasser);
    if (given !== null) {
      // An explicit KOSTRA column always wins; the code still gives the kontoklasse where the scheme has one.
      fromColumn++;
      kontoklasse = reading?.kontoklasse ?? 'ukjent';
      const isArt = kostraFor(year).arter.has(given);
      const isKapittel = kostraKapittelName(given) !== undefined;
      kostra = isArt || isKapittel ? given : null;
      if (isKapittel && !isArt) kontoklasse = 'balanse';
      if (kostra === null) {
        issue = {
          code: 'kostra_art_ugyldig',
          severity: 'warning',
          field: 'kostra',
          message: `KOSTRA-art «${given}» for art ${g.kode} er ikke en gyldig KOSTRA-art for ${listYear}. Rett KOSTRA-kolonnen eller la den stå tom.`,
        };
      } else if (isArt && kontoklasse === 'balanse') {
        issue = {
          code: 'kostra_art_pa_balanse',
          severity: 'warning',
          field: 'kostra',
          message: `Art ${g.kode} er en balansekonto, men KOSTRA-kolonnen sier art ${given}. En balansekonto har et KOSTRA-kapittel, ikke en art; sjekk KOSTRA-kolonnen.`,
        };
      }
    } else {
      ({ kostra, kontoklasse, issue } = artOutcome(g.kode, reading, scheme, year, klasser));
    }
    for (const i of g.indexes) {
      const r = candidates[i] as KontoplanRecord;
      r.kostra = kostra;
      r.kontoklasse = kontoklasse;
    }
    if (issue) at(g, issue);
  }

  // Funksjon by funksjon; ansvar carry no KOSTRA.
  for (const g of groups) {
    if (g.dimensjon === 'art') continue;
    const kostra = g.dimensjon === 'ansvar' ? null : funksjonKostraCheck(g.kode, year);
    for (const i of g.indexes) {
      const r = candidates[i] as KontoplanRecord;
      r.kostra = kostra?.kostra ?? null;
      r.kontoklasse = null;
    }
    if (kostra === null) continue;
    const drafts = kostra.issues;
    for (const d of drafts) {
      at(g, d);
      if (d.severity === 'error') for (const i of g.indexes) rejected.add(i);
    }
  }

  // Codes: inactive ones, case twins, characters a receiving system may refuse.
  // only a code with something but digits can have a case twin (most plans: none)
  const byFolded = new Map<string, Group>();
  for (const g of groups) {
    const label = DIMENSJON_LABEL[g.dimensjon];
    if (g.indexes.every((i) => !(candidates[i] as KontoplanRecord).aktiv)) {
      at(g, { code: 'kode_inaktiv', severity: 'warning', field: 'aktiv', message: `${label} ${g.kode} er ikke aktiv (Aktiv = Nei). Den kan ikke brukes i konteringsmatrisen eller innstillingene.` });
    }
    const key = NOT_ONLY_DIGITS.test(g.kode) ? `${g.dimensjon}:${g.kode.toLowerCase()}` : null;
    const twin = key === null ? undefined : byFolded.get(key);
    if (twin) {
      at(g, {
        code: 'kode_bare_store_sma',
        severity: 'warning',
        field: 'kode',
        message: `${label} «${g.kode}» og «${twin.kode}» skiller seg bare i store og små bokstaver. Mange økonomi- og lønnssystemer skiller ikke mellom dem; gi dem ulike koder.`,
      });
    } else if (key !== null) byFolded.set(key, g);
    if (!SAFE_CODE.test(g.kode)) {
      at(g, {
        code: 'kode_spesialtegn',
        severity: 'warning',
        field: 'kode',
        message: `${label} «${g.kode}» har tegn (${[...new Set(g.kode.replace(/[A-Za-z0-9]/g, ''))].map((c) => (c === ' ' ? 'mellomrom' : c)).join(' ')}) som ikke alle systemer tar imot. Bruk bare A–Z og 0–9 i koden hvis du kan.`,
      });
    } else if (g.dimensjon === 'ansvar' && /^\d*[oO][\doO]*$/.test(g.kode) && /\d/.test(g.kode)) {
      at(g, { code: 'kode_bokstav_o', severity: 'warning', field: 'kode', message: `Ansvar «${g.kode}» har bokstaven O mellom sifre. Er det tallet 0, rett koden.` });
    }
  }

  const total = artGroups.length;
  const artScheme: ArtSchemeReport = {
    scheme,
    chosen: ctx.artScheme !== undefined,
    fromColumn,
    total,
    ambiguous: ctx.artScheme === undefined && detection.ambiguous,
    alternatives: artSchemes.map((s) => ({ scheme: s, label: artSchemeLabel[s], fits: detection.fits[s] })),
    kontoklasser: { ...klasser },
    message: schemeMessage(scheme, ctx.artScheme !== undefined, detection, total, fromColumn),
  };
  return { issues, rejected, artScheme };
}

function schemeMessage(scheme: ArtScheme | null, chosen: boolean, d: SchemeDetection, total: number, fromColumn: number): string {
  const column = fromColumn > 0 ? `${fromColumn} av ${total} arter har KOSTRA-art fra KOSTRA-kolonnen. ` : '';
  if (total === 0) return 'Kontoplanen har ingen arter.';
  if (scheme === null) return `${column}Ingen av arterne passer med et artsskjema vi kjenner (3, 4, 5 eller 6 sifre). Legg til en kolonne «KOSTRA».`.replace('arterne', 'artene');
  const how = `${d.fits[scheme]} av ${total} arter passer med ${artSchemeLabel[scheme]}`;
  if (chosen) return `${column}Artsskjema valgt for tjenesten: ${artSchemeLabel[scheme]} (${how}).`;
  const tie = d.ambiguous ? ' Like mange passer med et annet skjema: velg selv hvilket som gjelder.' : '';
  return `${column}${how}.${tie}`;
}

/**
 * docs/domain.md: a funksjon's first 3 digits are its KOSTRA funksjon. No 3-digit KOSTRA part at all is an error (the
 * code cannot be used); a KOSTRA part not valid (or no longer valid) for the regnskapsår is a warning here and an
 * error only where the funksjon is used (the matrix, the mapping).
 */
function funksjonKostraCheck(kode: string, year: number): { kostra: string | null; issues: IssueDraft[] } {
  const three = kostraFunksjon(kode);
  const { funksjoner, expiredFunksjoner, year: listYear } = kostraFor(year);
  if (three !== null && funksjoner.has(three)) return { kostra: three, issues: [] };
  if (three === null) {
    return {
      kostra: null,
      issues: [
        {
          code: 'funksjon_ugyldig_kostra',
          severity: 'error',
          field: 'kode',
          message: `Funksjon ${kode}: de tre første tegnene skal være sifre, en KOSTRA-funksjon (f.eks. 251 eller 2520). Rett koden.`,
        },
      ],
    };
  }
  const expired = expiredFunksjoner.get(three);
  const message = expired
    ? `Funksjon ${kode}: ${three} er utgått fra ${expired.fromYear}; bruk ${expired.replacedBy.join(' eller ')} (regnskapsår ${listYear}). Funksjonen kan ikke brukes i konteringsmatrisen.`
    : `Funksjon ${kode}: ${three} er ikke en KOSTRA-funksjon i regnskapsår ${listYear}. Funksjonen kan ikke brukes i konteringsmatrisen; slett raden hvis den ikke brukes.`;
  return { kostra: null, issues: [{ code: 'funksjon_ugyldig_kostra', severity: 'warning', field: 'kode', message }] };
}

/** Per-record rule for callers with one record (the engine uses checkKontoplanCandidates for whole files). */
export function checkKontoplanRecord(record: KontoplanRecord, year: number): IssueDraft[] {
  const check = checkKontoplanCandidates(
    [record],
    { numeric: () => false, rowsText: () => '' },
    { regnskapsar: year, ...(record.dimensjon === 'art' && schemeForWidth(record.kode) ? { artScheme: schemeForWidth(record.kode) as ArtScheme } : {}) },
  );
  return check.issues.map((x) => x.draft);
}

/** A barnevern kontoplan needs funksjoner for 251 and 252 (tiltak i og utenfor hjemmet): one warning for each that is missing. */
export function missingBarnevernFunksjoner(records: readonly KontoplanRecord[]): IssueDraft[] {
  const present = new Set(records.filter((r) => r.dimensjon === 'funksjon').map((r) => r.kostra));
  const issues: IssueDraft[] = [];
  const texts: Record<string, string> = { '251': 'tiltak når barnet ikke er plassert (i hjemmet)', '252': 'tiltak når barnet er plassert (utenfor hjemmet)' };
  for (const kode of ['251', '252']) {
    if (!present.has(kode)) {
      issues.push({
        code: `mangler_funksjon_${kode}`,
        severity: 'warning',
        field: null,
        message: `Kontoplanen har ingen funksjon under KOSTRA-funksjon ${kode} (${texts[kode]}). Legg den til, ellers kan ikke utbetalinger konteres på ${kode}.`,
      });
    }
  }
  return issues;
}
