/**
 * HTTP load benchmark: `npm run bench:http` (BENCH_SECONDS=2 for the smoke run in .ci/run).
 * Starts the app in-process on the real PostgreSQL (DATABASE_URL: a fresh database, dropped afterwards; without it an
 * in-memory PGlite, and says so) with the demo tjeneste, a large kontoplan (5,000 arts + the Lofoten sample), 40
 * lønnsarter and 40 utbetalingskategorier, every kommune mapped and approved; logs in 20 sessions (five per demo
 * user, one per role), then loads the dashboard, the konteringsmatrise and the review page with autocannon (50
 * connections, the sessions in turn) and, in the same run, a bare Express hello-world route as the baseline. Each
 * target gets a warm-up round first. Every request says `Accept-Encoding: gzip, deflate, br` as browsers do. Prints
 * requests/s, p50/p99 latency, the server's busy time per request, its CPU time per request (Linux: every thread of
 * the process but the load's; unlike req/s and the busy time it hardly moves when other processes share the cores)
 * and the ratio to the baseline. BENCH_PATHS=name=/t/lofoten/…,… loads those pages instead of the three. The load comes from a
 * worker thread (load-worker.ts), so the server's event loop serves requests and nothing else.
 * Target: each page ≥ 25 % of the baseline's throughput and p99 < 100 ms. Exit code 1 when a page answers anything
 * but 200 (a broken page or session must not pass as fast); missed targets are reported, not failed, unless
 * BENCH_STRICT=1.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { once } from 'node:events';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { spawn } from 'node:child_process';
import { startFlags } from './server-process.ts';
import type { LoadJob, LoadResult } from './load-worker.ts';
import { loadConfig } from '../server/config.ts';
import { createApp } from '../server/app.ts';
import { createLogger } from '../server/platform/log.ts';
import { createDemo, DEMO_PASSWORD, DEMO_USERS } from '../server/cli/demo.command.ts';
import { findUserByEmail } from '../server/auth/user.repository.ts';
import { insertRegisterVersion } from '../server/registers/registers.writer.ts';
import type { Role } from '../server/platform/roles.ts';
import { createTestDatabase } from '../test/support/db.ts';
import { lofotenKontoplan, lofotenLonnsarter, lofotenUtbetalingskategorier } from '../test/support/registers.ts';
import { mapAllKommuner, actorFor } from '../test/support/kodeverk.ts';
import type { TestTjeneste, TestUser } from '../test/support/factories.ts';
import { submitForReview, approveKommune, loadKommuneReviews } from '../server/review/review.service.ts';
import type { KontoplanRecord } from '../server/kontoplan/kontoplan.definition.ts';
import type { LonnsartRecord } from '../server/lonnsarter/lonnsarter.definition.ts';
import type { UtbetalingskategoriRecord } from '../server/utbetalingskategorier/utbetalingskategorier.definition.ts';

// The app runs in this process: with the node flags `npm start` gives the server (its young generation, package.json),
// or the figures would be of a server started differently. Without them, this file runs itself again with them.
const flags = startFlags();
if (!flags.every((f) => process.execArgv.includes(f))) {
  const child = spawn(process.execPath, [...flags, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  const [code] = (await once(child, 'exit')) as [number | null];
  process.exit(code ?? 1);
}

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const WARMUP_SECONDS = Math.min(2, SECONDS);
const STRICT = process.env.BENCH_STRICT === '1';
// what every browser sends with a page request
const BROWSER = { 'accept-encoding': 'gzip, deflate, br' };

function bigKontoplan(): KontoplanRecord[] {
  const sample = lofotenKontoplan();
  const taken = new Set(sample.map((r) => r.kode));
  const arts: KontoplanRecord[] = [];
  // 5,000 more arts in the drift series with KOSTRA arts the sample also uses
  const kostra = ['010', '050', '090', '099', '110', '120', '160', '170', '350', '370', '470'];
  for (let n = 0; arts.length < 5000; n++) {
    const k = kostra[n % kostra.length]!;
    const kode = `1${k}${String(Math.floor(n / kostra.length)).padStart(3, '0')}`;
    if (taken.has(kode)) continue;
    arts.push({ dimensjon: 'art', kode, navn: `Art ${kode}`, aktiv: true, kostra: k, kontoklasse: 'drift' });
  }
  return [...sample, ...arts];
}

function lonnsarter(): LonnsartRecord[] {
  const base = lofotenLonnsarter();
  const more = Array.from(
    { length: 37 },
    (_, i): LonnsartRecord => ({
      kode: String(3000 + i),
      navn: `Lønnsart ${i}`,
      art: i % 2 ? '10500' : '14700',
      skattepliktig: i % 2 === 1,
      aga: i % 2 === 1,
      feriepengegrunnlag: false,
      amelding_beskrivelse: null,
      tiltakstype: 'begge',
      fordel: null,
    }),
  );
  return [...base, ...more];
}

function kategorier(): UtbetalingskategoriRecord[] {
  const tiltak: UtbetalingskategoriRecord['tiltakstype'][] = ['i_hjemmet', 'utenfor_hjemmet', 'begge'];
  const more = Array.from({ length: 37 }, (_, i): UtbetalingskategoriRecord => ({ kode: `K${i}`, navn: `Kategori ${i}`, art: ['13500', '13700', '14700'][i % 3]!, tiltakstype: tiltak[i % 3]! }));
  return [...lofotenUtbetalingskategorier(), ...more];
}

async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function login(url: string, email: string): Promise<string> {
  const page = await fetch(`${url}/logg-inn`);
  const cookie = cookiesOf(page);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error('no CSRF token on the login page');
  const res = await fetch(`${url}/logg-inn`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, passord: DEMO_PASSWORD, _csrf: token }),
  });
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  return cookiesOf(res) || cookie;
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  busyMs: number;
  /** server CPU ms per request; null where /proc is not there */
  cpuMs: number | null;
}

/**
 * Loads the URL from a worker thread (load-worker.ts); with sessions, each request takes the next one in turn (many
 * users, not one, as in real use). The app's cost per request is the time its event loop was busy, divided out.
 */
/** CPU ticks (1/100 s) used so far by each thread of this process, by thread id (Linux); empty elsewhere. */
function threadTicks(): Map<number, number> {
  const out = new Map<number, number>();
  if (!fs.existsSync('/proc/self/task')) return out;
  for (const t of fs.readdirSync('/proc/self/task')) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      // utime and stime, the 14th and 15th fields, after the command name in parentheses
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(t), Number(f[11]) + Number(f[12]));
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

async function load(name: string, url: string, sessions: string[] = [], seconds = SECONDS): Promise<Row> {
  const busy = performance.eventLoopUtilization();
  const before = threadTicks();
  const job: LoadJob = { url, connections: CONNECTIONS, seconds, headers: BROWSER, sessions };
  // a worker does not inherit the TypeScript loader: load the worker's module through tsx's API
  const script = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(new URL('./load-worker.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))`;
  const worker = new Worker(script, { eval: true, workerData: job });
  const [r] = (await once(worker, 'message')) as [LoadResult];
  const after = threadTicks();
  let ticks = 0;
  for (const [t, v] of after) if (t !== r.tid) ticks += v - (before.get(t) ?? 0);
  await worker.terminate();
  const used = performance.eventLoopUtilization(busy);
  return {
    name,
    rps: r.rps,
    p50: r.p50,
    p99: r.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    busyMs: used.active / Math.max(1, r.total),
    cpuMs: after.size && r.tid !== null ? (ticks * 10) / Math.max(1, r.total) : null,
  };
}

async function main() {
  const handle = await createTestDatabase();
  const where = handle.url ? 'PostgreSQL (DATABASE_URL, a fresh database)' : 'PGlite in memory — DATABASE_URL is not set, so these are NOT PostgreSQL numbers';
  console.log(`Database: ${where}`);
  const db = handle.db;
  const { tjenesteId } = await createDemo(db, new Date());
  await db.transaction().execute(async (trx) => {
    const v = (register: 'kontoplan' | 'lonnsarter' | 'utbetalingskategorier') => ({ tjenesteId, register, fileName: `${register}.xlsx`, counts: {}, warnings: [], createdBy: null });
    await insertRegisterVersion(trx, v('kontoplan'), bigKontoplan());
    await insertRegisterVersion(trx, v('lonnsarter'), lonnsarter());
    await insertRegisterVersion(trx, v('utbetalingskategorier'), kategorier());
  });
  const user = async (email: string, roles: Role[]): Promise<TestUser> => ({ ...(await findUserByEmail(db, email))!, roles });
  const [admin, regnskap, godkjenner, lese] = await Promise.all(DEMO_USERS.map((u) => user(u.email, u.roles)));
  const t: TestTjeneste = {
    id: tjenesteId,
    slug: 'lofoten',
    navn: 'Lofoten barneverntjeneste',
    users: { admin: admin!, regnskap: regnskap!, regnskap2: regnskap!, godkjenner: godkjenner!, lesetilgang: lese! },
  };
  await mapAllKommuner(db, t);
  await submitForReview(db, actorFor(t, t.users.regnskap), 'alle');
  const hashes = new Map((await loadKommuneReviews(db, t.id)).map((k) => [k.kommunenummer, k.hash]));
  for (const nr of ['1860', '1859', '1874']) await approveKommune(db, actorFor(t, t.users.godkjenner), nr, { comment: null, seenHash: hashes.get(nr) ?? '' });

  // production settings (view cache on), plain http cookies for the local run
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', SECURE_COOKIES: 'false' });
  const app = createApp({ config, db, log: createLogger('silent'), clock: () => new Date(), sessionSecret: 'bench-secret-bench-secret-bench-secret-0123' });
  const kodeverk = await listen(app);
  const hello = express();
  hello.get('/', (_req, res) => {
    res.send('Hello world');
  });
  const baseline = await listen(hello);
  // 20 sessions: five of each demo user, so each role's own page (its buttons) is in play
  const sessions: string[] = [];
  for (let i = 0; i < 5; i++) for (const u of DEMO_USERS) sessions.push(await login(kodeverk.url, u.email));
  // regnskap's first session, for the checks before the load
  const cookie = sessions[DEMO_USERS.findIndex((u) => u.roles.includes('regnskap'))]!;

  const pages = process.env.BENCH_PATHS
    ? process.env.BENCH_PATHS.split(',').map((p) => ({ name: p.slice(0, p.indexOf('=')), path: p.slice(p.indexOf('=') + 1) }))
    : [
        { name: 'dashboard', path: '/t/lofoten' },
        { name: 'konteringsmatrise', path: '/t/lofoten/kontering' },
        { name: 'godkjenning', path: '/t/lofoten/godkjenning' },
      ];
  // each page must really be the page (not a redirect to login or an error) before it is timed
  for (const p of pages) {
    const res = await fetch(kodeverk.url + p.path, { headers: { cookie, ...BROWSER }, redirect: 'manual' });
    if (res.status !== 200) throw new Error(`${p.path} answered ${res.status} ${res.headers.get('location') ?? ''} before the load`);
    const sent = Number(res.headers.get('content-length'));
    const size = (await res.text()).length;
    // one request at a time first: the cost of the page itself, without queueing
    for (let i = 0; i < 20; i++) await (await fetch(kodeverk.url + p.path, { headers: { cookie, ...BROWSER } })).text();
    const started = performance.now();
    for (let i = 0; i < 50; i++) await (await fetch(kodeverk.url + p.path, { headers: { cookie, ...BROWSER } })).text();
    const encoding = res.headers.get('content-encoding');
    console.log(
      `${p.name}: ${Math.round(size / 1024)} KB of HTML${encoding ? ` (${Math.round(sent / 1024)} KB sent, ${encoding})` : ''}, ${((performance.now() - started) / 50).toFixed(1)} ms per request alone (after 20 to warm up)`,
    );
  }

  console.log(`autocannon: ${CONNECTIONS} connections, ${SECONDS} s per target after ${WARMUP_SECONDS} s of warm-up each`);
  // a warm-up round under the same load first, not counted: the JIT, the connection pool growing to its size and the
  // database's new backends warming their caches would otherwise count against whichever target runs first
  await load('warm-up', `${baseline.url}/`, [], WARMUP_SECONDS);
  for (const p of pages) await load('warm-up', kodeverk.url + p.path, sessions, WARMUP_SECONDS);
  const base = await load('baseline (Express hello world)', `${baseline.url}/`);
  const rows = [base];
  for (const p of pages) rows.push(await load(p.name, kodeverk.url + p.path, sessions));

  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`\n${pad('target', 32)}${pad('req/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('busy ms', 9)}${pad('cpu ms', 9)}${pad('ratio', 8)}result`);
  let broken = false;
  let missed = false;
  for (const r of rows) {
    const ratio = r.rps / base.rps;
    const isBase = r === base;
    const ok = isBase || (ratio >= 0.25 && r.p99 < 100);
    if (r.non2xx || r.errors) broken = true;
    if (!ok) missed = true;
    const verdict = isBase
      ? ''
      : r.non2xx || r.errors
        ? `BROKEN (${r.non2xx} non-2xx, ${r.errors} errors)`
        : ok
          ? 'ok'
          : `MISSED (${ratio < 0.25 ? 'throughput < 25 %' : ''}${ratio < 0.25 && r.p99 >= 100 ? ', ' : ''}${r.p99 >= 100 ? 'p99 ≥ 100 ms' : ''})`;
    console.log(
      `${pad(r.name, 32)}${pad(r.rps.toFixed(0), 10)}${pad(String(r.p50), 9)}${pad(String(r.p99), 9)}${pad(r.busyMs.toFixed(2), 9)}${pad(r.cpuMs === null ? '–' : r.cpuMs.toFixed(2), 9)}${pad(isBase ? '1.00' : ratio.toFixed(2), 8)}${verdict}`,
    );
  }
  console.log(`\nTargets (each page ≥ 25 % of the baseline's req/s and p99 < 100 ms): ${missed ? 'NOT MET' : 'met'}`);
  // a p99 of a few thousand requests moves with a single pause of a shared machine
  if (SECONDS < 10) console.log(`A short run (${SECONDS} s per target): judge the targets on the full run, npm run bench:http.`);

  // autocannon drops its sockets at the end, but the app may still be finishing queued requests: let them end
  // before the database is closed under them
  await new Promise((r) => setTimeout(r, 5000));
  await new Promise((r) => kodeverk.server.close(r));
  await new Promise((r) => baseline.server.close(r));
  await handle.close();
  if (broken || (STRICT && missed)) process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
