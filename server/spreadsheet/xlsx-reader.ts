import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { toSheetRow, type SheetRow, type SheetSource } from './cells.ts';

interface StreamWorksheet extends AsyncIterable<{ number: number; values: unknown[] }> {
  name: string;
  state?: string;
}

/**
 * Streams an .xlsx with ExcelJS's WorkbookReader: one SheetSource per worksheet, rows converted as they
 * arrive (no per-cell objects kept). Sees merged master cells and hyperlink text only, which is what we need.
 * Each sheet's rows must be consumed (or abandoned) before the next sheet is requested.
 */
export async function* readXlsxSheets(bytes: Uint8Array): AsyncGenerator<SheetSource> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  for await (const ws of reader as unknown as AsyncIterable<StreamWorksheet>) {
    const hidden = ws.state === 'hidden' || ws.state === 'veryHidden';
    async function* rows(): AsyncGenerator<SheetRow> {
      for await (const row of ws) yield toSheetRow(row.number, row.values);
    }
    yield { name: ws.name, hidden, rows: rows() };
  }
}
