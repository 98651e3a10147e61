import type { Dimensjon, KontoplanRecord } from '../spreadsheet/types.ts';
import type { IssueDraft } from '../registers/definition.ts';
import { deriveKostraArt, kostraArtDigits, kostraFor, kostraFunksjon } from '../reference/kostra.ts';

export const dimensjonLabel: Readonly<Record<Dimensjon, string>> = { art: 'Art', ansvar: 'Ansvar', funksjon: 'Funksjon' };

/**
 * The KOSTRA art of an art code (domain.md rule, see deriveKostraArt) and what to tell the user:
 * a warning when none can be derived, and when the code points at an art that expired in the year
 * (12700 in 2026: «utgått fra 2026, bruk 271/272»).
 */
export function artKostraCheck(kode: string, year: number, explicitKostra: string | null): { kostra: string | null; issues: IssueDraft[] } {
  const kostra = deriveKostraArt(kode, year, explicitKostra);
  if (kostra !== null) return { kostra, issues: [] };
  const { expiredArter, year: listYear } = kostraFor(year);
  const digits = explicitKostra ?? kostraArtDigits(kode);
  const expired = digits === null ? undefined : (expiredArter.get(digits) ?? expiredArter.get(`${digits.slice(0, 2)}0`));
  if (digits !== null && expired) {
    const old = expiredArter.has(digits) ? digits : `${digits.slice(0, 2)}0`;
    return {
      kostra: null,
      issues: [
        {
          code: 'kostra_art_utgatt',
          severity: 'warning',
          field: 'kode',
          message: `Art ${kode} hører til KOSTRA-art ${old}, som er utgått fra ${expired.fromYear}. Bruk ${expired.replacedBy.join('/')} i stedet (regnskapsår ${listYear}).`,
        },
      ],
    };
  }
  if (explicitKostra !== null) {
    return {
      kostra: null,
      issues: [{ code: 'kostra_art_ugyldig', severity: 'warning', field: 'kostra', message: `KOSTRA-art «${explicitKostra}» for art ${kode} er ikke en gyldig KOSTRA-art for ${listYear}. Rett KOSTRA-kolonnen eller la den stå tom.` }],
    };
  }
  return {
    kostra: null,
    issues: [
      {
        code: 'kostra_art_mangler',
        severity: 'warning',
        field: 'kode',
        message: `Fant ingen KOSTRA-art for art ${kode} (vi leser arten som kontoklasse + tre KOSTRA-siffer, f.eks. 10100 → 010). Sjekk koden, eller legg til en kolonne «KOSTRA» med riktig KOSTRA-art.`,
      },
    ],
  };
}

/** domain.md: a funksjon whose KOSTRA part (first 3 digits) is not in the list for the regnskapsår is an error. */
export function funksjonKostraCheck(kode: string, year: number): { kostra: string | null; issues: IssueDraft[] } {
  const three = kostraFunksjon(kode);
  const { funksjoner, expiredFunksjoner, year: listYear } = kostraFor(year);
  if (three !== null && funksjoner.has(three)) return { kostra: three, issues: [] };
  const expired = three === null ? undefined : expiredFunksjoner.get(three);
  const message =
    three === null
      ? `Funksjon ${kode} er for kort: de tre første sifrene skal være en KOSTRA-funksjon (f.eks. 251 eller 2520). Rett koden.`
      : expired
        ? `Funksjon ${kode} hører til KOSTRA-funksjon ${three}, som er utgått fra ${expired.fromYear}. Bruk ${expired.replacedBy.join(' eller ')}.`
        : `Funksjon ${kode}: ${three} er ikke en KOSTRA-funksjon i regnskapsår ${listYear}. Rett koden, eller slett raden hvis funksjonen ikke brukes.`;
  return { kostra: null, issues: [{ code: 'funksjon_ugyldig_kostra', severity: 'error', field: 'kode', message }] };
}

export function checkKontoplanRecord(record: KontoplanRecord, year: number): IssueDraft[] {
  if (record.dimensjon === 'art') {
    const { kostra, issues } = artKostraCheck(record.kode, year, record.kostra);
    record.kostra = kostra;
    return issues;
  }
  if (record.dimensjon === 'funksjon') {
    const { kostra, issues } = funksjonKostraCheck(record.kode, year);
    record.kostra = kostra;
    return issues;
  }
  record.kostra = null;
  return [];
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
