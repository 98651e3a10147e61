import { z } from 'zod';
import type { UtbetalingskategoriRecord } from '../spreadsheet/types.ts';
import { aliasTable } from '../spreadsheet/headers.ts';
import { optionalText, requiredText, tiltakstypeCell } from '../registers/cell-rules.ts';
import { planSingleRecordSheet, type RegisterDefinition } from '../registers/definition.ts';
import { checkUtbetalingskategori, tiltakstypeText } from './utbetalingskategorier.rules.ts';

const aliases = aliasTable({
  kode: ['Kode', 'Kategorikode', 'Kategorinr', 'Nr', 'Nummer', 'Id'],
  navn: ['Navn', 'Beskrivelse', 'Tekst', 'Kategori', 'Utbetalingskategori', 'Kategorinavn'],
  art: ['Art', 'Artskonto', 'Konto', 'Kontonr', 'Kontonummer'],
  tiltakstype: ['Tiltakstype', 'I/utenfor hjemmet', 'Plassering', 'Tiltak', 'Hjemme/plassert'],
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
  mappableFields: Object.keys(utbetalingskategoriLabels),
  classifyHeader: (key, isText) => (isText ? null : (aliases.get(key) ?? null)),
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
