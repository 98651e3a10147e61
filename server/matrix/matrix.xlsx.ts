import { TILTAKSTYPE_WITH_FUNKSJON } from '../spreadsheet/labels.ts';
import { loadExcelJS } from '../spreadsheet/exceljs.ts';
import { neutralizeFormula } from '../spreadsheet/formula.ts';
import { filterLines, type LineFilter, type MatrixLine } from '../kodeverk/matrix.rules.ts';
import { matrixLinesOf, type LoadedMatrixInput } from '../kodeverk/kodeverk.matrix.ts';

const COLUMNS = [
  { header: 'Kommunenummer', key: 'kommunenummer', width: 14 },
  { header: 'Kommune', key: 'kommune', width: 18 },
  { header: 'Tiltakstype', key: 'tiltakstype', width: 22 },
  { header: 'Type', key: 'type', width: 20 },
  { header: 'Kode', key: 'kode', width: 10 },
  { header: 'Navn', key: 'navn', width: 32 },
  { header: 'Art', key: 'art', width: 10 },
  { header: 'Ansvar', key: 'ansvar', width: 10 },
  { header: 'Funksjon', key: 'funksjon', width: 10 },
  { header: 'Kontostreng', key: 'kontostreng', width: 20 },
  { header: 'Status', key: 'status', width: 10 },
  { header: 'Feil og advarsler', key: 'problemer', width: 80 },
];

/** The konteringsmatrise as a workbook; every cell is text (codes keep their leading zeros). */
export async function matrixWorkbook(lines: readonly MatrixLine[], title: string): Promise<Buffer> {
  const Excel = await loadExcelJS();
  const wb = new Excel.Workbook();
  wb.creator = 'Kodeverk';
  const ws = wb.addWorksheet('Konteringsmatrise', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS;
  ws.getRow(1).font = { bold: true };
  for (const l of lines) {
    const row = {
      kommunenummer: l.kommunenummer,
      kommune: l.kommuneNavn,
      tiltakstype: TILTAKSTYPE_WITH_FUNKSJON[l.tiltakstype],
      type: l.itemType === 'lonnsart' ? 'Lønnsart' : l.itemType === 'aga' ? 'Arbeidsgiveravgift' : 'Utbetalingskategori',
      kode: l.itemKode,
      navn: l.itemNavn,
      art: l.art ?? '',
      ansvar: l.ansvar ?? '',
      funksjon: l.funksjon ?? '',
      kontostreng: l.kontostreng ?? '',
      status: l.problems.length > 0 ? 'Feil' : 'OK',
      problemer: [...l.problems.map((p) => `Feil: ${p.message}`), ...l.warnings.map((p) => `Advarsel: ${p.message}`), ...l.notes.map((p) => `Merknad: ${p.message}`)].join('\n'),
    };
    ws.addRow(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, neutralizeFormula(v)])));
  }
  ws.autoFilter = { from: 'A1', to: { row: 1, column: COLUMNS.length } };
  wb.title = title;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The download of the Kontering page: the same filtered lines as a workbook. */
export async function matrixXlsxOf(input: LoadedMatrixInput, filter: LineFilter) {
  return matrixWorkbook(filterLines(matrixLinesOf(input), filter), `Konteringsmatrise ${input.slug}`);
}
