import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../server/platform/db/database.ts';
import { allKommuner } from '../../server/reference/kommuner.ts';
import { createTjeneste, PASSWORD } from '../support/factories.ts';
import { csrfFrom } from '../support/agent.ts';
import { closedPort, TcpProxy } from '../support/tcp-proxy.ts';

/*
 * The real server process (node, not npm) reaches PostgreSQL only through a TCP proxy this test controls. It is
 * started while the database is away (it must listen, answer 503 and migrate once the database is there), then put
 * under load — page reads and writes (adding kommuner) from several clients — while its connections are cut over
 * and over: TCP resets, pg_terminate_backend of every backend (what a restart or failover sends), and outages of a
 * second. Afterwards: the process never died, nothing answered 500, every write that was acknowledged is stored
 * (with its audit row, so nothing is half-written), and pages came back within seconds of each cut.
 * Needs a PostgreSQL server (DATABASE_URL); PGlite runs inside the process and has no connection to lose.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOAD_MS = 20_000;
const CLIENTS = 4;
const RECOVERY_BOUND_MS = 5_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
}, 60_000);

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function emptyDatabase(): Promise<string> {
  const serverUrl = process.env.DATABASE_URL!;
  const name = `kodeverk_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function terminateAll(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const r = await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
  await c.end();
  return r.rowCount ?? 0;
}

function peakRssMb(pid: number): number {
  // a process that died has no status left to read
  const status = fs.existsSync(`/proc/${pid}/status`) ? fs.readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

describe.runIf(!!process.env.DATABASE_URL)('faults: PostgreSQL connections cut under load', () => {
  it('when the database is away at start and its connections are cut again and again under load, then the process lives, answers 503 meanwhile, loses no acknowledged write and recovers within seconds', async () => {
    const directUrl = await emptyDatabase();
    const target = new URL(directUrl);
    const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanups.push(() => proxy.stop());
    const proxyPort = await closedPort();
    const viaProxy = new URL(directUrl);
    viaProxy.host = `127.0.0.1:${proxyPort}`;

    let port = await freePort();
    while (port === proxyPort) port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: viaProxy.toString(),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DB_CONNECT_TIMEOUT_MS: '1000',
      DB_STATEMENT_TIMEOUT_MS: '5000',
    };
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
    });
    const url = `http://127.0.0.1:${port}`;

    // 1. it starts while the database is down: listens, says so, then migrates once the database is reachable
    let health: { status: number; body: unknown } | undefined;
    for (let i = 0; i < 300 && !health; i++) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
      health = await fetch(`${url}/helse`).then(
        async (r) => ({ status: r.status, body: await r.json() }),
        () => undefined,
      );
      if (!health) await sleep(100);
    }
    expect(health, output).toEqual({ status: 503, body: { status: 'starting', database: 'unavailable', migrations: 'pending' } });
    await sleep(1500);
    expect(child.exitCode, output).toBeNull();
    await proxy.start(proxyPort);
    const reachableAt = Date.now();
    let up = 0;
    while (up !== 200 && Date.now() - reachableAt < 30_000) {
      up = await fetch(`${url}/helse`).then(
        (r) => r.status,
        () => 0,
      );
      if (up !== 200) await sleep(100);
    }
    expect(up, output).toBe(200);
    const startupRecoveryMs = Date.now() - reachableAt;

    // 2. a tjeneste with one kommune and its admin, written directly
    const direct: DatabaseHandle = await openDatabase({ databaseUrl: directUrl, dataDir: '' });
    cleanups.push(() => direct.close());
    const t = await createTjeneste(direct.db, { kommuner: [{ nr: '1860', navn: 'Vestvågøy', vert: true }] });
    const agents = [];
    for (let i = 0; i < CLIENTS; i++) {
      const agent = request.agent(url);
      const form = csrfFrom((await agent.get('/logg-inn')).text);
      const login = await agent.post('/logg-inn').type('form').send({ email: t.users.admin.email, passord: PASSWORD, _csrf: form });
      expect(login.status).toBe(303);
      agents.push({ agent, token: csrfFrom((await agent.get(`/t/${t.slug}/kommuner`)).text) });
    }

    // 3. load: every client alternates a page read and a write until the time is up
    const toAdd = allKommuner()
      .map((k) => k.kommunenummer)
      .filter((nr) => nr !== '1860');
    let next = 0;
    const statuses = new Map<number, number>();
    const acknowledged: string[] = [];
    let requests = 0;
    let transportErrors = 0;
    let firstTryErrors = 0;
    let unansweredWrites = 0;
    const stopAt = Date.now() + LOAD_MS;
    const pages = ['', '/kommuner', '/logg', '/brukere'];
    const clients = agents.map(async ({ agent, token }, i) => {
      let n = 0;
      while (Date.now() < stopAt) {
        n++;
        const write = n % 2 === 0 && next < toAdd.length;
        const nr = write ? toAdd[next++]! : '';
        const send = () =>
          (write ? agent.post(`/t/${t.slug}/kommuner`).type('form').send({ _csrf: token, kommunenummer: nr }) : agent.get(`/t/${t.slug}${pages[(n + i) % pages.length]}`)).then(
            (r) => r,
            () => undefined,
          );
        // A kept-alive socket the server closes just as the client reuses it is a race of HTTP itself, not the fault under
        // test: a page is asked for once more, as a browser does. A write is not repeated: unanswered, it is simply not
        // acknowledged (and must then not count as lost). What fails the run is a page that does not answer twice.
        let res = await send();
        requests++;
        if (!res && !write) {
          firstTryErrors++;
          res = await send();
        }
        if (!res) {
          if (write) unansweredWrites++;
          else transportErrors++;
          continue;
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (write && res.status === 303) acknowledged.push(nr);
        if (res.status === 503) await sleep(50);
      }
    });

    // 4. faults while the load runs: a reset, a terminate, an outage, round and round; recovery timed after each
    const faults: { kind: string; recoveryMs: number }[] = [];
    const probe = request.agent(url);
    const probeForm = csrfFrom((await probe.get('/logg-inn')).text);
    expect((await probe.post('/logg-inn').type('form').send({ email: t.users.admin.email, passord: PASSWORD, _csrf: probeForm })).status).toBe(303);
    const kinds = ['tcp-reset', 'pg_terminate_backend', 'outage-1s'] as const;
    for (let k = 0; Date.now() < stopAt - 2_000; k++) {
      await sleep(1_000);
      const kind = kinds[k % kinds.length]!;
      if (kind === 'tcp-reset') proxy.reset();
      else if (kind === 'pg_terminate_backend') await terminateAll(directUrl);
      else {
        await proxy.stop();
        await sleep(1_000);
        await proxy.start(proxyPort);
      }
      const from = Date.now();
      let status = 0;
      while (status !== 200 && Date.now() - from < 30_000) {
        status = await probe.get(`/t/${t.slug}/kommuner`).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await sleep(50);
      }
      faults.push({ kind, recoveryMs: Date.now() - from });
    }
    await Promise.all(clients);
    const rssMb = peakRssMb(child.pid!);

    // 5. the verdict
    const stored = await direct.db.selectFrom('tjeneste_kommune').select('kommunenummer').where('tjeneste_id', '=', t.id).execute();
    const storedSet = new Set(stored.map((r) => r.kommunenummer));
    const audited = await direct.db.selectFrom('audit_log').select('entity_id').where('tjeneste_id', '=', t.id).where('entity', '=', 'kommune').where('action', '=', 'opprettet').execute();
    const auditedSet = new Set(audited.map((r) => String(r.entity_id)));
    const lost = acknowledged.filter((nr) => !storedSet.has(nr));
    const halfWritten = [...storedSet].filter((nr) => nr !== '1860' && !auditedSet.has(nr));
    const summary = {
      requests,
      statuses: Object.fromEntries(statuses),
      transportErrors,
      firstTryErrors,
      unansweredWrites,
      writesAcknowledged: acknowledged.length,
      writesStored: storedSet.size - 1,
      lost: lost.length,
      halfWritten: halfWritten.length,
      faults: faults.length,
      maxRecoveryMs: Math.max(...faults.map((f) => f.recoveryMs)),
      startupRecoveryMs,
      peakRssMb: rssMb,
    };
    console.log('connection-loss fault run:', JSON.stringify(summary), JSON.stringify(faults));

    expect(child.exitCode, output).toBeNull();
    expect(child.signalCode).toBeNull();
    expect(output).not.toMatch(/uncaught|unhandled|Kunne ikke starte/i);
    expect(faults.length).toBeGreaterThanOrEqual(6);
    expect(
      [...statuses.keys()].filter((s) => ![200, 303, 503].includes(s)),
      JSON.stringify(summary),
    ).toEqual([]);
    expect(transportErrors).toBe(0);
    expect(acknowledged.length).toBeGreaterThan(10);
    expect(lost).toEqual([]);
    expect(halfWritten).toEqual([]);
    for (const f of faults) expect(f.recoveryMs, f.kind).toBeLessThan(RECOVERY_BOUND_MS);
    expect(startupRecoveryMs).toBeLessThan(RECOVERY_BOUND_MS * 4);
  });
});
