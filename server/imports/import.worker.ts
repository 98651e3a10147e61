/**
 * The worker thread of import.jobs.ts: reads (parses) an uploaded file or builds its marked workbook, off the thread
 * that serves pages. One job at a time; replies with progress messages, then `done` or `failed` (worker-pool.ts).
 */
import { parentPort } from 'node:worker_threads';
import { markErrors } from '../spreadsheet/mark-errors.ts';
import { parseRegisterFile } from '../spreadsheet/parse.ts';
import { jsonParts, ownBuffer, ownedBuffers } from '../platform/workers/json-bytes.ts';
import type { Issue, ParseOptions, RegisterName } from '../spreadsheet/types.ts';
import type { WorkerReply } from '../platform/workers/worker-pool.ts';
import { definitionFor, otherDefinitions } from '../registers/registry.ts';

export type ImportTask =
  | { kind: 'parse'; bytes: Uint8Array; fileName: string; register: RegisterName; options: Omit<ParseOptions, 'onProgress'> }
  | { kind: 'mark'; bytes: Uint8Array; fileName: string; issuesJson: Uint8Array };

/**
 * The read result as the UTF-8 JSON stored in pending_import, in parts (their concatenation is the text), made here and
 * handed over without a copy: the page thread neither walks the records nor holds the text twice (a 100,000-row
 * kontoplan's result is ~30 MB).
 */
export interface ParseDone {
  json: Uint8Array[];
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
    const result = await parseRegisterFile(
      task.bytes,
      task.fileName,
      definitionFor(task.register),
      { ...task.options, onProgress: (rows) => reply({ type: 'progress', value: rows }) },
      otherDefinitions(task.register),
    );
    const json = jsonParts(result as unknown as Record<string, unknown>);
    const done: ParseDone = { json, rowsRead: result.rowsRead };
    reply({ type: 'done', value: done }, ownedBuffers(json));
    return;
  }
  const issues = JSON.parse(Buffer.from(task.issuesJson.buffer, task.issuesJson.byteOffset, task.issuesJson.byteLength).toString('utf8')) as Issue[];
  const own = ownBuffer(await markErrors(task.bytes, task.fileName, issues));
  reply({ type: 'done', value: own }, [own.buffer as ArrayBuffer]);
}
