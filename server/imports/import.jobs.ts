import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JobQueue } from '../platform/workers/job-queue.ts';
import { ownBuffer } from '../platform/workers/json-bytes.ts';
import { WorkerPool } from '../platform/workers/worker-pool.ts';
import type { ParseOptions, RegisterName } from '../spreadsheet/types.ts';
import type { ImportTask, ParseDone } from './import.worker.ts';

// Reading and marking uploaded files are the heavy jobs of the app (a 100,000-row kontoplan is seconds of CPU and
// hundreds of MB): they run in worker threads, never on the thread that serves pages, behind one bounded queue.

/** Two cores shared with the page thread and PostgreSQL: one worker there, at most two anywhere. */
export const WORKER_THREADS = Math.max(1, Math.min(2, os.availableParallelism() - 1));
/** Waiting jobs hold only ids (the bytes are read from pending_import when a job starts), so the bound is on time, not memory. */
export const MAX_QUEUED = 50;
/** A 250,000-row file (the most parse.ts reads) takes well under a minute; a stuck job is stopped after this. */
const PARSE_TIMEOUT_MS = 5 * 60 * 1000;
const MARK_TIMEOUT_MS = 3 * 60 * 1000;
/**
 * Per thread. The 250,000-row read (the most a file may have) peaks near 280 MB of RSS; a hostile file that needs far
 * more fails alone. A tighter heap also makes V8 collect sooner: the 100,000-row read peaks ~80 MB lower under it.
 */
const HEAP_MB = 256;
/**
 * Per thread. The young generation is where a read's short-lived row objects die; V8's default lets it grow to ~48 MB
 * per thread before it is scavenged. 16 MB keeps the 100,000-row web read ~25 MB lower for no measurable loss of speed
 * (npm run bench:import).
 */
const YOUNG_MB = 16;
/**
 * A thread whose result was this large (a read of tens of thousands of rows) is stopped at once instead of idling: it
 * holds the 100+ MB heap the read grew, while the page thread writes the result and builds the preview. A burst of
 * small files still reuses one thread. (A marked workbook is a quarter of its input's read result or less.)
 */
const LARGE_RESULT_BYTES = 8 * 1024 * 1024;
const resultBytes = (done: ParseDone): number => done.json.reduce((n, part) => n + part.byteLength, 0);
/** An idle thread goes after this: a burst of uploads reuses it, a quiet server gives its memory back. */
const IDLE_MS = 15_000;

// the worker module next to this one, with this module's own extension: .ts under tsx/vitest, .js when built
const ext = path.extname(fileURLToPath(import.meta.url));
const WORKER_URL = new URL(`./import.worker${ext}`, import.meta.url);

export interface ParseInput {
  bytes: Uint8Array;
  fileName: string;
  register: RegisterName;
  options: Omit<ParseOptions, 'onProgress'>;
}

export interface MarkInput {
  bytes: Uint8Array;
  fileName: string;
  /**
   * The issues to mark as UTF-8 JSON (an array of Issue), handed to the thread without a copy and parsed there: a
   * 250,000-row file can have 40,000 of them, ~10 MB of text and several times that as objects, which the page thread
   * then never builds.
   */
  issuesJson: Uint8Array;
}

export class ImportJobs {
  readonly queue: JobQueue;
  private readonly pool: WorkerPool;

  constructor(threads = WORKER_THREADS, maxQueued = MAX_QUEUED) {
    this.queue = new JobQueue(threads, maxQueued);
    this.pool = new WorkerPool(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: HEAP_MB, maxYoungGenerationSizeMb: YOUNG_MB }, idleMs: IDLE_MS });
  }

  /**
   * Reads a file in a worker. `load` runs when the job's turn comes (null: the pending import is gone, nothing to do).
   * Queued behind the owner's other jobs, so one user has at most one heavy job running.
   */
  parse(owner: string, key: string, load: () => Promise<ParseInput | null>, onProgress?: (rows: number) => void): Promise<ParseDone | null> {
    return this.queue.submit(owner, key, async () => {
      const input = await load();
      if (!input) return null;
      const task: ImportTask = { kind: 'parse', ...input };
      return this.pool.run<ParseDone>(task, { timeoutMs: PARSE_TIMEOUT_MS, keep: (done) => resultBytes(done) < LARGE_RESULT_BYTES, ...(onProgress ? { onProgress } : {}) });
    });
  }

  /** Builds a marked workbook in a worker; refused (OwnerBusyError) while the owner has another job running or waiting. */
  mark(owner: string, key: string, load: () => Promise<MarkInput>): Promise<Buffer> {
    return this.queue.submit(
      owner,
      key,
      async () => {
        const input = await load();
        const issuesJson = ownBuffer(input.issuesJson);
        const task: ImportTask = { kind: 'mark', ...input, issuesJson };
        const bytes = await this.pool.run<Uint8Array>(task, { transfer: [issuesJson.buffer as ArrayBuffer], timeoutMs: MARK_TIMEOUT_MS, keep: (out) => out.byteLength < LARGE_RESULT_BYTES / 4 });
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      },
      { refuseIfBusy: true },
    );
  }

  /** Threads alive now (the benchmark waits for the idle ones to go before it measures the next path). */
  get threads(): number {
    return this.pool.threads;
  }

  /** null: not queued here; 0: being read; n: n-th in line. */
  position(key: string): number | null {
    return this.queue.position(key);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

let shared: ImportJobs | undefined;

/** The process's one queue and pool, made at first use (a command that reads no file starts no thread). */
export function importJobs(): ImportJobs {
  return (shared ??= new ImportJobs());
}

/** For shutdown: stops the threads (a job still running fails and its import shows as interrupted). */
export async function closeImportJobs(): Promise<void> {
  const jobs = shared;
  shared = undefined;
  await jobs?.close();
}
