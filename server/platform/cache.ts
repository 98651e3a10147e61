import { LRUCache } from 'lru-cache';
import { freezeSharedValues } from '../config.ts';
import type { Executor } from './db/database.ts';

/**
 * The process's caches of values read or derived from the database and shared between requests. Each one is made
 * here, states its budget in bytes (entries go least recently used first; one larger than the budget is not kept)
 * and says at its call site why it exists, with the measurement that earns it its place (bench/http.bench.ts).
 *
 * Shared values are read-only. Under test they are deep-frozen as they go in, so code that changes one fails where it
 * does it instead of corrupting what the next request sees.
 *
 * Keys that come from a database (a tjeneste id, a revision, a version's content hash) mean something only in that
 * database: two databases in one process (tests, an app re-created) may both have tjeneste 1 at revision 5. Every
 * key therefore starts with `databaseKey(db)`.
 */
export interface SharedCache<V> {
  get(key: string): V | undefined;
  /** Keeps value (frozen under test) and returns it. bytes: its size when the cache's own estimate cannot know it. */
  set(key: string, value: V, bytes?: number): V;
  delete(key: string): void;
}

export interface CacheBudget<V> {
  /** the most the cache's values may take together, estimated by bytesOf */
  maxBytes: number;
  /** an honest estimate of the bytes one value holds (what the cache keeps alive, not what it shares with another cache) */
  bytesOf: (value: V) => number;
}

const sizeCalculation =
  <V>(bytesOf: (value: V) => number) =>
  (value: V): number =>
    Math.max(1, Math.ceil(bytesOf(value)));

export function sharedCache<V extends object>(budget: CacheBudget<V>): SharedCache<V> {
  const lru = new LRUCache<string, V>({ maxSize: budget.maxBytes, sizeCalculation: sizeCalculation(budget.bytesOf) });
  return {
    get: (key) => lru.get(key),
    set(key, value, bytes) {
      lru.set(key, frozen(value), bytes === undefined ? {} : { size: Math.max(1, Math.ceil(bytes)) });
      return value;
    },
    delete: (key) => void lru.delete(key),
  };
}

/** A cache of values read from the database: concurrent requests for one key share one read, and a failed read is not kept. */
export interface SharedLoader<V> {
  load(key: string, read: () => Promise<V>): Promise<V>;
}

export function sharedLoader<V extends object>(budget: CacheBudget<V>): SharedLoader<V> {
  const lru = new LRUCache<string, V, () => Promise<V>>({
    maxSize: budget.maxBytes,
    sizeCalculation: sizeCalculation(budget.bytesOf),
    // a read still running when its entry is pushed out still answers the requests waiting for it
    ignoreFetchAbort: true,
    allowStaleOnFetchAbort: true,
    fetchMethod: async (_key, _stale, { context }) => frozen(await context()),
  });
  return {
    load: (key, read) => lru.fetch(key, { context: read }) as Promise<V>,
  };
}

// Each database handle (a Kysely instance from openDatabase, and with it its transactions and `withPlugin` copies,
// which share its dialect adapter) gets a number the first time a cache sees it. A handle made with `withSchema` shares
// its parent's adapter: open a database per schema instead.
const databaseIds = new WeakMap<object, number>();
let nextDatabaseId = 1;

/** The prefix that keeps one database's cache entries from answering for another's. */
export function databaseKey(db: Executor): string {
  const handle = db.getExecutor().adapter;
  let id = databaseIds.get(handle);
  if (id === undefined) {
    id = nextDatabaseId++;
    databaseIds.set(handle, id);
  }
  return `db${id}`;
}

function frozen<V>(value: V): V {
  return freezeSharedValues ? deepFreeze(value) : value;
}

const readOnly = (): never => {
  throw new TypeError('A cached value is shared between requests and read-only: copy it before changing it.');
};

/** Freezes value and everything reachable from it; a Map's or Set's own methods that change it throw. */
export function deepFreeze<V>(value: V, seen = new WeakSet<object>()): V {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  // a Buffer or typed array with elements cannot be frozen; the page caches' bytes are never changed in place
  if (ArrayBuffer.isView(value) || value instanceof Promise) return value;
  seen.add(value);
  if (value instanceof Map) {
    for (const [k, v] of value) {
      deepFreeze(k, seen);
      deepFreeze(v, seen);
    }
    Object.defineProperties(value, { set: { value: readOnly }, delete: { value: readOnly }, clear: { value: readOnly } });
  } else if (value instanceof Set) {
    for (const v of value) deepFreeze(v, seen);
    Object.defineProperties(value, { add: { value: readOnly }, delete: { value: readOnly }, clear: { value: readOnly } });
  }
  for (const k of Reflect.ownKeys(value)) deepFreeze((value as Record<string | symbol, unknown>)[k], seen);
  return Object.freeze(value);
}
