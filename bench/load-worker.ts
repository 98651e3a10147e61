/**
 * The load generator of bench/http.bench.ts, in a worker thread of its own: on the server's event loop it would
 * take turns with the server it measures and count the server's work as its own latency.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

export interface LoadJob {
  url: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  /** cookies; each request takes the next one in turn */
  sessions: string[];
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  /** this thread's id (Linux), so the bench can leave the load's own CPU time out of the server's */
  tid: number | null;
}

const job = workerData as LoadJob;
let next = 0;
const options: autocannon.Options = {
  url: job.url,
  connections: job.connections,
  duration: job.seconds,
  headers: job.headers,
  requests: job.sessions.length ? [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, cookie: job.sessions[next++ % job.sessions.length]! } }) }] : undefined,
};
// outside the main thread autocannon hands back its raw histograms, to be aggregated by the caller with
// aggregateResult (public API, missing from @types/autocannon)
const { aggregateResult } = autocannon as unknown as { aggregateResult(results: unknown[], opts: autocannon.Options): autocannon.Result };
const tid = fs.existsSync('/proc/thread-self/stat') ? Number(fs.readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]) : null;
const r = aggregateResult([await autocannon(options)], options);
const result: LoadResult = { rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total, non2xx: r.non2xx, errors: r.errors + r.timeouts, tid };
parentPort!.postMessage(result);
