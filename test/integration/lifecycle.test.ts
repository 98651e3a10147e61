import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../server/platform/db/database.ts';
import { migrateToLatest } from '../../server/platform/db/migrate.ts';
import { createDemo, DEMO_PASSWORD } from '../../server/cli/demo.command.ts';
import { READ_INTERRUPTED } from '../../server/imports/import.service.ts';
import { createTestDatabase } from '../support/db.ts';
import { csrfFrom } from '../support/agent.ts';
import { writeKontoplanWorkbook } from '../../bench/import.bench.ts';
import request from 'supertest';

/*
 * The built server (what `npm start` runs: JavaScript from `tsc -p tsconfig.build.json`, no TypeScript loader), as
 * its own process: SIGTERM while a request is in flight, the request is still answered, the process exits 0 with
 * its database closed, and a new start serves again. Its access log: one line per request, route patterns only.
 * Runs on an on-disk PGlite (DATA_DIR, whose lock a clean stop releases) or a fresh PostgreSQL database.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// inside the project (test-output/ is ignored by git), so the build finds views/, templates/ and node_modules as dist/ does
const buildDir = path.join(root, 'test-output', `lifecycle-build-${process.pid}`);

let work: string;
let dataDir: string;
let databaseUrl: string | undefined;
let testDb: (DatabaseHandle & { url?: string }) | undefined;

interface Server {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function startServer(): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'info' };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  // node itself, not npm: the signal must reach the server
  const child = spawn(process.execPath, [path.join(buildDir, 'server/main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/helse`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return { child, port, output: () => output, exited };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not answer /helse within 30 s:\n${output}`);
}

function accessLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l['msg'] === 'request');
}

/** A raw HTTP exchange whose body is sent in two parts, so the test decides when the request is in flight. */
function slowPost(port: number, pathName: string, headers: Record<string, string>, body: string) {
  const socket = net.connect(port, '127.0.0.1');
  let response = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => (response += d));
  const ended = new Promise<string>((resolve, reject) => {
    socket.once('end', () => resolve(response));
    socket.once('error', reject);
  });
  const half = Math.floor(body.length / 2);
  const head = [`POST ${pathName} HTTP/1.1`, 'Host: 127.0.0.1', `Content-Length: ${Buffer.byteLength(body)}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
  const connected = new Promise<void>((r) => socket.once('connect', () => r()));
  return {
    sendFirstHalf: async () => {
      await connected;
      socket.write(head + body.slice(0, half));
    },
    sendRest: () => socket.write(body.slice(half)),
    ended,
  };
}

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', buildDir], { cwd: root });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'kodeverk-lifecycle-'));
  dataDir = path.join(work, 'data');
  if (process.env.DATABASE_URL) {
    testDb = await createTestDatabase();
    databaseUrl = testDb.url;
    await createDemo(testDb.db, new Date());
  } else {
    const h = await openDatabase({ dataDir });
    try {
      await migrateToLatest(h.db);
      await createDemo(h.db, new Date());
    } finally {
      await h.close();
    }
  }
}, 120_000);

afterAll(async () => {
  await testDb?.close();
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(buildDir, { recursive: true, force: true });
});

describe('the built server on SIGTERM', () => {
  it('when SIGTERM arrives while a login is in flight, then the login is answered, new connections are refused, the process exits 0 and the next start serves', async () => {
    const server = await startServer();
    const base = `http://127.0.0.1:${server.port}`;
    const page = await fetch(`${base}/logg-inn?token=hemmelig-i-url`);
    expect(page.status).toBe(200);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const body = new URLSearchParams({ _csrf: csrfFrom(await page.text()), email: 'regnskap@lofoten.demo', passord: DEMO_PASSWORD }).toString();

    const post = slowPost(server.port, '/logg-inn', { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie }, body);
    await post.sendFirstHalf();
    await new Promise((r) => setTimeout(r, 300)); // the server has the headers: the request is in flight
    server.child.kill('SIGTERM');
    // stopped accepting: a new connection is refused while the old request is still open (a busy machine may take
    // a moment to deliver the signal; the grace is 10 s)
    const probe = () =>
      new Promise<string>((resolve) => {
        const socket = net.connect(server.port, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
      });
    let refused = await probe();
    for (let i = 0; i < 40 && refused === 'connected'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      refused = await probe();
    }
    // refused, or reset when the kernel had queued the connection just as the listener closed (seen on Node 24):
    // either way it is never served
    expect(['ECONNREFUSED', 'ECONNRESET']).toContain(refused);
    expect(server.child.exitCode, 'the server waits for the request in flight').toBeNull();
    post.sendRest();

    const response = await post.ended;
    expect(response).toMatch(/^HTTP\/1\.1 303 /);
    expect(response).toMatch(/\r\nlocation: \/\r\n/i);
    expect(await server.exited).toBe(0);
    const output = server.output();
    expect(output).toContain('"msg":"stopped"');
    expect(output).not.toContain('requests cut at shutdown');

    // the access log: one line per request, the route and never the query string or the body
    const requestId = /x-request-id: ([0-9a-f-]+)/i.exec(response)?.[1];
    const lines = accessLines(output);
    const login = lines.find((l) => l['requestId'] === requestId);
    expect(login).toMatchObject({ method: 'POST', route: '/logg-inn', status: 303 });
    expect(login?.['durationMs']).toBeGreaterThan(300);
    expect(lines.find((l) => l['method'] === 'GET' && l['route'] === '/logg-inn')).toMatchObject({ status: 200 });
    expect(output).not.toContain('hemmelig-i-url');
    expect(output).not.toContain(DEMO_PASSWORD);
    expect(output).not.toContain('_csrf');

    // the database was closed cleanly (PGlite's lock released): a new start serves the logged-in session
    const again = await startServer();
    try {
      const sessionCookie = /set-cookie: ([^;\r\n]+)/i.exec(response)?.[1] ?? '';
      const tjenester = await fetch(`http://127.0.0.1:${again.port}/tjenester`, { headers: { Cookie: sessionCookie }, redirect: 'manual' });
      expect(tjenester.status).toBe(200);
    } finally {
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    }
  }, 90_000);

  it('when a tjeneste page is served, then its access line names the route pattern, the user and the tjeneste, not the slug in the path', async () => {
    const server = await startServer();
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const page = await fetch(`${base}/logg-inn`);
      const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const login = await fetch(`${base}/logg-inn`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
        body: new URLSearchParams({ _csrf: csrfFrom(await page.text()), email: 'regnskap@lofoten.demo', passord: DEMO_PASSWORD }),
      });
      expect(login.status).toBe(303);
      const session = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const overview = await fetch(`${base}/t/lofoten?filter=hemmelig-filter`, { headers: { Cookie: session } });
      expect(overview.status).toBe(200);
      const missing = await fetch(`${base}/finnes-ikke?x=hemmelig-404`, { headers: { Cookie: session } });
      expect(missing.status).toBe(404);
      const requestId = overview.headers.get('x-request-id');
      await new Promise((r) => setTimeout(r, 100));
      const lines = accessLines(server.output());
      expect(lines.find((l) => l['requestId'] === requestId)).toMatchObject({ method: 'GET', route: '/t/:slug', status: 200, tjeneste: 'lofoten', userId: expect.any(Number) });
      expect(lines.find((l) => l['requestId'] === missing.headers.get('x-request-id'))).toMatchObject({ route: null, path: '/finnes-ikke', status: 404 });
      expect(server.output()).not.toContain('hemmelig-');
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  }, 60_000);

  it('when SIGTERM arrives while an uploaded file is being read, then the read is marked interrupted before the database closes and the next start says so on its preview', async () => {
    const bigFile = fs.readFileSync(await writeKontoplanWorkbook(path.join(work, 'kontoplan-60k.xlsx'), 60_000));
    const server = await startServer();
    const base = `http://127.0.0.1:${server.port}`;
    const agent = request.agent(base);
    const page = await agent.get('/logg-inn');
    const login = await agent
      .post('/logg-inn')
      .type('form')
      .send({ email: 'regnskap@lofoten.demo', passord: DEMO_PASSWORD, _csrf: csrfFrom(page.text) });
    expect(login.status).toBe(303);
    // the session cookie, to show the restarted server (on a port of its own) that it is the same user
    const sessionCookie = ([] as string[])
      .concat(login.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .join('; ');
    expect(sessionCookie).toContain('kodeverk.sid=');
    const token = csrfFrom((await agent.get('/tjenester')).text);
    const upload = await agent.post('/t/lofoten/import/kontoplan').field('_csrf', token).attach('fil', bigFile, 'stor-kontoplan.xlsx');
    expect(upload.status, upload.text).toBe(303);
    const preview = upload.headers['location'] as string;
    expect((await agent.get(preview)).text).toContain('Filen leses');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"msg":"import reads interrupted"');

    // A port of its own: taking the old one again raced with other test files that start servers meanwhile (one of
    // theirs could get it and answer /helse). The session lives in the database, so the cookie carries over.
    const again = await startServer();
    try {
      const shown = await request(`http://127.0.0.1:${again.port}`).get(preview).set('Cookie', sessionCookie);
      expect(shown.status).toBe(200);
      expect(shown.text).toContain(READ_INTERRUPTED);
    } finally {
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    }
  }, 120_000);
});
