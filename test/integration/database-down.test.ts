import { afterAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { openDatabase, type DatabaseHandle } from '../../server/platform/db/database.ts';
import { buildApp } from '../support/app.ts';
import { createTestDatabase } from '../support/db.ts';
import { closedPort, TcpProxy } from '../support/tcp-proxy.ts';

const handles: DatabaseHandle[] = [];
afterAll(async () => {
  for (const h of handles.reverse()) await h.close();
});

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
    const test = await createTestDatabase();
    handles.push(test);
    const target = new URL(test.url!);
    const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const port = await proxy.start();
    const viaProxy = new URL(test.url!);
    viaProxy.host = `127.0.0.1:${port}`;
    const handle = await openDatabase({ databaseUrl: viaProxy.toString(), dataDir: '' });
    handles.push(handle);
    const app = buildApp(handle.db);

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
});
