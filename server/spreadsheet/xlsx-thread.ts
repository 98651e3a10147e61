import type { Worker } from 'node:worker_threads';
import { siblingModule } from '../platform/paths.ts';
import { startWorker } from '../platform/workers/worker-pool.ts';
import { ReaderFailure, type SheetRow, type SheetSource } from './cells.ts';
import type { XlsxThreadMessage } from './xlsx-thread.worker.ts';

/**
 * A thread that reads one .xlsx with ExcelJS (xlsx-thread.worker.ts). Started before the caller has loaded the rest
 * of the engine, it loads ExcelJS meanwhile (kodeverk validate: the two starts overlap on two cores).
 */
export class XlsxReadingThread {
  readonly inbox: Inbox;
  private used = false;

  constructor() {
    this.inbox = new Inbox(startWorker(siblingModule(import.meta.url, './xlsx-thread.worker')));
  }

  /** The thread's one read; a second read would need a thread of its own. */
  take(): Inbox {
    if (this.used) throw new Error('xlsx-thread: a reading thread reads one workbook');
    this.used = true;
    return this.inbox;
  }

  /** Ends the thread (also one that never got a workbook); safe to call again. */
  async stop(): Promise<void> {
    await this.inbox.worker.terminate();
  }
}

/**
 * readXlsxSheets (xlsx-reader.ts) with ExcelJS in a thread of its own, for the CLI's large files: the XML is parsed
 * on one core while the rows are checked on the other, and ExcelJS's short-lived objects are collected in a heap that
 * holds none of the records, which makes each of its young-generation collections cheap (a 100,000-row kontoplan:
 * npm run bench:cli). The same rows in the same order, the same ReaderFailure for a file that cannot be read.
 * The thread is stopped when the read ends, however it ends.
 */
export async function* readXlsxSheetsInThread(bytes: Uint8Array, thread: XlsxReadingThread = new XlsxReadingThread()): AsyncGenerator<SheetSource> {
  try {
    const inbox = thread.take();
    // a copy the thread owns: the caller's bytes stay the caller's
    const own = new Uint8Array(bytes);
    inbox.worker.postMessage(own, [own.buffer]);
    for (;;) {
      const m = await inbox.next();
      if (m.type === 'done') return;
      if (m.type !== 'sheet') throw new Error(`xlsx-thread: ${m.type} before a sheet`);
      const sheet = new SheetRows(inbox);
      yield { name: m.name, hidden: m.hidden, ...(m.workbookSheetNames === null ? {} : { workbookSheetNames: m.workbookSheetNames }), batches: sheet.batches() };
      // as with readXlsxSheets, a sheet's rows are consumed before the next sheet is asked for
      if (!sheet.ended) throw new Error('xlsx-thread: the next sheet was asked for before the rows of this one were read');
    }
  } finally {
    await thread.stop();
  }
}

class SheetRows {
  ended = false;
  constructor(private readonly inbox: Inbox) {}

  async *batches(): AsyncGenerator<SheetRow[]> {
    for (;;) {
      const m = await this.inbox.next();
      if (m.type === 'rows') yield JSON.parse(m.json) as SheetRow[];
      else if (m.type === 'sheet-end') {
        this.ended = true;
        return;
      } else throw new Error(`xlsx-thread: ${m.type} inside a sheet`);
    }
  }
}

/** The thread's messages in order; a failure in the thread becomes the error the inline reader would throw. */
export class Inbox {
  private readonly queue: XlsxThreadMessage[] = [];
  private head = 0;
  private wake: (() => void) | null = null;
  private failure: Error | null = null;
  private done = false;

  constructor(readonly worker: Worker) {
    worker.on('message', (m: XlsxThreadMessage) => {
      if (m.type === 'failed') this.fail(m.unreadable ? new ReaderFailure(m.message) : new Error(m.message));
      else this.queue.push(m);
      if (m.type === 'done') this.done = true;
      this.wake?.();
    });
    // the thread died (out of memory, say): the file could not be read
    worker.on('error', (e: Error) => this.fail(new ReaderFailure(e.message)));
    worker.on('exit', (code) => {
      if (!this.done) this.fail(new ReaderFailure(`the reading thread exited with code ${code}`));
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.wake?.();
  }

  async next(): Promise<XlsxThreadMessage> {
    while (this.head === this.queue.length) {
      // rows that arrived before a failure are still read in order; the failure comes after them
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
    const m = this.queue[this.head] as XlsxThreadMessage;
    this.queue[this.head++] = undefined as unknown as XlsxThreadMessage;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    return m;
  }
}
