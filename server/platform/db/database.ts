import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Anything that can run a query: the database or a transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
  /** PGlite only: the data directory as a tarball (what `fromDump` starts from) */
  dumpDataDir?: () => Promise<Blob>;
}

// BIGINT (count(*)) comes back as string by default; our counts are small.
pg.types.setTypeParser(20, (v: string) => Number(v));

const timestamptz = pg.types.getTypeParser(1184, 'text') as (v: string) => Date;
/**
 * A timestamptz a query sent as text inside JSON (`at::text`) → the Date pg gives for the column itself (the same
 * parser, so a time read either way is the same to the millisecond: an approval's time is part of the export).
 */
export const parseTimestamptz = (v: string | null): Date | null => (v === null ? null : timestamptz(v));

export interface DatabaseTimeouts {
  /** how long to wait for a new connection before the request gets 503 (pg's default is forever) */
  connectMs: number;
  /** the longest one statement may run on the server; also bounds lock waits */
  statementMs: number;
}

const DEFAULT_TIMEOUTS: DatabaseTimeouts = { connectMs: 5_000, statementMs: 30_000 };

export async function openDatabase(opts: {
  databaseUrl?: string | undefined;
  dataDir: string;
  inMemory?: boolean;
  /** in memory only: start from this dump of a data directory (PGlite's dumpDataDir) instead of an empty cluster */
  fromDump?: Blob;
  timeouts?: DatabaseTimeouts;
  /** told about connections lost outside a query (a restart, a failover, a reset); they are replaced, not fatal */
  onConnectionError?: (err: Error) => void;
}): Promise<DatabaseHandle> {
  if (opts.databaseUrl) {
    const t = opts.timeouts ?? DEFAULT_TIMEOUTS;
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 10,
      connectionTimeoutMillis: t.connectMs,
      statement_timeout: t.statementMs,
      // a transaction left open by a stuck request must not hold its locks for ever
      idle_in_transaction_session_timeout: t.statementMs * 2,
      // a server that stopped answering (frozen, partitioned) never sends statement_timeout's error; this side gives up
      // a little after the server would have
      query_timeout: Math.round(t.statementMs * 1.2) + 1_000,
      keepAlive: true,
    });
    guardConnections(pool, opts.onConnectionError ?? (() => undefined));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  return openPglite(opts.inMemory ? undefined : opts.dataDir, opts.inMemory ? opts.fromDump : undefined);
}

/**
 * pg emits 'error' on a client whose connection is lost between queries (pg_terminate_backend on a restart or
 * failover, a TCP reset). The pool listens only while a client is idle; a checked-out client — a request between two
 * statements of its transaction — has no listener, and an unheard 'error' ends the process. Every client gets one for
 * its whole life; the pool drops a broken client when it is released, and the request's next query fails → 503.
 */
function guardConnections(pool: pg.Pool, onError: (err: Error) => void) {
  pool.on('error', onError);
  pool.on('connect', (client) => {
    client.on('error', onError);
    // After a client-side query timeout pg keeps the connection and would queue the next request's queries behind the
    // unanswered one; a connection that stopped answering is dropped instead (the pool then opens a fresh one).
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const result = query(...args);
      if (result && typeof (result as Promise<unknown>).catch === 'function') {
        (result as Promise<unknown>).catch((err: unknown) => {
          if (err instanceof Error && err.message === 'Query read timeout') {
            (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
          }
        });
      }
      return result;
    };
  });
}

async function openPglite(dataDir: string | undefined, fromDump: Blob | undefined): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  let releaseLock: () => void = () => {};
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = acquireDirLock(dataDir);
  }
  const pglite = dataDir ? new PGlite(path.resolve(dataDir, 'pgdata')) : new PGlite(fromDump ? { loadDataDir: fromDump } : {});
  await pglite.waitReady;
  const pool = new pg.Pool({ ...(createPgConfig(pglite) as object), max: 1 } as pg.PoolConfig);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    dumpDataDir: () => pglite.dumpDataDir('none'),
    async close() {
      await db.destroy();
      await pglite.close();
      releaseLock();
    },
  };
}

/**
 * PGlite lets two processes open one directory and corrupt it; a pid lock file prevents that. The lock is taken by an
 * exclusive create only. A lock whose process is gone (or a zombie: dead, not yet reaped) is stale: it is moved aside
 * with an atomic rename — of two processes taking over at once, one rename wins — and the create is tried again.
 */
export function acquireDirLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'kodeverk.lock');
  const mine = String(process.pid);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, mine);
      fs.closeSync(fd);
      return () => {
        try {
          if (fs.readFileSync(lockPath, 'utf8').trim() === mine) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder: string;
    try {
      holder = fs.readFileSync(lockPath, 'utf8').trim();
    } catch {
      continue; // released meanwhile: try the create again
    }
    const pid = Number(holder);
    // an empty file is a lock being written this instant (create, then write): give its owner a moment
    if (holder === '') {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      continue;
    }
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`Databasemappen ${dataDir} brukes allerede av en annen prosess (pid ${pid}). Stopp den først.`);
    }
    const aside = `${lockPath}.stale-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
    try {
      fs.renameSync(lockPath, aside);
    } catch {
      continue; // another process moved it first
    }
    // what was moved must be the stale lock that was read, not a fresh one taken in between: else put it back
    const moved = fs.readFileSync(aside, 'utf8').trim();
    if (moved !== holder) {
      try {
        fs.linkSync(aside, lockPath);
      } catch {
        /* a third process holds the name now; it wins */
      }
    }
    fs.rmSync(aside, { force: true });
  }
  throw new Error(`Databasemappen ${dataDir} kunne ikke låses (låsefilen ${lockPath} endres hele tiden). Stopp andre kodeverk-prosesser og prøv igjen.`);
}

/** Alive means running: a zombie (exited, not yet reaped by its parent) still answers kill(0) but holds nothing. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S …" — the state letter follows the last ')'; Z is a zombie, X dead
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // no /proc (not Linux): kill(0) has the last word
  }
}

/** True for errors that mean "the database cannot be reached right now" (→ 503), not a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: string; message?: string };
  // 57014: statement_timeout (or a cancel) — the database is too slow right now; 55P03: lock_timeout
  if (e.code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', '57P01', '57P02', '57P03', '53300', '57014', '55P03'].includes(e.code)) return true;
  if (e.code?.startsWith('08')) return true;
  const m = e.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error|Query read timeout|Connection terminated due to connection timeout|Client was closed and is not queryable|the database system is (starting up|shutting down)/i.test(
    m,
  );
}
