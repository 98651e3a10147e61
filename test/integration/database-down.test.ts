import { afterAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { openDatabase, type DatabaseHandle } from '../../server/platform/db/database.ts';
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
async function appBehindProxy() {
  const test = await createTestDatabase();
  handles.push(test);
  const target = new URL(test.url!);
  const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const port = await proxy.start();
  const viaProxy = new URL(test.url!);
  viaProxy.host = `127.0.0.1:${port}`;
  const handle = await openDatabase({ databaseUrl: viaProxy.toString(), dataDir: '' });
  handles.push(handle);
  return { proxy, port, handle, app: buildApp(handle.db) };
}

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

  it.runIf(!!process.env.DATABASE_URL)('when many requests of a logged-in user are in flight as the database goes away, then each gets a clear 503, none crashes the app, and it recovers', async () => {
    const { proxy, port, handle, app } = await appBehindProxy();
    const t = await createTjeneste(handle.db);
    await prepareApprovedKodeverk(handle.db, t);
    const { agent, csrf } = await loginAgent(app, t.users.regnskap.email);
    const token = await csrf();
    const pages = ['', '/kontering', '/godkjenning', '/import', '/innstillinger/postering', '/eksport', '/logg', '/kontering/kommuner'];
    expect((await agent.get(`/t/${t.slug}/kontering`)).status).toBe(200);

    // some requests start while the database is there and lose it midway, the rest start after it is gone
    const inFlight = [...pages, ...pages].map((p) => agent.get(`/t/${t.slug}${p}`).then((r) => r));
    inFlight.push(agent.post(`/t/${t.slug}/godkjenning/send`).type('form').send({ _csrf: token }).then((r) => r));
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
  });
});
