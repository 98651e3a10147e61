/** The queue already holds as many jobs as it may: the caller should say «try again in a minute». */
export class QueueFullError extends Error {}
/** The owner already has a job running or waiting, and this job may not wait behind it. */
export class OwnerBusyError extends Error {}

interface Entry {
  owner: string;
  key: string;
  start: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * A bounded queue in front of a few slots (the worker threads): at most `slots` jobs run at once, at most one per
 * owner (a user), at most `maxQueued` wait. A job whose owner is busy waits behind, while other owners' jobs go
 * ahead of it, so one user uploading ten files does not hold up everyone else.
 */
export class JobQueue {
  private readonly waiting: Entry[] = [];
  private readonly running = new Set<Entry>();

  constructor(
    private readonly slots: number,
    private readonly maxQueued: number,
  ) {}

  /**
   * Runs `start` when a slot is free and the owner has nothing else running. `refuseIfBusy`: refuse at once
   * (OwnerBusyError) when the owner already has a job running or waiting, instead of queueing behind it.
   */
  submit<R>(owner: string, key: string, start: () => Promise<R>, options: { refuseIfBusy?: boolean } = {}): Promise<R> {
    if (options.refuseIfBusy && this.hasJob(owner)) return Promise.reject(new OwnerBusyError());
    if (this.waiting.length >= this.maxQueued) return Promise.reject(new QueueFullError());
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ owner, key, start, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  hasJob(owner: string): boolean {
    for (const e of this.running) if (e.owner === owner) return true;
    return this.waiting.some((e) => e.owner === owner);
  }

  /** null: no such job; 0: running; n: the n-th in line. */
  position(key: string): number | null {
    for (const e of this.running) if (e.key === key) return 0;
    const i = this.waiting.findIndex((e) => e.key === key);
    return i < 0 ? null : i + 1;
  }

  get size(): { running: number; waiting: number } {
    return { running: this.running.size, waiting: this.waiting.length };
  }

  private pump(): void {
    while (this.running.size < this.slots) {
      const busy = new Set([...this.running].map((e) => e.owner));
      const i = this.waiting.findIndex((e) => !busy.has(e.owner));
      if (i < 0) return;
      const [entry] = this.waiting.splice(i, 1) as [Entry];
      this.running.add(entry);
      this.run(entry);
    }
  }

  private run(entry: Entry): void {
    let settled: Promise<unknown>;
    try {
      settled = entry.start();
    } catch (e) {
      settled = Promise.reject(e);
    }
    // the slot is free before the caller hears back, so the owner's next job (a download right after its read) is not refused
    const release = () => {
      this.running.delete(entry);
      this.pump();
    };
    settled.then(
      (value) => {
        release();
        entry.resolve(value);
      },
      (reason: unknown) => {
        release();
        entry.reject(reason);
      },
    );
  }
}
