import type ExcelJS from 'exceljs';
import { loadExcelJS } from './exceljs.ts';
import { columnLetter } from './issues.ts';
import { neutralizeFormula } from './formula.ts';
import type { RegisterDefinition } from './definition.ts';
import { loadReferenceRows } from '../reference/reference-csv.ts';

/** Skatteetaten's A-melding descriptions still valid (gyldig_til blank), for the template's drop-down. */
function ameldingBeskrivelser(): string[] {
  return loadReferenceRows('a_melding_loennsbeskrivelser.csv')
    .filter((r) => !r['gyldig_til'])
    .map((r) => r['beskrivelse'] ?? '')
    .filter((b) => b !== '');
}

const VALIDATION_ROWS = 1000;

/** The guide sheet and the hidden sheet of drop-down lists in a template; the import passes both by (parse.ts). */
export const GUIDE_SHEET = 'Slik fyller du ut';
export const LISTS_SHEET = 'Lister';
/** A template's example row: its name starts with this, and the import leaves such a row out (and says so). */
export const EXAMPLE_PREFIX = 'Eksempel: ';

export interface TemplateOptions {
  /** the tjeneste's current arter (kode and navn), offered as a drop-down in the art column */
  arter?: readonly { kode: string; navn: string }[];
}

const KIND_TEXT: Record<string, string> = {
  code: 'en kode (skriv den som tekst, så beholder Excel ledende nuller)',
  text: 'fritekst',
  janei: 'Ja eller Nei (velg i listen)',
  choice: 'velg i listen',
};

function guideRows<R>(def: RegisterDefinition<R>, withArter: boolean): string[][] {
  const rows: string[][] = [
    [`Slik fyller du ut malen for ${def.label}`],
    [],
    ['Én rad per kode under overskriftene. Ikke endre overskriftene; kolonnene kan stå i annen rekkefølge.'],
    [`Eksempelraden (navnet begynner med «${EXAMPLE_PREFIX.trim()}») blir ikke importert. Du kan la den stå eller slette den.`],
    ['Nedtrekkslistene viser gyldige verdier. Alt leses og kontrolleres når du laster opp filen, og du ser en forhåndsvisning før noe lagres.'],
  ];
  if (withArter) rows.push(['Art-kolonnen har artene i tjenestens gjeldende kontoplan som nedtrekksliste.']);
  rows.push([], ['Kolonne', 'Må fylles ut', 'Hva', 'Tom celle betyr']);
  const headers = new Set(def.templateSheets.flatMap((t) => t.fields));
  for (const f of def.fields) {
    if (!headers.has(f.name) || f.derived) continue;
    const kind = f.kind === 'choice' && f.options ? `velg i listen: ${f.options.map((o) => o.label).join(', ')}` : (KIND_TEXT[f.kind] ?? '');
    rows.push([def.exportHeaders[f.name] ?? f.label, f.required ? 'Ja' : 'Nei', kind, f.required ? '–' : (f.blank ?? 'ikke oppgitt')]);
  }
  return rows;
}

/**
 * A workbook in the register's canonical layout (from its definition): the canonical Norwegian headers, frozen,
 * Ja/Nei and tiltakstype drop-downs, code columns formatted as text so Excel keeps leading zeros.
 * Without records: the blank template with one example row. With records: those rows (texts neutralised
 * against formula injection), which parseRegisterFile reads back unchanged.
 */
export async function buildTemplate<R>(def: RegisterDefinition<R>, records?: readonly R[], opts: TemplateOptions = {}): Promise<Buffer> {
  // from the definition: a field it has is a column here without a change in this file
  const Excel = await loadExcelJS();
  const blank = records === undefined;
  // the blank template's example rows carry the prefix, so one left in is not imported (parse.ts)
  const rows = records ?? def.exampleRows.map((r) => ({ ...r, navn: `${EXAMPLE_PREFIX}${(r as { navn: string }).navn}` }) as R);
  const wb = new Excel.Workbook();
  wb.creator = 'kodeverk';
  const arter = blank && def.codeFields.includes('art') ? (opts.arter ?? []) : [];
  const amelding = blank && def.inputFields.includes('amelding_beskrivelse') ? ameldingBeskrivelser() : [];
  if (blank) {
    const guide = wb.addWorksheet(GUIDE_SHEET);
    guide.columns = [{ width: 28 }, { width: 14 }, { width: 60 }, { width: 36 }];
    for (const r of guideRows(def, arter.length > 0)) guide.addRow(r);
    guide.getRow(1).font = { bold: true, size: 14 };
    guide.eachRow((row) => {
      if (row.getCell(1).value === 'Kolonne') row.font = { bold: true };
    });
  }
  // long lists (arter, A-melding descriptions) live on a hidden sheet: a list typed into the validation is capped at 255 characters
  const listRanges: Record<string, string> = {};
  if (arter.length > 0 || amelding.length > 0) {
    const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
    lists.getRow(1).values = ['Art', 'A-melding beskrivelse'];
    arter.forEach((a, i) => {
      lists.getCell(i + 2, 1).value = a.kode;
    });
    amelding.forEach((b, i) => {
      lists.getCell(i + 2, 2).value = b;
    });
    if (arter.length > 0) listRanges['art'] = `${LISTS_SHEET}!$A$2:$A$${arter.length + 1}`;
    if (amelding.length > 0) listRanges['amelding_beskrivelse'] = `${LISTS_SHEET}!$B$2:$B$${amelding.length + 1}`;
  }
  for (const sheet of def.templateSheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.fields.map((field) => ({
      header: def.exportHeaders[field] ?? field,
      key: field,
      width: field === 'navn' ? 45 : field === 'amelding_beskrivelse' ? 40 : 16,
      style: def.codeFields.includes(field) || field === 'kostra' ? { numFmt: '@' } : {},
    }));
    ws.getRow(1).font = { bold: true };
    for (const record of rows) {
      if (!sheet.includes(record)) continue;
      const cells = def.toExportCells(record);
      const values: Record<string, string> = {};
      for (const field of sheet.fields) {
        const v = cells[field];
        if (v !== null && v !== undefined) values[field] = neutralizeFormula(v);
      }
      ws.addRow(values);
    }
    sheet.fields.forEach((field, i) => {
      const letter = columnLetter(i + 1);
      // a choice field of the definition (tiltakstype, fordel …) offers its options' words
      const options = def.fields.find((f) => f.name === field && f.kind === 'choice')?.options?.map((o) => o.label);
      const range = listRanges[field];
      if (range) {
        // the tjeneste's arter and Skatteetaten's descriptions: offered, but a value not in the list only warns (the import checks it)
        const v: ExcelJS.DataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [range],
          showErrorMessage: true,
          errorStyle: 'warning',
          errorTitle: 'Ikke i listen',
          error: 'Verdien står ikke i listen. Sjekk den før du laster opp filen.',
        };
        (ws as unknown as { dataValidations: { add: (range: string, v: ExcelJS.DataValidation) => void } }).dataValidations.add(`${letter}2:${letter}${Math.max(VALIDATION_ROWS, rows.length + 1)}`, v);
        return;
      }
      const list = def.janeiFields.includes(field) ? '"Ja,Nei"' : options ? `"${options.join(',')}"` : null;
      if (list === null) return;
      const validation: ExcelJS.DataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [list],
        showErrorMessage: true,
        errorTitle: 'Ugyldig verdi',
        error: def.janeiFields.includes(field) ? 'Velg Ja eller Nei.' : `Velg ${(options ?? []).join(', ').replace(/, ([^,]*)$/, ' eller $1')}.`,
      };
      const last = Math.max(VALIDATION_ROWS, rows.length + 1);
      (ws as unknown as { dataValidations: { add: (range: string, v: ExcelJS.DataValidation) => void } }).dataValidations.add(`${letter}2:${letter}${last}`, validation);
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
