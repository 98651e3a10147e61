/**
 * A small least-recently-used map for values derived from immutable or fingerprinted inputs (a register version's
 * rows by content hash, a matrix by the fingerprint of what it is computed from). Values are shared between
 * requests: callers must treat them as read-only.
 */
export function lruCache<V>(size: number) {
  const map = new Map<string, V>();
  return {
    get(key: string): V | undefined {
      const hit = map.get(key);
      if (hit !== undefined) {
        map.delete(key);
        map.set(key, hit);
      }
      return hit;
    },
    set(key: string, value: V) {
      map.set(key, value);
      while (map.size > size) map.delete(map.keys().next().value as string);
    },
    delete(key: string) {
      map.delete(key);
    },
  };
}
