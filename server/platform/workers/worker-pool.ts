import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';

/** The job ran longer than its bound; its thread was stopped (a stuck loop cannot hold it). */
export class JobTimeoutError extends Error {}
/** The worker thread died under the job (out of its memory limit, or a bug): the job failed, the process lives on. */
export class WorkerCrashError extends Error {}
/** The job's own code threw inside the worker. */
export class WorkerJobError extends Error {}

/** What a worker posts back: progress any number of times, then one `done` or `failed`. */
export type WorkerReply = { type: 'progress'; value: number } | { type: 'done'; value: unknown } | { type: 'failed'; message: string; stack?: string };

export interface PoolOptions {
  /** a V8 heap bound per thread: a runaway job hits it and fails alone instead of taking the server down */
  resourceLimits: ResourceLimits;
  /** an idle thread is stopped after this long: it would keep the heap its last job grew (hundreds of MB) */
  idleMs?: number;
}

/**
 * Starts a worker thread on `moduleUrl`. Under tsx or vitest the module is TypeScript, which a worker cannot load by
 * itself, so it is loaded through tsx's API; built JavaScript (a .js next to the built caller) loads directly, with
 * no transpiler at run time.
 */
export function startWorker(moduleUrl: URL, resourceLimits?: ResourceLimits): Worker {
  const options = resourceLimits === undefined ? {} : { resourceLimits };
  if (moduleUrl.pathname.endsWith('.ts')) {
    const script = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(moduleUrl.href)}, ${JSON.stringify(moduleUrl.href)}))`;
    return new Worker(script, { eval: true, ...options });
  }
  return new Worker(moduleUrl, options);
}

/**
 * Worker threads that each run one job at a time. The pool does not bound how many jobs run at once — the JobQueue
 * in front of it does — it only keeps idle threads for the next job and replaces a thread that died or timed out.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly idleTimers = new Map<Worker, NodeJS.Timeout>();
  private readonly busy = new Set<Worker>();
  private closed = false;

  constructor(
    private readonly moduleUrl: URL,
    private readonly options: PoolOptions,
  ) {}

  /**
   * `keep`: whether the thread may wait for the next job after this result (default yes); a thread whose job grew a
   * large heap is stopped instead, since V8 keeps the heap a thread once needed until the thread ends.
   */
  run<T>(message: unknown, job: { timeoutMs: number; transfer?: TransferListItem[]; onProgress?: (value: number) => void; keep?: (value: T) => boolean }): Promise<T> {
    if (this.closed) return Promise.reject(new WorkerCrashError('The worker pool is closed.'));
    const worker = this.idle.pop() ?? startWorker(this.moduleUrl, this.options.resourceLimits);
    clearTimeout(this.idleTimers.get(worker));
    this.idleTimers.delete(worker);
    this.busy.add(worker);
    // a running job keeps the process alive (a CLI or benchmark awaiting it); an idle thread does not
    worker.ref();
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (keep: boolean) => {
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        this.busy.delete(worker);
        if (keep && !this.closed) {
          worker.unref();
          this.idle.push(worker);
          if (this.options.idleMs !== undefined) {
            const timer = setTimeout(() => this.retire(worker), this.options.idleMs);
            timer.unref();
            this.idleTimers.set(worker, timer);
          }
        } else {
          void worker.terminate();
        }
      };
      const onMessage = (reply: WorkerReply) => {
        if (settled) return;
        if (reply.type === 'progress') return job.onProgress?.(reply.value);
        finish(reply.type !== 'done' || (job.keep?.(reply.value as T) ?? true));
        if (reply.type === 'done') resolve(reply.value as T);
        else reject(Object.assign(new WorkerJobError(reply.message), reply.stack ? { stack: reply.stack } : {}));
      };
      const onError = (err: Error) => {
        if (settled) return;
        finish(false);
        reject(new WorkerCrashError(err.message, { cause: err }));
      };
      const onExit = (code: number) => {
        if (settled) return;
        finish(false);
        reject(new WorkerCrashError(`The worker thread exited with code ${code}.`));
      };
      const timer = setTimeout(() => {
        if (settled) return;
        finish(false);
        reject(new JobTimeoutError(`The job took more than ${job.timeoutMs} ms.`));
      }, job.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(message, job.transfer ?? []);
    });
  }

  /** How many threads are alive (idle or busy). */
  get threads(): number {
    return this.idle.length + this.busy.size;
  }

  private retire(worker: Worker): void {
    this.idleTimers.delete(worker);
    const i = this.idle.indexOf(worker);
    if (i < 0) return;
    this.idle.splice(i, 1);
    void worker.terminate();
  }

  /** Stops every thread; a job still running fails. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.idleTimers.values()) clearTimeout(t);
    this.idleTimers.clear();
    const all = [...this.idle, ...this.busy];
    this.idle.length = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }
}
