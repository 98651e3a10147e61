import ExcelJS from 'exceljs';
import type { Issue } from './types.ts';
import { csvRows, csvSheetName } from './csv.ts';
import { guardZip, sniffFile } from './sniff.ts';

const RED = 'FFFFC7CE';
const YELLOW = 'FFFFEB9C';

function uniqueSheetName(wb: ExcelJS.Workbook, wanted: string): string {
  let name = wanted;
  for (let i = 2; wb.getWorksheet(name) !== undefined; i++) name = `${wanted} (${i})`;
  return name;
}

async function loadUserWorkbook(bytes: Uint8Array, fileName: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const sniff = sniffFile(bytes, fileName);
  if (sniff.kind === 'csv') {
    const ws = wb.addWorksheet(csvSheetName(fileName));
    for (const row of csvRows(bytes)) {
      const r = ws.getRow(row.number);
      row.cells.forEach((text, i) => {
        if (text !== null && text !== undefined) r.getCell(i + 1).value = text;
      });
    }
    return wb;
  }
  if (sniff.kind === 'xlsx' && (await guardZip(bytes)) === null) {
    try {
      await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
      return wb;
    } catch {
      return new ExcelJS.Workbook();
    }
  }
  return wb;
}

/**
 * «Last ned med feilmarkering»: the user's own workbook (a CSV becomes a workbook) as .xlsx, each cell with an
 * issue filled red (error) or yellow (warning) with a note saying what is wrong, plus a sheet «Feil» listing all issues.
 * A file we cannot read gives a workbook with only the «Feil» sheet.
 */
export async function markErrors(bytes: Buffer | Uint8Array, fileName: string, issues: readonly Issue[]): Promise<Buffer> {
  const wb = await loadUserWorkbook(bytes, fileName);
  const byCell = new Map<string, Issue[]>();
  for (const issue of issues) {
    if (issue.sheet === null || issue.row === null) continue;
    const key = `${issue.sheet}\u0000${issue.column ?? 'A'}${issue.row}`;
    const list = byCell.get(key);
    if (list) list.push(issue);
    else byCell.set(key, [issue]);
  }
  for (const [key, list] of byCell) {
    const [sheetName, address] = key.split('\u0000') as [string, string];
    const ws = wb.getWorksheet(sheetName);
    if (!ws) continue;
    const cell = ws.getCell(address);
    const isError = list.some((i) => i.severity === 'error');
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: isError ? RED : YELLOW } };
    cell.note = list.map((i) => `${i.severity === 'error' ? 'Feil' : 'Advarsel'}: ${i.message}`).join('\n');
  }
  const ws = wb.addWorksheet(uniqueSheetName(wb, 'Feil'));
  ws.columns = [
    { header: 'Type', key: 'type', width: 10 },
    { header: 'Kode', key: 'code', width: 26 },
    { header: 'Melding', key: 'message', width: 90 },
    { header: 'Ark', key: 'sheet', width: 18 },
    { header: 'Rad', key: 'row', width: 6 },
    { header: 'Kolonne', key: 'column', width: 8 },
    { header: 'Celle', key: 'cell', width: 8 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const i of issues) {
    ws.addRow({ type: i.severity === 'error' ? 'Feil' : 'Advarsel', code: i.code, message: i.message, sheet: i.sheet ?? '', row: i.row ?? '', column: i.column ?? '', cell: i.cell ?? '' });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
