import { describe, expect, it } from 'vitest';
import { JobQueue, OwnerBusyError, QueueFullError } from '../../server/platform/workers/job-queue.ts';
import { JobTimeoutError, WorkerCrashError, WorkerJobError, WorkerPool } from '../../server/platform/workers/worker-pool.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('job queue', () => {
  it('when one owner queues several jobs, then they run one at a time while other owners go ahead of them', async () => {
    const q = new JobQueue(2, 10);
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const job = (name: string) => () => {
      started.push(name);
      const d = deferred();
      gates.set(name, d);
      return d.promise;
    };
    const all = [q.submit('a', 'a1', job('a1')), q.submit('a', 'a2', job('a2')), q.submit('a', 'a3', job('a3')), q.submit('b', 'b1', job('b1'))];
    expect(started).toEqual(['a1', 'b1']);
    expect(q.position('a1')).toBe(0);
    expect(q.position('a2')).toBe(1);
    expect(q.position('a3')).toBe(2);
    expect(q.position('nope')).toBeNull();
    gates.get('b1')!.resolve();
    await all[3];
    // b's slot is free, but a's next job waits for a's first
    expect(started).toEqual(['a1', 'b1']);
    gates.get('a1')!.resolve();
    await all[0];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a1', 'b1', 'a2']);
    gates.get('a2')!.resolve();
    await all[1];
    await new Promise((r) => setImmediate(r));
    gates.get('a3')!.resolve();
    await all[2];
    await new Promise((r) => setImmediate(r));
    expect(q.size).toEqual({ running: 0, waiting: 0 });
  });

  it('when the queue is full, then a new job is refused; when the owner is busy and the job may not wait, it is refused', async () => {
    const q = new JobQueue(1, 2);
    const d = deferred();
    const running = q.submit('a', 'a1', () => d.promise);
    const waiting = [q.submit('b', 'b1', async () => 1), q.submit('c', 'c1', async () => 2)];
    await expect(q.submit('d', 'd1', async () => 3)).rejects.toBeInstanceOf(QueueFullError);
    await expect(q.submit('b', 'b2', async () => 3, { refuseIfBusy: true })).rejects.toBeInstanceOf(OwnerBusyError);
    d.resolve();
    await running;
    expect(await Promise.all(waiting)).toEqual([1, 2]);
  });

  it("when an owner's job has finished, then the owner may at once start a job that refuses to wait", async () => {
    const q = new JobQueue(1, 5);
    expect(await q.submit('a', 'x', async () => 1)).toBe(1);
    expect(await q.submit('a', 'y', async () => 2, { refuseIfBusy: true })).toBe(2);
  });

  it('when a job throws, then its caller gets the error and the next job runs', async () => {
    const q = new JobQueue(1, 5);
    const failing = q.submit('a', 'x', () => Promise.reject(new Error('nei')));
    const next = q.submit('a', 'y', async () => 'ja');
    await expect(failing).rejects.toThrow('nei');
    expect(await next).toBe('ja');
  });
});

describe('worker pool', () => {
  const url = new URL('../support/test.worker.ts', import.meta.url);

  it('when a job spins forever, then it is stopped at its bound and the next job gets a fresh thread', async () => {
    const pool = new WorkerPool(url, { resourceLimits: { maxOldGenerationSizeMb: 64 } });
    try {
      const progress: number[] = [];
      expect(await pool.run({ kind: 'echo', value: 7 }, { timeoutMs: 60_000, onProgress: (v) => progress.push(v) })).toBe(7);
      expect(progress).toEqual([1]);
      await expect(pool.run({ kind: 'spin' }, { timeoutMs: 300 })).rejects.toBeInstanceOf(JobTimeoutError);
      expect(await pool.run({ kind: 'echo', value: 8 }, { timeoutMs: 60_000 })).toBe(8);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('when a job runs out of its thread’s memory, then only the job fails, not the process', async () => {
    const pool = new WorkerPool(url, { resourceLimits: { maxOldGenerationSizeMb: 32 } });
    try {
      await expect(pool.run({ kind: 'eat' }, { timeoutMs: 60_000 })).rejects.toBeInstanceOf(WorkerCrashError);
      await expect(pool.run({ kind: 'throw' }, { timeoutMs: 60_000 })).rejects.toBeInstanceOf(WorkerJobError);
      expect(await pool.run({ kind: 'echo', value: 9 }, { timeoutMs: 60_000 })).toBe(9);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('when a result says the thread grew large (keep answers no), then the thread is stopped at once; otherwise it waits for the next job', async () => {
    const pool = new WorkerPool(url, { resourceLimits: { maxOldGenerationSizeMb: 64 }, idleMs: 60_000 });
    try {
      expect(await pool.run<number>({ kind: 'echo', value: 1 }, { timeoutMs: 60_000, keep: (v) => v < 100 })).toBe(1);
      expect(pool.threads).toBe(1);
      expect(await pool.run<number>({ kind: 'echo', value: 500 }, { timeoutMs: 60_000, keep: (v) => v < 100 })).toBe(500);
      expect(pool.threads).toBe(0);
      expect(await pool.run<number>({ kind: 'echo', value: 2 }, { timeoutMs: 60_000 })).toBe(2);
      expect(pool.threads).toBe(1);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
