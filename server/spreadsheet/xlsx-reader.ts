import { Readable } from 'node:stream';
import { loadExcelJS } from './exceljs.ts';
import { ReaderFailure, toSheetRow, type SheetRow, type SheetSource } from './cells.ts';
import { reorderXlsxForStreaming } from './zip-reorder.ts';

interface StreamWorksheet {
  name: string;
  state?: string;
  parse: () => AsyncIterable<{ eventType: string; value: { number: number; values: unknown[] } }[]>;
}

/**
 * Streams an .xlsx with ExcelJS's WorkbookReader: one SheetSource per worksheet, rows converted as they
 * arrive (no per-cell objects kept). Sees merged master cells and hyperlink text only, which is what we need.
 * Each sheet's rows must be consumed (or abandoned) before the next sheet is requested.
 */
export async function* readXlsxSheets(bytes: Uint8Array): AsyncGenerator<SheetSource> {
  try {
    yield* readSheets(bytes);
  } catch (e) {
    if (e instanceof ReaderFailure) throw e;
    throw new ReaderFailure(e instanceof Error ? e.message : String(e));
  }
}

async function* readSheets(bytes: Uint8Array): AsyncGenerator<SheetSource> {
  const Excel = await loadExcelJS();
  const reader = new Excel.stream.xlsx.WorkbookReader(Readable.from([reorderXlsxForStreaming(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  // A workbook without shared strings (inline strings, as our own streamed «feilmarkering» writes) would make
  // ExcelJS park every worksheet in a temp file and then emit only one of them: the other sheets were lost without
  // a word. An empty table up front lets it read each sheet in place; a real sharedStrings.xml, which zip-reorder
  // puts before the worksheets, replaces it.
  (reader as unknown as { sharedStrings?: unknown[] }).sharedStrings ??= [];
  for await (const ws of reader as unknown as AsyncIterable<StreamWorksheet>) {
    const hidden = ws.state === 'hidden' || ws.state === 'veryHidden';
    async function* batches(): AsyncGenerator<SheetRow[]> {
      try {
        for await (const events of ws.parse()) {
          const batch: SheetRow[] = [];
          for (const event of events) if (event.eventType === 'row') batch.push(toSheetRow(event.value.number, event.value.values));
          if (batch.length > 0) yield batch;
        }
      } catch (e) {
        throw new ReaderFailure(e instanceof Error ? e.message : String(e));
      }
    }
    // workbook.xml is read before any worksheet (see zip-reorder.ts), so every sheet name is known here.
    const workbookSheetNames = ((reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets ?? []).map((s) => s.name);
    yield { name: ws.name, hidden, workbookSheetNames, batches: batches() };
  }
}
