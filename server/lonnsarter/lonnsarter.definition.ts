import { z } from 'zod';
import { headerMatcher } from '../spreadsheet/headers.ts';
import { FORDEL_TEXT, fordelCell, jaNeiCell, optionalText, optionalTiltakstypeCell, requiredText, TILTAKSTYPE_HEADER_ALIASES, TILTAKSTYPE_HEADER_STEMS } from '../spreadsheet/cell-rules.ts';
import { REGISTER_LABEL, TILTAKSTYPE_TEXT } from '../spreadsheet/labels.ts';
import { choicesOf, fieldCells, fieldsOfKind, labelsOf, planSingleRecordSheet, type RecordOf, type RegisterDefinition, type RegisterField } from '../spreadsheet/definition.ts';
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

/** The lønnsart's fields, in order: the single description of its columns (table, pages, diff, template, export). */
const lonnsartFields = [
  { name: 'kode', label: 'Lønnsart', kind: 'code', required: true, exportDescription: 'lønnsartens kode' },
  { name: 'navn', label: 'Navn', kind: 'text', required: true, exportDescription: 'lønnsartens navn' },
  { name: 'art', label: 'Art', kind: 'code', required: true, exportDescription: 'arten lønnsarten posteres på' },
  { name: 'skattepliktig', label: 'Skattepliktig', kind: 'janei', required: false, blank: 'ikke oppgitt', exportDescription: 'trekkpliktig (null: ikke oppgitt)' },
  { name: 'aga', label: 'AGA', kind: 'janei', required: false, blank: 'ikke oppgitt', exportDescription: 'arbeidsgiveravgiftspliktig (null: ikke oppgitt)' },
  { name: 'feriepengegrunnlag', label: 'Feriepengegrunnlag', kind: 'janei', required: false, blank: 'ikke oppgitt', exportDescription: 'inngår i feriepengegrunnlaget (null: ikke oppgitt)' },
  { name: 'amelding_beskrivelse', label: 'A-melding beskrivelse', kind: 'text', required: false, blank: 'ikke oppgitt', exportDescription: 'lønnsbeskrivelsen i A-meldingen' },
  // blank: the default for the lønnsart's kind (fosterhjem, beredskapshjem: utenfor hjemmet), else Begge, with a warning
  {
    name: 'tiltakstype',
    label: 'Tiltakstype',
    kind: 'choice',
    required: false,
    options: choicesOf(TILTAKSTYPE_TEXT),
    blank: 'etter lønnsartens type, ellers Begge',
    filled: true,
    exportDescription: 'i_hjemmet: funksjon 251, utenfor_hjemmet: 252, begge: begge; fra filen, ellers utenfor_hjemmet for fosterhjem og beredskapshjem og begge for resten',
  },
  { name: 'fordel', label: 'Fordel', kind: 'choice', required: false, options: choicesOf(FORDEL_TEXT), blank: 'ikke oppgitt', exportDescription: 'fordelen i A-meldingen (null: ikke oppgitt)' },
] as const satisfies readonly RegisterField[];

/** A lønnsart as read and stored: tiltakstype as the file says or the default for its kind; fordel null when not stated. */
export type LonnsartRecord = RecordOf<typeof lonnsartFields>;

const lonnsartLabels: Readonly<Record<string, string>> = labelsOf(lonnsartFields);

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
  label: REGISTER_LABEL.lonnsarter.toLowerCase(),
  fields: lonnsartFields,
  storage: { table: 'lonnsart' },
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
  janeiFields: fieldsOfKind(lonnsartFields, 'janei'),
  tiltakstypeFields: ['tiltakstype'],
  tiltakstypeBlank: 'record',
  toExportCells: (r) => fieldCells(lonnsartFields, r),
};
