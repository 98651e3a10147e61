/**
 * Lookups by key made in the same turn of the event loop, run as one query. Under load many requests arrive
 * together and each would otherwise pay a round trip of its own (on a small machine, waking the database process
 * costs more than the query); alone, a lookup waits for nothing but the end of the current turn. Every lookup still
 * reads the database: nothing is kept between batches.
 */
export function batched<K, V>(run: (keys: K[]) => Promise<Map<K, V>>, maxBatch = 100): (key: K) => Promise<V | undefined> {
  let pending: { key: K; resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[] = [];
  const flush = () => {
    const batch = pending;
    if (batch.length === 0) return;
    pending = [];
    const keys = [...new Set(batch.map((b) => b.key))];
    run(keys).then(
      (found) => {
        for (const b of batch) b.resolve(found.get(b.key));
      },
      (err) => {
        for (const b of batch) b.reject(err);
      },
    );
  };
  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ key, resolve, reject });
      if (pending.length >= maxBatch) flush();
    });
}
