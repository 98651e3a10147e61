import { z } from 'zod';
import type { LonnsartRecord } from '../spreadsheet/types.ts';
import { headerMatcher } from '../spreadsheet/headers.ts';
import {
  FORDEL_TEXT,
  fordelCell,
  jaNeiCell,
  optionalText,
  optionalTiltakstypeCell,
  requiredText,
  TILTAKSTYPE_HEADER_ALIASES,
  TILTAKSTYPE_HEADER_STEMS,
  TILTAKSTYPE_TEXT,
} from '../registers/cell-rules.ts';
import { jaNeiText, planSingleRecordSheet, type RegisterDefinition, type RegisterField } from '../registers/definition.ts';
import { checkLonnsart, missingTiltakstypeColumn } from './lonnsarter.rules.ts';

// Header words of payroll exports (Visma, Agresso, the app's own template), nynorsk spellings come from headers.ts.
const matchHeader = headerMatcher({
  aliases: {
    kode: ['Lønnsart', 'Kode', 'Lønnsartnr', 'Lønnsartkode', 'Lønnsartnummer', 'Nr', 'Nummer', 'Lønnart', 'Lønnsartsnr', 'LA', 'LA-nr'],
    navn: ['Navn', 'Beskrivelse', 'Tekst', 'Lønnsartnavn', 'Lønnsarttekst', 'Betegnelse', 'Benevnelse', 'Lønnsartsnavn', 'Lønnsartbeskrivelse'],
    art: ['Art', 'Artskonto', 'Konto', 'Kontonr', 'Kontonummer', 'Art (konto)', 'Hovedbokskonto', 'Debetkonto', 'Utgiftskonto'],
    skattepliktig: ['Skattepliktig', 'Skatt', 'Trekkpliktig', 'Skattetrekk', 'Forskuddstrekk', 'Skattepl', 'Trekk', 'Forskuddstrekkpliktig'],
    aga: ['AGA', 'Arbeidsgiveravgift', 'AGA-pliktig', 'Arbeidsgiveravgiftspliktig', 'Arb.g.avg', 'Arb.g.avg.', 'Arbg.avg', 'Arb.giv.avg', 'Arbeidsg.avg', 'AGA-grunnlag', 'Grunnlag AGA', 'AGA pl'],
    feriepengegrunnlag: ['Feriepenger', 'Feriepengegrunnlag', 'Feriepengepliktig', 'Grunnlag feriepenger', 'Ferie', 'Feriepengegr', 'Feriep', 'FP-grunnlag', 'Feriegrunnlag'],
    amelding_beskrivelse: [
      'A-melding beskrivelse',
      'A-meldingsbeskrivelse',
      'Beskrivelse A-melding',
      'Beskrivelse i A-meldingen',
      'A-melding',
      'A-meldingskode',
      'Inntektsbeskrivelse',
      'Beskrivelse (a-melding)',
    ],
    tiltakstype: TILTAKSTYPE_HEADER_ALIASES,
    fordel: ['Fordel', 'Type fordel', 'Fordelstype', 'A-melding fordel', 'Fordel (A-melding)', 'Fordel i A-meldingen', 'Ytelsestype', 'Type ytelse'],
  },
  // weaker than aliases, and only when every word points at the same field
  stems: {
    aga: ['arbeidsgiveravg', 'arbgavg', 'agapl'],
    skattepliktig: ['skattepl', 'skattetrekk', 'trekkpl', 'forskuddstrekk'],
    feriepengegrunnlag: ['feriepeng', 'ferie'],
    amelding_beskrivelse: ['amelding', 'inntektsbeskrivelse'],
    art: ['artskonto', 'hovedbokskonto'],
    tiltakstype: TILTAKSTYPE_HEADER_STEMS,
    fordel: ['fordel'],
  },
  textOf: { kode: 'navn' },
});

/** The columns of the lonnsart table, in order: each is a field below (the writer and the readers take this list). */
export const LONNSART_COLUMNS = ['kode', 'navn', 'art', 'skattepliktig', 'aga', 'feriepengegrunnlag', 'amelding_beskrivelse', 'tiltakstype', 'fordel'] as const;

const choices = (text: Readonly<Record<string, string>>) => Object.entries(text).map(([value, label]) => ({ value, label }));
const FIELD: Record<(typeof LONNSART_COLUMNS)[number], Omit<RegisterField, 'name'>> = {
  kode: { label: 'Lønnsart', kind: 'code', required: true },
  navn: { label: 'Navn', kind: 'text', required: true },
  art: { label: 'Art', kind: 'code', required: true },
  skattepliktig: { label: 'Skattepliktig', kind: 'janei', required: false, blank: 'ikke oppgitt' },
  aga: { label: 'AGA', kind: 'janei', required: false, blank: 'ikke oppgitt' },
  feriepengegrunnlag: { label: 'Feriepengegrunnlag', kind: 'janei', required: false, blank: 'ikke oppgitt' },
  amelding_beskrivelse: { label: 'A-melding beskrivelse', kind: 'text', required: false, blank: 'ikke oppgitt' },
  // blank: the default for the lønnsart's kind (fosterhjem, beredskapshjem: utenfor hjemmet), else Begge, with a warning
  tiltakstype: { label: 'Tiltakstype', kind: 'choice', required: false, options: choices(TILTAKSTYPE_TEXT), blank: 'etter lønnsartens type, ellers Begge' },
  fordel: { label: 'Fordel', kind: 'choice', required: false, options: choices(FORDEL_TEXT), blank: 'ikke oppgitt' },
};
export const lonnsartFields: readonly RegisterField[] = LONNSART_COLUMNS.map((name) => ({ name, ...FIELD[name] }));

export const lonnsartLabels: Readonly<Record<string, string>> = Object.fromEntries(lonnsartFields.map((f) => [f.name, f.label]));

const rowSchema = z.object({
  kode: requiredText('kode_mangler', 'Raden mangler lønnsart (kode). Fyll inn koden, eller slett raden.'),
  navn: requiredText('navn_mangler', 'Lønnsarten mangler navn. Fyll inn navnet.'),
  art: requiredText('art_mangler', 'Lønnsarten mangler art (kontoen den posteres på). Fyll inn arten fra kontoplanen.'),
  skattepliktig: jaNeiCell('Skattepliktig'),
  aga: jaNeiCell('AGA'),
  feriepengegrunnlag: jaNeiCell('Feriepengegrunnlag'),
  amelding_beskrivelse: optionalText,
  // null until checkLonnsart fills the default for the lønnsart's kind (and says so)
  tiltakstype: optionalTiltakstypeCell,
  fordel: fordelCell,
});

export const lonnsarterDefinition: RegisterDefinition<LonnsartRecord> = {
  register: 'lonnsarter',
  label: 'lønnsarter',
  fields: lonnsartFields,
  mappableFields: Object.keys(lonnsartLabels),
  classifyHeader: matchHeader,
  planSheet: (_sheetName, headers) => planSingleRecordSheet(headers, ['kode', 'navn', 'art'], lonnsartLabels),
  inputFields: Object.keys(lonnsartLabels),
  rowSchema: rowSchema as unknown as z.ZodType<LonnsartRecord, Record<string, string | null>>,
  codeFields: ['kode', 'art'],
  padGroup: (_r, field) => field,
  checkRecord: checkLonnsart,
  identity: (r) => r.kode,
  describe: (r) => `Lønnsart ${r.kode}`,
  checkAll: missingTiltakstypeColumn,
  countKeys: ['lonnsart'],
  countKey: () => 'lonnsart',
  exampleRows: [
    {
      kode: '510',
      navn: 'Fosterhjem – arbeidsgodtgjørelse',
      art: '10510',
      skattepliktig: true,
      aga: true,
      feriepengegrunnlag: false,
      amelding_beskrivelse: 'kommunalOmsorgsloennOgFosterhjemsgodtgjoerelse',
      tiltakstype: 'utenfor_hjemmet',
      fordel: 'kontantytelse',
    },
  ],
  templateSheets: [{ name: 'Lønnsarter', fields: Object.keys(lonnsartLabels), includes: () => true }],
  exportHeaders: lonnsartLabels,
  janeiFields: ['skattepliktig', 'aga', 'feriepengegrunnlag'],
  tiltakstypeFields: ['tiltakstype'],
  tiltakstypeBlank: 'record',
  toExportCells: (r) => ({
    kode: r.kode,
    navn: r.navn,
    art: r.art,
    skattepliktig: jaNeiText(r.skattepliktig),
    aga: jaNeiText(r.aga),
    feriepengegrunnlag: jaNeiText(r.feriepengegrunnlag),
    amelding_beskrivelse: r.amelding_beskrivelse,
    tiltakstype: TILTAKSTYPE_TEXT[r.tiltakstype],
    fordel: r.fordel === null ? null : FORDEL_TEXT[r.fordel],
  }),
};
