/**
 * The reading thread of xlsx-thread.ts: ExcelJS reads the workbook here and the rows go to the caller's thread as they
 * are converted. One workbook per thread; the caller ends the thread when it has what it needs.
 */
import { parentPort } from 'node:worker_threads';
import { ReaderFailure } from './cells.ts';
import { loadExcelJS } from './exceljs.ts';
import { readXlsxSheets } from './xlsx-reader.ts';

/** What the thread posts, in order: for each sheet its start, its row batches and its end; then done or failed. */
export type XlsxThreadMessage =
  | { type: 'sheet'; name: string; hidden: boolean; workbookSheetNames: readonly string[] | null }
  | { type: 'rows'; json: string }
  | { type: 'sheet-end' }
  | { type: 'done' }
  | { type: 'failed'; unreadable: boolean; message: string };

const ROWS_PER_MESSAGE = 2048;

const port = parentPort;
if (!port) throw new Error('xlsx-thread.worker.ts runs only as a worker thread');
const post = (m: XlsxThreadMessage): void => port.postMessage(m);

// ExcelJS is loaded while the caller's thread loads the rest and checks the file (sniff, zip guard)
void loadExcelJS();

port.once('message', (bytes: Uint8Array) => {
  read(bytes).catch((e: unknown) => post({ type: 'failed', unreadable: e instanceof ReaderFailure, message: e instanceof Error ? e.message : String(e) }));
});

async function read(bytes: Uint8Array): Promise<void> {
  for await (const sheet of readXlsxSheets(bytes)) {
    post({ type: 'sheet', name: sheet.name, hidden: sheet.hidden, workbookSheetNames: sheet.workbookSheetNames ?? null });
    // Rows go as JSON text in messages of ROWS_PER_MESSAGE: posting ExcelJS's ~1,000 small chunks of row objects
    // as they came cost the thread more than a third of the read (CPU profile of kodeverk validate, 100,000 rows).
    // Each chunk is turned into text at once, so its row objects die young and only the text waits for the message.
    let parts: string[] = [];
    let pending = 0;
    const flush = () => {
      post({ type: 'rows', json: `[${parts.join(',')}]` });
      parts = [];
      pending = 0;
    };
    for await (const rows of sheet.batches) {
      if (rows.length === 0) continue;
      parts.push(JSON.stringify(rows).slice(1, -1));
      pending += rows.length;
      if (pending >= ROWS_PER_MESSAGE) flush();
    }
    if (pending > 0) flush();
    post({ type: 'sheet-end' });
  }
  post({ type: 'done' });
}
