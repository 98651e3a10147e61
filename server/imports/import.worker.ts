/**
 * The worker thread of import.jobs.ts: reads (parses) an uploaded file or builds its marked workbook, off the thread
 * that serves pages. One job at a time; replies with progress messages, then `done` or `failed` (worker-pool.ts).
 */
import { parentPort } from 'node:worker_threads';
import { markErrors } from '../spreadsheet/mark-errors.ts';
import { parseRegisterFile } from '../spreadsheet/parse.ts';
import type { Issue, ParseOptions, RegisterName } from '../spreadsheet/types.ts';
import type { WorkerReply } from '../platform/workers/worker-pool.ts';

export type ImportTask =
  | { kind: 'parse'; bytes: Uint8Array; fileName: string; register: RegisterName; options: Omit<ParseOptions, 'onProgress'> }
  | { kind: 'mark'; bytes: Uint8Array; fileName: string; issues: Issue[] };

/** The read result as the JSON stored in pending_import (made here, so the page thread neither walks nor copies the records). */
export interface ParseDone {
  json: string;
  rowsRead: number;
}

const port = parentPort;
if (!port) throw new Error('import.worker.ts runs only as a worker thread');

const reply = (r: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(r, transfer);

port.on('message', (task: ImportTask) => {
  run(task).catch((err: unknown) => reply({ type: 'failed', message: err instanceof Error ? err.message : String(err), ...(err instanceof Error && err.stack ? { stack: err.stack } : {}) }));
});

async function run(task: ImportTask): Promise<void> {
  if (task.kind === 'parse') {
    const result = await parseRegisterFile(task.bytes, task.fileName, task.register, { ...task.options, onProgress: (rows) => reply({ type: 'progress', value: rows }) });
    const done: ParseDone = { json: JSON.stringify(result), rowsRead: result.rowsRead };
    reply({ type: 'done', value: done });
    return;
  }
  const out = await markErrors(task.bytes, task.fileName, task.issues);
  // hand the bytes over without a copy, unless they share an ArrayBuffer with other buffers (Node's small-buffer pool)
  const own: Uint8Array = out.byteOffset === 0 && out.byteLength === out.buffer.byteLength ? out : new Uint8Array(out);
  reply({ type: 'done', value: own }, [own.buffer as ArrayBuffer]);
}
