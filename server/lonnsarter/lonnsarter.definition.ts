import { z } from 'zod';
import type { LonnsartRecord } from '../spreadsheet/types.ts';
import { headerMatcher } from '../spreadsheet/headers.ts';
import { jaNeiCell, optionalText, requiredText } from '../registers/cell-rules.ts';
import { jaNeiText, planSingleRecordSheet, type RegisterDefinition } from '../registers/definition.ts';
import { checkLonnsart } from './lonnsarter.rules.ts';

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
  },
  // weaker than aliases, and only when every word points at the same field
  stems: {
    aga: ['arbeidsgiveravg', 'arbgavg', 'agapl'],
    skattepliktig: ['skattepl', 'skattetrekk', 'trekkpl', 'forskuddstrekk'],
    feriepengegrunnlag: ['feriepeng', 'ferie'],
    amelding_beskrivelse: ['amelding', 'inntektsbeskrivelse'],
    art: ['artskonto', 'hovedbokskonto'],
  },
  textOf: { kode: 'navn' },
});

export const lonnsartLabels: Readonly<Record<string, string>> = {
  kode: 'Lønnsart',
  navn: 'Navn',
  art: 'Art',
  skattepliktig: 'Skattepliktig',
  aga: 'AGA',
  feriepengegrunnlag: 'Feriepengegrunnlag',
  amelding_beskrivelse: 'A-melding beskrivelse',
};

const rowSchema = z.object({
  kode: requiredText('kode_mangler', 'Raden mangler lønnsart (kode). Fyll inn koden, eller slett raden.'),
  navn: requiredText('navn_mangler', 'Lønnsarten mangler navn. Fyll inn navnet.'),
  art: requiredText('art_mangler', 'Lønnsarten mangler art (kontoen den posteres på). Fyll inn arten fra kontoplanen.'),
  skattepliktig: jaNeiCell('Skattepliktig'),
  aga: jaNeiCell('AGA'),
  feriepengegrunnlag: jaNeiCell('Feriepengegrunnlag'),
  amelding_beskrivelse: optionalText,
});

export const lonnsarterDefinition: RegisterDefinition<LonnsartRecord> = {
  register: 'lonnsarter',
  label: 'lønnsarter',
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
  checkAll: () => [],
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
    },
  ],
  templateSheets: [{ name: 'Lønnsarter', fields: Object.keys(lonnsartLabels), includes: () => true }],
  exportHeaders: lonnsartLabels,
  janeiFields: ['skattepliktig', 'aga', 'feriepengegrunnlag'],
  tiltakstypeFields: [],
  toExportCells: (r) => ({
    kode: r.kode,
    navn: r.navn,
    art: r.art,
    skattepliktig: jaNeiText(r.skattepliktig),
    aga: jaNeiText(r.aga),
    feriepengegrunnlag: jaNeiText(r.feriepengegrunnlag),
    amelding_beskrivelse: r.amelding_beskrivelse,
  }),
};
