import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcelJS } from './exceljs.ts';
import type { Issue } from './types.ts';
import { ReaderFailure, type SheetRow, type SheetSource } from './cells.ts';
import { csvRows, csvSheetName } from './csv.ts';
import { neutralizeFormula } from './formula.ts';
import { MAX_ROWS } from './parse.ts';
import { guardZip, sniffFile } from './sniff.ts';
import { readXlsxSheets } from './xlsx-reader.ts';

const RED = 'FFFFC7CE';
const YELLOW = 'FFFFEB9C';
const FILL_ERROR: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: RED } };
const FILL_WARNING: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: YELLOW } };
/** Excel's own limit for a cell's text; a longer one makes the file unopenable. */
const MAX_CELL_TEXT = 32_767;

class TooManyRows extends Error {}

/** Issues of one sheet by row number, then by column letter. */
type SheetIssues = Map<number, Map<string, Issue[]>>;

function issuesBySheet(issues: readonly Issue[]): Map<string, SheetIssues> {
  const bySheet = new Map<string, SheetIssues>();
  for (const issue of issues) {
    if (issue.sheet === null || issue.row === null) continue;
    let rows = bySheet.get(issue.sheet);
    if (!rows) bySheet.set(issue.sheet, (rows = new Map()));
    let cols = rows.get(issue.row);
    if (!cols) rows.set(issue.row, (cols = new Map()));
    const column = issue.column ?? 'A';
    const list = cols.get(column);
    if (list) list.push(issue);
    else cols.set(column, [issue]);
  }
  return bySheet;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Only text, never a formula: whatever the user's cell held is written as its value, neutralised (formula.ts). */
function safeText(text: string): string {
  const t = neutralizeFormula(text);
  return t.length > MAX_CELL_TEXT ? t.slice(0, MAX_CELL_TEXT) : t;
}

function uniqueName(used: Set<string>, wanted: string): string {
  let name = wanted;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${wanted.slice(0, 26)} (${i})`;
  used.add(name.toLowerCase());
  return name;
}

/** The user's sheets as SheetRows, streamed for .xlsx; none for a file we cannot or will not read. */
async function* userSheets(bytes: Uint8Array, fileName: string, tooMany: boolean): AsyncGenerator<SheetSource> {
  if (tooMany) return;
  const sniff = sniffFile(bytes, fileName);
  if (sniff.kind === 'csv') {
    // a CSV is parsed whole (csv.ts): refuse one with more lines than a file that can be read at all (either line end)
    let lines = 0;
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) lines++;
    if (lines > MAX_ROWS + 1) throw new TooManyRows();
    yield { name: csvSheetName(fileName), hidden: false, batches: [csvRows(bytes)] };
    return;
  }
  if (sniff.kind === 'xlsx' && (await guardZip(bytes)) === null) yield* readXlsxSheets(bytes);
}

function writeRow(ws: ExcelJS.Worksheet, rowNumber: number, row: SheetRow | null, marks: Map<string, Issue[]> | undefined, numbers: boolean): void {
  const out = ws.getRow(rowNumber);
  if (row) {
    for (let i = 0; i < row.cells.length; i++) {
      const text = row.cells[i];
      if (text === null || text === undefined) continue;
      // a number cell of an .xlsx stays a number; everything else (all of a CSV) is text, as the user wrote it
      out.getCell(i + 1).value = numbers && row.numeric?.[i] && text.length < 16 ? Number(text) : safeText(text);
    }
  }
  if (marks) {
    for (const [column, list] of marks) {
      const cell = out.getCell(columnNumber(column));
      // the streaming writer drops a row with no value at all, and with it the mark of an empty cell
      if (cell.value === null || cell.value === undefined) cell.value = '';
      cell.fill = list.some((i) => i.severity === 'error') ? FILL_ERROR : FILL_WARNING;
      cell.note = safeText(list.map((i) => `${i.severity === 'error' ? 'Feil' : 'Advarsel'}: ${i.message}`).join('\n'));
    }
  }
  out.commit();
}

const NOT_COPIED = 'Filen har for mange rader, eller kunne ikke leses, til at vi kan markere feilene i den. Her er listen over feil; rett dem i din egen fil og last den opp på nytt.';

async function writeWorkbook(bytes: Uint8Array, fileName: string, issues: readonly Issue[], copySheets: boolean): Promise<Buffer> {
  const Excel = await loadExcelJS();
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  // The streaming writer keeps no rows once committed: memory stays flat whatever the row count (STYLE: bounded reads).
  const wb = new Excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'Kodeverk';
  const used = new Set<string>();
  const bySheet = issuesBySheet(issues);
  const tooMany = !copySheets || issues.some((i) => i.code === 'for_mange_rader');
  let rowsCopied = 0;
  for await (const source of userSheets(bytes, fileName, tooMany)) {
    const ws = wb.addWorksheet(uniqueName(used, source.name), source.hidden ? { state: 'hidden' } : {});
    const marks = bySheet.get(source.name) ?? new Map<number, Map<string, Issue[]>>();
    const markedRows = [...marks.keys()].sort((a, b) => a - b);
    const numbers = source.workbookSheetNames !== undefined;
    let next = 0;
    let last = 0;
    for await (const batch of source.batches) {
      for (const row of batch) {
        if (++rowsCopied > MAX_ROWS + 1) throw new TooManyRows();
        if (row.number <= last) continue; // rows come in order; a repeated number would break the streamed sheet
        // an issue on a row the reader did not return (an empty row) is still shown, in order
        while (next < markedRows.length && (markedRows[next] as number) < row.number) {
          const r = markedRows[next++] as number;
          if (r > last) writeRow(ws, r, null, marks.get(r), false);
        }
        if (markedRows[next] === row.number) next++;
        writeRow(ws, row.number, row, marks.get(row.number), numbers);
        last = row.number;
      }
    }
    for (; next < markedRows.length; next++) {
      const r = markedRows[next] as number;
      if (r > last) writeRow(ws, r, null, marks.get(r), false);
    }
    ws.commit();
  }
  const list = wb.addWorksheet(uniqueName(used, 'Feil'), { views: [{ state: 'frozen', ySplit: 1 }] });
  list.columns = [
    { header: 'Type', key: 'type', width: 10 },
    { header: 'Kode', key: 'code', width: 26 },
    { header: 'Melding', key: 'message', width: 90 },
    { header: 'Ark', key: 'sheet', width: 18 },
    { header: 'Rad', key: 'row', width: 6 },
    { header: 'Kolonne', key: 'column', width: 8 },
    { header: 'Celle', key: 'cell', width: 8 },
  ];
  list.getRow(1).font = { bold: true };
  list.getRow(1).commit();
  if (!copySheets) list.addRow({ type: 'Info', code: 'ikke_markert', message: NOT_COPIED }).commit();
  for (const i of issues) {
    list
      .addRow({
        type: i.severity === 'error' ? 'Feil' : 'Advarsel',
        code: i.code,
        message: safeText(i.message),
        sheet: i.sheet === null ? '' : safeText(i.sheet),
        row: i.row ?? '',
        column: i.column ?? '',
        cell: i.cell ?? (i.column !== null && i.row !== null ? `${i.column}${i.row}` : ''),
      })
      .commit();
  }
  list.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

/**
 * «Last ned med feilmarkering»: the user's own sheets (a CSV becomes a sheet) as .xlsx, each cell with an issue filled
 * red (error) or yellow (warning) with a note saying what is wrong, plus a sheet «Feil» listing all issues.
 * Streamed in and out, so memory does not grow with the row count; the user's cells are copied as values only (no
 * formulas, hyperlinks or styles of theirs), so the file we hand out runs nothing of the uploader's.
 * A file we cannot read, or one with more rows than a file may have, gives a workbook with only the «Feil» sheet.
 */
export async function markErrors(bytes: Buffer | Uint8Array, fileName: string, issues: readonly Issue[]): Promise<Buffer> {
  try {
    return await writeWorkbook(bytes, fileName, issues, true);
  } catch (e) {
    if (e instanceof ReaderFailure || e instanceof TooManyRows) return writeWorkbook(bytes, fileName, issues, false);
    throw e;
  }
}
