import type { LonnsartRecord } from '../spreadsheet/types.ts';
import type { CheckContext, IssueDraft } from '../registers/definition.ts';
import { artSeries, deriveKostraArt, isValidAMeldingBeskrivelse } from '../reference/kostra.ts';
import { findAMeldingBeskrivelse, isAMeldingExpired } from '../reference/amelding.ts';

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

/** Skatteetaten's A-melding description for fosterhjem arbeidsgodtgjørelse (and kommunal omsorgslønn). */
export const FOSTERHJEM_AMELDING = 'kommunalOmsorgsloennOgFosterhjemsgodtgjoerelse';
/** KOSTRA 160/165: «utgifter og godtgjørelser for reiser, diett, bil mv. som er opplysningspliktige» (taxable by nature). */
const OPPLYSNINGSPLIKTIGE_REISER = new Set(['160', '165']);

type LonnsartFacts = Pick<LonnsartRecord, 'kode' | 'navn' | 'art' | 'skattepliktig' | 'aga' | 'feriepengegrunnlag' | 'amelding_beskrivelse'>;

const isFosterhjemGodtgjoerelse = (l: LonnsartFacts) =>
  l.amelding_beskrivelse?.trim().toLowerCase() === FOSTERHJEM_AMELDING.toLowerCase() || /fosterhjem.*(arbeidsgodtgj|grunnst[øo]tte)/i.test(l.navn);
const isUtgiftsdekning = (l: LonnsartFacts) => /utgiftsdekning|utgiftsgodtgj/i.test(l.navn);

/**
 * The lønnsart rules from docs/domain.md, Skatteetaten and KS, on one lønnsart and the KOSTRA art of its art (null: none
 * derived). Warnings unless noted:
 *  - lønn on an income art; skattepliktig outside series 0 (except 160/165, opplysningspliktige reiser); skattefri on series 0
 *  - a lønnsart on 099 (arbeidsgiveravgift is computed, not paid as a lønnsart); 089 («ikke arbeidsgiveravgiftspliktig») with AGA = Ja
 *  - fosterhjem arbeidsgodtgjørelse: skattepliktig and AGA-pliktig (errors when not), no feriepenger (KS: not an employee)
 *  - utgiftsdekning: no AGA, no feriepenger
 *  - an A-melding description past its gyldig_til (error), or unknown to Skatteetaten's table
 */
export function lonnsartRules(l: LonnsartFacts, kostra: string | null, regnskapsar: number): IssueDraft[] {
  const issues: IssueDraft[] = [];
  const add = (code: string, severity: IssueDraft['severity'], field: string, message: string) => issues.push({ code, severity, field, message });
  const who = `Lønnsart ${l.kode}`;
  if (kostra !== null) {
    const series = artSeries(kostra);
    if (series >= 6) add('lonnsart_pa_inntektsart', 'warning', 'art', `${who} er kontert på art ${l.art}, som er en inntektsart (KOSTRA ${kostra}). Sjekk at arten er riktig.`);
    else if (l.skattepliktig === true && series !== 0 && !OPPLYSNINGSPLIKTIGE_REISER.has(kostra))
      add(
        'skattepliktig_utenfor_lonn',
        'warning',
        'art',
        `${who} er skattepliktig, men art ${l.art} er ikke en lønnsart (KOSTRA ${kostra}, ikke serie 0 eller 160/165). Sjekk arten eller Skattepliktig.`,
      );
    else if (l.skattepliktig === false && series === 0)
      add(
        'skattefri_pa_lonn',
        'warning',
        'art',
        `${who} er ikke skattepliktig, men art ${l.art} er en lønnsart (KOSTRA ${kostra}, serie 0). Skattefri utgiftsdekning føres vanligvis på en annen art, f.eks. 470.`,
      );
    if (kostra === '099')
      add(
        'lonnsart_pa_099',
        'warning',
        'art',
        `${who} er kontert på art ${l.art} (KOSTRA 099 arbeidsgiveravgift). Arbeidsgiveravgiften beregnes av lønnssystemet; lønnsarten skal stå på arten for selve lønnen.`,
      );
    if (kostra === '089' && l.aga === true) add('aga_pa_089', 'warning', 'aga', `${who} har AGA = Ja, men art ${l.art} er KOSTRA 089 «ikke arbeidsgiveravgiftspliktig lønn». Rett AGA eller arten.`);
  }
  if (isFosterhjemGodtgjoerelse(l)) {
    if (l.skattepliktig === false)
      add('fosterhjem_ikke_skattepliktig', 'error', 'skattepliktig', `${who} er fosterhjemsgodtgjørelse, som etter Skatteetaten alltid er trekkpliktig. Sett Skattepliktig = Ja.`);
    if (l.aga === false) add('fosterhjem_uten_aga', 'error', 'aga', `${who} er fosterhjemsgodtgjørelse, som etter Skatteetaten er grunnlag for arbeidsgiveravgift. Sett AGA = Ja.`);
    if (l.feriepengegrunnlag === true)
      add(
        'fosterhjem_feriepenger',
        'warning',
        'feriepengegrunnlag',
        `${who} er fosterhjemsgodtgjørelse med feriepengegrunnlag, men fosterforeldre er ikke arbeidstakere etter ferieloven (KS). Sjekk Feriepengegrunnlag.`,
      );
  } else if (isUtgiftsdekning(l)) {
    if (l.aga === true) add('utgiftsdekning_aga', 'warning', 'aga', `${who} er utgiftsdekning, som innenfor KS' satser ikke er grunnlag for arbeidsgiveravgift. Sjekk AGA.`);
    if (l.feriepengegrunnlag === true) add('utgiftsdekning_feriepenger', 'warning', 'feriepengegrunnlag', `${who} er utgiftsdekning, som ikke gir feriepenger. Sjekk Feriepengegrunnlag.`);
  }
  if (l.amelding_beskrivelse !== null) {
    const b = findAMeldingBeskrivelse(l.amelding_beskrivelse);
    if (b && isAMeldingExpired(b, regnskapsar))
      add(
        'amelding_utgaatt',
        'error',
        'amelding_beskrivelse',
        `A-melding-beskrivelsen «${b.beskrivelse}» (${who}) kan ikke brukes etter ${b.gyldigTil} (Skatteetaten), og regnskapsåret er ${regnskapsar}. Velg en gyldig beskrivelse.`,
      );
    else if (!b && !isValidAMeldingBeskrivelse(l.amelding_beskrivelse))
      add('amelding_ukjent', 'warning', 'amelding_beskrivelse', `«${l.amelding_beskrivelse}» er ikke en kjent A-melding-beskrivelse (f.eks. ${FOSTERHJEM_AMELDING}). Sjekk skrivemåten.`);
  }
  return issues;
}

/** The rules above at import, where the KOSTRA art is derived from the art code alone. */
export function lonnsartPlausibility(record: LonnsartRecord, year: number): IssueDraft[] {
  return lonnsartRules(record, deriveKostraArt(record.art, year), year);
}

export function checkLonnsart(record: LonnsartRecord, ctx: CheckContext): IssueDraft[] {
  return [...artInKontoplanCheck(record.art, ctx.kontoplanArter, `lønnsart ${record.kode}`), ...lonnsartPlausibility(record, ctx.regnskapsar)];
}
