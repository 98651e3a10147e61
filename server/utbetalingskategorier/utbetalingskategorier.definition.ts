import { z } from 'zod';
import type { UtbetalingskategoriRecord } from '../spreadsheet/types.ts';
import { headerMatcher } from '../spreadsheet/headers.ts';
import { optionalText, requiredText, TILTAKSTYPE_HEADER_ALIASES, TILTAKSTYPE_HEADER_STEMS, TILTAKSTYPE_TEXT, tiltakstypeCell } from '../registers/cell-rules.ts';
import { planSingleRecordSheet, type RegisterDefinition } from '../registers/definition.ts';
import { checkUtbetalingskategori, tiltakstypeText } from './utbetalingskategorier.rules.ts';

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

export const utbetalingskategoriLabels: Readonly<Record<string, string>> = { kode: 'Kode', navn: 'Navn', art: 'Art', tiltakstype: 'Tiltakstype' };

const rowSchema = z.object({
  kode: optionalText,
  navn: requiredText('navn_mangler', 'Utbetalingskategorien mangler navn. Fyll inn navnet.'),
  art: requiredText('art_mangler', 'Utbetalingskategorien mangler art (kontoen den posteres på). Fyll inn arten fra kontoplanen.'),
  tiltakstype: tiltakstypeCell,
});

export const utbetalingskategorierDefinition: RegisterDefinition<UtbetalingskategoriRecord> = {
  register: 'utbetalingskategorier',
  label: 'utbetalingskategorier',
  fields: [
    { name: 'kode', label: 'Kode', kind: 'code', required: false, blank: 'ingen kode' },
    { name: 'navn', label: 'Navn', kind: 'text', required: true },
    { name: 'art', label: 'Art', kind: 'code', required: true },
    { name: 'tiltakstype', label: 'Tiltakstype', kind: 'choice', required: false, options: Object.entries(TILTAKSTYPE_TEXT).map(([value, label]) => ({ value, label })), blank: 'Begge' },
  ],
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
  janeiFields: [],
  tiltakstypeFields: ['tiltakstype'],
  toExportCells: (r) => ({ kode: r.kode, navn: r.navn, art: r.art, tiltakstype: tiltakstypeText[r.tiltakstype] }),
};
