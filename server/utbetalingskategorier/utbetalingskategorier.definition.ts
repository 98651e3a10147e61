import { z } from 'zod';
import { headerMatcher } from '../spreadsheet/headers.ts';
import { optionalText, requiredText, TILTAKSTYPE_HEADER_ALIASES, TILTAKSTYPE_HEADER_STEMS, tiltakstypeCell } from '../spreadsheet/cell-rules.ts';
import { REGISTER_LABEL, TILTAKSTYPE_TEXT } from '../spreadsheet/labels.ts';
import { choicesOf, fieldCells, fieldsOfKind, labelsOf, planSingleRecordSheet, type RecordOf, type RegisterDefinition, type RegisterField } from '../spreadsheet/definition.ts';
import { checkUtbetalingskategori } from './utbetalingskategorier.rules.ts';

const matchHeader = headerMatcher({
  aliases: {
    kode: ['Kode', 'Kategorikode', 'Kategorinr', 'Nr', 'Nummer', 'Id', 'Kategori-ID', 'Utbetalingskode'],
    navn: ['Navn', 'Beskrivelse', 'Tekst', 'Kategori', 'Utbetalingskategori', 'Kategorinavn', 'Utbetalingstype', 'Kategoritekst'],
    art: ['Art', 'Artskonto', 'Konto', 'Kontonr', 'Kontonummer', 'Hovedbokskonto'],
    tiltakstype: TILTAKSTYPE_HEADER_ALIASES,
  },
  // a tiltakstype header is often a question of placement: «Er barnet plassert utenfor hjemmet?»
  stems: { tiltakstype: TILTAKSTYPE_HEADER_STEMS, art: ['artskonto', 'hovedbokskonto'] },
  textOf: { kode: 'navn' },
});

/** The utbetalingskategori's fields, in order: the single description of its columns (table, pages, diff, template, export). */
const utbetalingskategoriFields = [
  { name: 'kode', label: 'Kode', kind: 'code', required: false, blank: 'ingen kode', exportDescription: 'kategoriens kode i fagsystemet (null: ingen)' },
  { name: 'navn', label: 'Navn', kind: 'text', required: true, exportDescription: 'kategoriens navn' },
  { name: 'art', label: 'Art', kind: 'code', required: true, exportDescription: 'arten kategorien posteres på' },
  {
    name: 'tiltakstype',
    label: 'Tiltakstype',
    kind: 'choice',
    required: false,
    options: choicesOf(TILTAKSTYPE_TEXT),
    blank: 'Begge',
    filled: true,
    exportDescription: 'i_hjemmet: funksjon 251, utenfor_hjemmet: 252, begge: begge',
  },
] as const satisfies readonly RegisterField[];

export type UtbetalingskategoriRecord = RecordOf<typeof utbetalingskategoriFields>;

const utbetalingskategoriLabels: Readonly<Record<string, string>> = labelsOf(utbetalingskategoriFields);

const rowSchema = z.object({
  kode: optionalText,
  navn: requiredText('navn_mangler', 'Utbetalingskategorien mangler navn. Fyll inn navnet.'),
  art: requiredText('art_mangler', 'Utbetalingskategorien mangler art (kontoen den posteres på). Fyll inn arten fra kontoplanen.'),
  tiltakstype: tiltakstypeCell,
});

export const utbetalingskategorierDefinition: RegisterDefinition<UtbetalingskategoriRecord> = {
  register: 'utbetalingskategorier',
  label: REGISTER_LABEL.utbetalingskategorier.toLowerCase(),
  fields: utbetalingskategoriFields,
  // lopenr: the file's row order (the kategorier are shown and exported in it)
  storage: { table: 'utbetalingskategori', rowNumber: 'lopenr' },
  mappableFields: Object.keys(utbetalingskategoriLabels),
  classifyHeader: matchHeader,
  planSheet: (_sheetName, headers) => planSingleRecordSheet(headers, ['navn', 'art'], utbetalingskategoriLabels),
  inputFields: Object.keys(utbetalingskategoriLabels),
  rowSchema: rowSchema as unknown as z.ZodType<UtbetalingskategoriRecord, Record<string, string | null>>,
  codeFields: ['kode', 'art'],
  padGroup: (_r, field) => field,
  checkRecord: checkUtbetalingskategori,
  identity: (r) => (r.kode === null ? `navn:${r.navn.toLowerCase()}` : `kode:${r.kode}`),
  describe: (r) => `Utbetalingskategori ${r.kode ?? r.navn}`,
  checkAll: () => [],
  countKeys: ['utbetalingskategori'],
  countKey: () => 'utbetalingskategori',
  exampleRows: [{ kode: 'FRI', navn: 'Fritidsaktiviteter', art: '14720', tiltakstype: 'begge' }],
  templateSheets: [{ name: 'Utbetalingskategorier', fields: Object.keys(utbetalingskategoriLabels), includes: () => true }],
  exportHeaders: utbetalingskategoriLabels,
  janeiFields: fieldsOfKind(utbetalingskategoriFields, 'janei'),
  tiltakstypeFields: ['tiltakstype'],
  toExportCells: (r) => fieldCells(utbetalingskategoriFields, r),
};
