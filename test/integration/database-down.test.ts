import { afterAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import request from 'supertest';
import { isDatabaseUnavailable, openDatabase, type DatabaseHandle, type DatabaseTimeouts } from '../../server/platform/db/database.ts';
import { migrateToLatest } from '../../server/platform/db/migrate.ts';
import { startWhenDatabaseReady } from '../../server/platform/startup.ts';
import { createLogger } from '../../server/platform/log.ts';
import { buildApp } from '../support/app.ts';
import { createTestDatabase } from '../support/db.ts';
import { closedPort, TcpProxy } from '../support/tcp-proxy.ts';
import { loginAgent } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';
import { prepareApprovedKodeverk } from '../support/kodeverk.ts';

const handles: DatabaseHandle[] = [];
afterAll(async () => {
  for (const h of handles.reverse()) await h.close();
});

/** A fresh PostgreSQL database that the app reaches only through a TCP proxy we can stop and start. */
async function appBehindProxy(timeouts?: DatabaseTimeouts) {
  const test = await createTestDatabase();
  handles.push(test);
  const target = new URL(test.url!);
  const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const port = await proxy.start();
  const viaProxy = new URL(test.url!);
  viaProxy.host = `127.0.0.1:${port}`;
  const handle = await openDatabase({ databaseUrl: viaProxy.toString(), dataDir: '', ...(timeouts ? { timeouts } : {}) });
  handles.push(handle);
  return { proxy, port, handle, app: buildApp(handle.db), directUrl: test.url! };
}

/** Ends every other backend of the database, as a PostgreSQL restart or failover does (pg_terminate_backend). */
async function terminateBackends(url: string, pid?: number): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const r = await c.query(
    pid ? 'select pg_terminate_backend($1::int) as ok' : 'select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    pid ? [pid] : [],
  );
  await c.end();
  return r.rowCount ?? 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('database unavailable', () => {
  it('when the database cannot be reached, then pages answer 503 with a clear message and no stack trace', async () => {
    const port = await closedPort();
    const handle = await openDatabase({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/nowhere`, dataDir: '' });
    handles.push(handle);
    const app = buildApp(handle.db);
    const page = await request(app).get('/');
    expect(page.status).toBe(503);
    expect(page.text).toContain('Databasen svarer ikke akkurat nå');
    expect(page.text).not.toMatch(/ECONNREFUSED|at .*\.ts:\d+/);
    expect(page.headers['retry-after']).toBe('5');
    expect((await request(app).get('/helse')).status).toBe(503);
  });

  // Needs a database reachable over TCP: the real PostgreSQL that CI always provides through DATABASE_URL.
  it.runIf(!!process.env.DATABASE_URL)('when the database goes away and comes back, then the app recovers without a restart', async () => {
    const { proxy, port, app } = await appBehindProxy();

    expect((await request(app).get('/helse')).status).toBe(200);
    await proxy.stop();
    const down = await request(app).get('/');
    expect(down.status).toBe(503);
    await proxy.start(port);
    const up = await request(app).get('/helse');
    expect(up.status).toBe(200);
    expect((await request(app).get('/')).status).toBe(303);
    await proxy.stop();
  });

  it.runIf(!!process.env.DATABASE_URL)(
    'when many requests of a logged-in user are in flight as the database goes away, then each gets a clear 503, none crashes the app, and it recovers',
    async () => {
      const { proxy, port, handle, app } = await appBehindProxy();
      const t = await createTjeneste(handle.db);
      await prepareApprovedKodeverk(handle.db, t);
      const { agent, csrf } = await loginAgent(app, t.users.regnskap.email);
      const token = await csrf();
      const pages = ['', '/kontering', '/godkjenning', '/import', '/innstillinger/postering', '/eksport', '/logg', '/kontering/kommuner'];
      expect((await agent.get(`/t/${t.slug}/kontering`)).status).toBe(200);

      // some requests start while the database is there and lose it midway, the rest start after it is gone
      const inFlight = [...pages, ...pages].map((p) => agent.get(`/t/${t.slug}${p}`).then((r) => r));
      inFlight.push(
        agent
          .post(`/t/${t.slug}/godkjenning/send`)
          .type('form')
          .send({ _csrf: token })
          .then((r) => r),
      );
      await proxy.stop();
      const late = pages.map((p) => agent.get(`/t/${t.slug}${p}`).then((r) => r));
      const answers = await Promise.all([...inFlight, ...late]);
      for (const res of answers) {
        // a request that finished before the cut is a normal answer; everything else a clear 503
        expect([200, 303, 503]).toContain(res.status);
        if (res.status === 503) expect(res.text).toContain('Databasen svarer ikke akkurat nå');
        expect(res.text).not.toMatch(/ECONNREFUSED|ECONNRESET|at .*\.ts:\d+/);
      }
      expect(answers.filter((r) => r.status === 503).length).toBeGreaterThanOrEqual(late.length);

      await proxy.start(port);
      for (const p of pages) expect((await agent.get(`/t/${t.slug}${p}`)).status, p).toBe(200);
      await proxy.stop();
    },
  );

  it.runIf(!!process.env.DATABASE_URL)(
    'when the database ends the connection a request holds between two statements (pg_terminate_backend), then the process lives on, that request fails as unavailable and the next is served',
    async () => {
      const { handle, app, directUrl } = await appBehindProxy();
      let lost: unknown;
      const unheard: unknown[] = [];
      const onUncaught = (err: unknown) => unheard.push(err);
      process.on('uncaughtException', onUncaught);
      try {
        await handle.db
          .transaction()
          .execute(async (trx) => {
            const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
            await terminateBackends(directUrl, rows[0]!.pid);
            // the connection's end arrives while the client is checked out and between queries: no pg listener is there
            await sleep(300);
            await sql`select 1`.execute(trx);
          })
          .catch((err: unknown) => (lost = err));
      } finally {
        process.off('uncaughtException', onUncaught);
      }
      expect(unheard).toEqual([]);
      expect(isDatabaseUnavailable(lost), String(lost)).toBe(true);
      expect((await request(app).get('/helse')).status).toBe(200);
      expect((await request(app).get('/logg-inn')).status).toBe(200);
    },
  );

  it.runIf(!!process.env.DATABASE_URL)('when the database hangs, then requests get 503 within the configured timeouts instead of waiting for ever, and are served again once it answers', async () => {
    const { proxy, app } = await appBehindProxy({ connectMs: 500, statementMs: 500 });
    expect((await request(app).get('/helse')).status).toBe(200);
    proxy.freeze();
    const started = Date.now();
    // one request meets the pooled connection that no longer answers, the others wait for a new one
    const hung = await Promise.all([request(app).get('/helse'), request(app).get('/helse'), request(app).get('/')]);
    const waited = Date.now() - started;
    expect(hung.map((r) => r.status)).toEqual([503, 503, 503]);
    expect(waited).toBeLessThan(4_000);
    proxy.thaw();
    let back = 0;
    for (let i = 0; i < 50 && back !== 200; i++) {
      back = await request(app)
        .get('/helse')
        .then(
          (r) => r.status,
          () => 0,
        );
      if (back !== 200) await sleep(100);
    }
    expect(back).toBe(200);
    expect((await request(app).get('/logg-inn')).status).toBe(200);
    await proxy.stop();
  });

  it.runIf(!!process.env.DATABASE_URL)('when a statement runs past the statement timeout, then the database cancels it and the error counts as unavailable (503)', async () => {
    const test = await createTestDatabase();
    handles.push(test);
    const handle = await openDatabase({ databaseUrl: test.url!, dataDir: '', timeouts: { connectMs: 1000, statementMs: 300 } });
    handles.push(handle);
    const started = Date.now();
    const err = await sql`select pg_sleep(5)`.execute(handle.db).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as { code?: string }).code).toBe('57014');
    expect(isDatabaseUnavailable(err)).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it.runIf(!!process.env.DATABASE_URL)(
    'when the app starts while the database is down, then it listens and answers 503 (/helse says it is starting), and migrates and serves once the database is reachable',
    async () => {
      // an empty database: nothing migrated yet
      const name = `kodeverk_test_${crypto.randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const direct = new URL(process.env.DATABASE_URL!);
      direct.pathname = `/${name}`;
      handles.push({
        db: undefined as never,
        kind: 'postgres',
        async close() {
          const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
          await c.connect();
          await c.query(`drop database if exists ${name} with (force)`);
          await c.end();
        },
      });
      const proxy = new TcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
      const port = await closedPort();
      const viaProxy = new URL(direct);
      viaProxy.host = `127.0.0.1:${port}`;
      const handle = await openDatabase({ databaseUrl: viaProxy.toString(), dataDir: '', timeouts: { connectMs: 500, statementMs: 5000 } });
      handles.push(handle);
      const startup = startWhenDatabaseReady({
        log: createLogger('silent'),
        firstDelayMs: 50,
        maxDelayMs: 200,
        prepare: async () => {
          await migrateToLatest(handle.db);
          return buildApp(handle.db);
        },
      });
      try {
        await sleep(200);
        const health = await request(startup.app).get('/helse');
        expect(health.status).toBe(503);
        expect(health.body).toEqual({ status: 'starting', database: 'unavailable', migrations: 'pending' });
        const page = await request(startup.app).get('/').set('Accept', 'text/html');
        expect(page.status).toBe(503);
        expect(page.text).toContain('venter på databasen');
        expect(startup.state()).toBe('starting');

        await proxy.start(port);
        const t0 = Date.now();
        await startup.ready;
        expect(Date.now() - t0).toBeLessThan(10_000);
        expect(startup.state()).toBe('ready');
        expect((await request(startup.app).get('/helse')).body).toEqual({ status: 'ok' });
        const migrated = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(handle.db);
        expect(migrated.rows[0]!.n).toBeGreaterThan(0);
        // a fresh installation: the first page leads to the setup
        expect((await request(startup.app).get('/')).status).toBe(303);
      } finally {
        startup.stop();
        await proxy.stop();
      }
    },
  );
});
