import type { Tiltakstype } from '../spreadsheet/types.ts';
import type { CheckContext, IssueDraft } from '../spreadsheet/definition.ts';
import { artSeries, deriveKostraArt, isValidAMeldingBeskrivelse } from '../reference/kostra.ts';
import { findAMeldingBeskrivelse, fordelerFor, isAMeldingExpired } from '../reference/amelding.ts';
import { FORDEL_TEXT } from '../spreadsheet/cell-rules.ts';
import { TILTAKSTYPE_TEXT } from '../spreadsheet/labels.ts';
import type { LonnsartRecord } from './lonnsarter.definition.ts';

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

type LonnsartFacts = Pick<LonnsartRecord, 'kode' | 'navn' | 'art' | 'skattepliktig' | 'aga' | 'feriepengegrunnlag' | 'amelding_beskrivelse'> & { fordel?: LonnsartRecord['fordel'] };

/**
 * docs/domain.md: «plassert» means fosterhjem (beredskapshjem included, SSB counts it as a foster home), institusjon or
 * bolig med oppfølging, so a fosterhjem or beredskapshjem lønnsart is by definition utenfor hjemmet (252). Read from the
 * name, as lonnsarter_barnevern.csv names these kinds; the A-melding description alone does not tell (it also covers
 * kommunal omsorgslønn, which is not a placement).
 */
export function placementKindOf(l: Pick<LonnsartRecord, 'navn'>): 'fosterhjem' | 'beredskapshjem' | null {
  if (/beredskapshjem/i.test(l.navn)) return 'beredskapshjem';
  if (/fosterhjem|fosterforeld/i.test(l.navn)) return 'fosterhjem';
  return null;
}

/** The tiltakstype a lønnsart gets when the file does not give one: utenfor hjemmet for a placement kind, else begge. */
export function defaultLonnsartTiltakstype(l: Pick<LonnsartRecord, 'navn'>): Tiltakstype {
  return placementKindOf(l) === null ? 'begge' : 'utenfor_hjemmet';
}

/**
 * The tiltakstype of a lønnsart as read: fills the default when the file gave none (null) and says what was assumed;
 * a placement kind given «I hjemmet» or «Begge» is a warning here and an error on the matrix's 251 line.
 */
function lonnsartTiltakstypeCheck(record: LonnsartRecord, ctx?: Pick<CheckContext, 'fieldsRead'>): IssueDraft[] {
  const who = `Lønnsart ${record.kode} ${record.navn}`;
  const kind = placementKindOf(record);
  if ((record.tiltakstype as Tiltakstype | null) === null) {
    record.tiltakstype = defaultLonnsartTiltakstype(record);
    // no column at all: said once for the whole file (missingTiltakstypeColumn), not on every row
    if (ctx?.fieldsRead && !ctx.fieldsRead.has('tiltakstype')) return [];
    return [
      kind === null
        ? {
            code: 'lonnsart_tiltakstype_begge',
            severity: 'warning',
            field: 'tiltakstype',
            message: `${who} har ingen tiltakstype i filen. Vi satte den til Begge (kontostrenger på både 251 og 252). Skriv «Utenfor hjemmet» hvis den bare gjelder barn som er plassert, eller «I hjemmet» hvis den bare gjelder barn som bor hjemme.`,
          }
        : {
            code: 'lonnsart_tiltakstype_plassert',
            severity: 'warning',
            field: 'tiltakstype',
            message: `${who} har ingen tiltakstype i filen. Vi satte den til Utenfor hjemmet (252), fordi et ${kind} alltid er en plassering. Skriv tiltakstypen i filen hvis det er feil.`,
          },
    ];
  }
  if (kind !== null && record.tiltakstype !== 'utenfor_hjemmet')
    return [
      {
        code: 'plassering_i_hjemmet',
        severity: 'warning',
        field: 'tiltakstype',
        message: `${who} har tiltakstype «${TILTAKSTYPE_TEXT[record.tiltakstype]}», men et ${kind} er alltid en plassering (KOSTRA 252), så den får en kontostreng for tiltak i hjemmet (251) som er feil. Sett tiltakstypen til Utenfor hjemmet.`,
      },
    ];
  return [];
}

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
 *  - a fordel the A-melding description is not reported under (a_melding_fordel.csv)
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
    // Skatteetaten: each description is reported under its own fordel (fastloenn a kontantytelse, kilometergodtgjoerelseBil an utgiftsgodtgjørelse)
    const fordeler = l.fordel ? fordelerFor(l.amelding_beskrivelse) : undefined;
    if (l.fordel && fordeler && !fordeler.includes(l.fordel))
      add(
        'fordel_passer_ikke',
        'warning',
        'fordel',
        `${who} har fordel ${FORDEL_TEXT[l.fordel]}, men A-melding-beskrivelsen «${b?.beskrivelse ?? l.amelding_beskrivelse}» hører i a-meldingen til ${fordeler.map((f) => FORDEL_TEXT[f]).join(' eller ')} (Skatteetaten). Rett fordelen eller beskrivelsen.`,
      );
  }
  return issues;
}

/** The rules above at import, where the KOSTRA art is derived from the art code alone. */
function lonnsartPlausibility(record: LonnsartRecord, year: number): IssueDraft[] {
  return lonnsartRules(record, deriveKostraArt(record.art, year), year);
}

/** A file without a tiltakstype column: what each lønnsart was set to, once. */
export function missingTiltakstypeColumn(records: readonly LonnsartRecord[], ctx: CheckContext): IssueDraft[] {
  if (!ctx.fieldsRead || ctx.fieldsRead.has('tiltakstype') || records.length === 0) return [];
  const placed = records.filter((r) => placementKindOf(r) !== null).map((r) => r.kode);
  const both = records.length - placed.length;
  const list = (codes: readonly string[]) => codes.slice(0, 10).join(', ') + (codes.length > 10 ? ` og ${codes.length - 10} til` : '');
  const parts = [
    ...(both > 0 ? [`${both === 1 ? '1 lønnsart er' : `${both} lønnsarter er`} satt til Begge (kontostrenger på både 251 og 252)`] : []),
    ...(placed.length > 0 ? [`${placed.length === 1 ? 'lønnsart' : 'lønnsartene'} ${list(placed)} til Utenfor hjemmet (252), fordi fosterhjem og beredskapshjem alltid er plasseringer`] : []),
  ];
  return [
    {
      code: 'lonnsart_tiltakstype_mangler',
      severity: 'warning',
      field: null,
      message: `Filen har ingen kolonne for tiltakstype, så ${parts.join(', og ')}. Legg til kolonnen «Tiltakstype» med I hjemmet, Utenfor hjemmet eller Begge der en lønnsart bare gjelder det ene, eller velg kolonnen under «Velg kolonner».`,
    },
  ];
}

export function checkLonnsart(record: LonnsartRecord, ctx: CheckContext): IssueDraft[] {
  return [...lonnsartTiltakstypeCheck(record, ctx), ...artInKontoplanCheck(record.art, ctx.kontoplanArter, `lønnsart ${record.kode}`), ...lonnsartPlausibility(record, ctx.regnskapsar)];
}
