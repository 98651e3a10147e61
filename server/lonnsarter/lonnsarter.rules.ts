import type { LonnsartRecord } from '../spreadsheet/types.ts';
import type { CheckContext, IssueDraft } from '../registers/definition.ts';
import { artSeries, deriveKostraArt, isValidAMeldingBeskrivelse } from '../reference/kostra.ts';

/** When importing into a tjeneste: the art must be in its current kontoplan. */
export function artInKontoplanCheck(art: string, kontoplanArter: ReadonlySet<string> | undefined, what: string): IssueDraft[] {
  if (kontoplanArter === undefined || kontoplanArter.has(art)) return [];
  return [
    {
      code: 'art_ikke_i_kontoplan',
      severity: 'error',
      field: 'art',
      message: `Art ${art} (${what}) finnes ikke i kontoplanen. Rett arten, eller legg den til i kontoplanen først.`,
    },
  ];
}

/**
 * domain.md plausibility rules (warnings, not errors): a skattepliktig lønnsart on an art outside KOSTRA series 0;
 * a non-taxable one on series 0; a lønnsart on an income art (series 6–9). Plus the optional A-melding check.
 */
export function lonnsartPlausibility(record: LonnsartRecord, year: number): IssueDraft[] {
  const issues: IssueDraft[] = [];
  const kostra = deriveKostraArt(record.art, year);
  if (kostra !== null) {
    const series = artSeries(kostra);
    if (series >= 6) {
      issues.push({
        code: 'lonnsart_pa_inntektsart',
        severity: 'warning',
        field: 'art',
        message: `Lønnsart ${record.kode} er kontert på art ${record.art}, som er en inntektsart (KOSTRA ${kostra}). Sjekk at arten er riktig.`,
      });
    } else if (record.skattepliktig === true && series !== 0) {
      issues.push({
        code: 'skattepliktig_utenfor_lonn',
        severity: 'warning',
        field: 'art',
        message: `Lønnsart ${record.kode} er skattepliktig, men art ${record.art} er ikke en lønnsart (KOSTRA ${kostra}, ikke serie 0). Sjekk arten eller Skattepliktig.`,
      });
    } else if (record.skattepliktig === false && series === 0) {
      issues.push({
        code: 'skattefri_pa_lonn',
        severity: 'warning',
        field: 'art',
        message: `Lønnsart ${record.kode} er ikke skattepliktig, men art ${record.art} er en lønnsart (KOSTRA ${kostra}, serie 0). Skattefri utgiftsdekning føres vanligvis på en annen art, f.eks. 470.`,
      });
    }
  }
  if (record.amelding_beskrivelse !== null && !isValidAMeldingBeskrivelse(record.amelding_beskrivelse)) {
    issues.push({
      code: 'amelding_ukjent',
      severity: 'warning',
      field: 'amelding_beskrivelse',
      message: `«${record.amelding_beskrivelse}» er ikke en kjent A-melding-beskrivelse (f.eks. kommunalOmsorgsloennOgFosterhjemsgodtgjoerelse). Sjekk skrivemåten.`,
    });
  }
  return issues;
}

export function checkLonnsart(record: LonnsartRecord, ctx: CheckContext): IssueDraft[] {
  return [...artInKontoplanCheck(record.art, ctx.kontoplanArter, `lønnsart ${record.kode}`), ...lonnsartPlausibility(record, ctx.regnskapsar)];
}
