import { TILTAKSTYPE_WITH_FUNKSJON } from '../spreadsheet/labels.ts';
import { kontostrengText } from '../kodeverk/kontostreng.ts';
import { matrixLinesOf, type LoadedMatrixInput } from '../kodeverk/kodeverk.matrix.ts';
import { filterLines, summarise, TILTAKSTYPER, type LineFilter } from '../kodeverk/matrix.rules.ts';
import { urls } from '../platform/http/urls.ts';

/** The Kontering page's lines and filter form: the filtered lines plus what the filter form offers. */
export function matrixPageOf(input: LoadedMatrixInput, filter: LineFilter) {
  const result = summarise(matrixLinesOf(input));
  const lines = filterLines(result.lines, filter);
  const codes = new Map<string, string>();
  for (const l of result.lines) for (const p of [...l.problems, ...l.warnings, ...l.notes]) if (!codes.has(p.code)) codes.set(p.code, PROBLEM_LABEL[p.code] ?? p.code);
  return {
    hasKontoplan: input.kontoplan !== null,
    hasItems: input.lonnsarter.length + input.utbetalingskategorier.length > 0,
    // «Ikke i bruk» modules: said on the page, so nobody looks for their lines
    modulesNotInUse: [
      ...(input.modulesInUse.lonn ? [] : ['Lønn er satt til «Ikke i bruk», så lønnsartene er ikke med i matrisen.']),
      ...(input.modulesInUse.okonomi ? [] : ['Økonomi er satt til «Ikke i bruk», så utbetalingskategoriene er ikke med i matrisen.']),
    ],
    mappedCount: input.mappings.size,
    kommuneCount: input.kommuner.length,
    counts: result.counts,
    shown: lines.length,
    // the kontostreng as everywhere else (kontostreng.ts), with «?» where a part is missing
    lines: lines.map((l) => ({ ...l, kontostrengText: kontostrengText(l) })),
    filter,
    kommuner: input.kommuner.map((k) => ({ val: k.kommunenummer, label: `${k.kommunenummer} ${k.navn}`, selected: k.kommunenummer === filter.kommune })),
    tiltakstyper: TILTAKSTYPER.map((t) => ({ val: t, label: TILTAKSTYPE_WITH_FUNKSJON[t], selected: t === filter.tiltakstype })),
    problemer: [{ val: 'feil', label: 'Alle med feil' }, { val: 'advarsel', label: 'Alle med advarsel' }, { val: 'ok', label: 'Uten feil' }, ...[...codes].map(([val, label]) => ({ val, label }))].map(
      (o) => ({ ...o, selected: o.val === filter.problem }),
    ),
  };
}

/** The whole Kontering page, with the download of the same filtered lines. */
export function matrixPage(input: LoadedMatrixInput, slug: string, filter: LineFilter) {
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString();
  return { title: 'Kontering', ...matrixPageOf(input, filter), xlsxHref: urls.matrixXlsx(slug, { query }) };
}

const PROBLEM_LABEL: Record<string, string> = {
  kontoplan_mangler: 'Kontoplan mangler',
  art_ukjent: 'Art finnes ikke',
  art_inaktiv: 'Art ikke aktiv',
  ansvar_mangler: 'Ansvar mangler',
  ansvar_ukjent: 'Ansvar finnes ikke',
  ansvar_inaktiv: 'Ansvar ikke aktivt',
  funksjon_mangler: 'Funksjon mangler',
  funksjon_ukjent: 'Funksjon finnes ikke',
  funksjon_inaktiv: 'Funksjon ikke aktiv',
  funksjon_feil_kostra: 'Funksjon har feil KOSTRA',
  tiltakstype_gjelder_ikke: 'Tiltakstype gjelder ikke',
  aga_art_mangler: 'AGA-art ikke valgt',
  art_ikke_driftskonto: 'Art er ikke en driftsart (kontoklasse)',
  aga_art_ikke_099: 'AGA-art er ikke KOSTRA 099',
  ansvar_flere_kommuner: 'Ansvar brukt av flere kommuner',
  ansvar_felles: 'Felles ansvar (merket)',
  funksjon_ikke_barnevern: 'Funksjon utenfor barnevern',
  funksjon_290: 'Funksjon 290 (interkommunalt)',
  art_uten_kostra: 'Art uten KOSTRA',
  inntektsart: 'Inntektsart',
  lonnsart_pa_inntektsart: 'Lønnsart på inntektsart',
  lonnsart_pa_099: 'Lønnsart på 099',
  aga_pa_089: 'AGA på art 089',
  fosterhjem_ikke_skattepliktig: 'Fosterhjem ikke skattepliktig',
  fosterhjem_uten_aga: 'Fosterhjem uten AGA',
  fosterhjem_feriepenger: 'Fosterhjem med feriepenger',
  utgiftsdekning_aga: 'Utgiftsdekning med AGA',
  utgiftsdekning_feriepenger: 'Utgiftsdekning med feriepenger',
  amelding_utgaatt: 'A-melding-beskrivelse utgått',
  amelding_ukjent: 'A-melding-beskrivelse ukjent',
  skattepliktig_utenfor_lonn: 'Skattepliktig utenfor lønnsart',
  skattefri_pa_lonn: 'Skattefri på lønnsart',
  kategori_pa_lonnsart: 'Utbetaling på lønnsart',
  ssb_025_art_ikke_drift: 'SSB 025: art ikke gyldig i drift',
  ssb_075_skatt_rammetilskudd: 'SSB 075: art 870–879 utenfor funksjon 800',
  ssb_070_art_530: 'SSB 070: art 530 utenfor funksjon 880',
  ssb_080_art_800: 'SSB 080: art 800 utenfor funksjon 840',
  ssb_065_art_899: 'SSB 065: art 589/980/989 utenfor funksjon 899',
  ssb_065_funksjon_899: 'SSB 065: funksjon 899 med feil art',
  ssb_035_utlan: 'SSB 035: art 520/920 på feil funksjon',
  ssb_030_ulogisk_drift: 'SSB 030: art 285/660 ulogisk i drift',
};
