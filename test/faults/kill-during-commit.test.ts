import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { openDatabase, type DatabaseHandle } from '../../server/platform/db/database.ts';
import { migrateToLatest } from '../../server/platform/db/migrate.ts';
import { createDemo, DEMO_PASSWORD } from '../../server/cli/demo.command.ts';
import { registerContentHash } from '../../server/registers/content-hash.ts';
import { lofotenKontoplan, seedRegisters } from '../support/registers.ts';
import { createTestDatabase } from '../support/db.ts';
import { csrfFrom } from '../support/agent.ts';
import { writeKontoplanWorkbook } from '../../bench/import.bench.ts';

/*
 * The real server (node, not npm: killing npm would leave the server running) is killed with SIGKILL while a
 * 100,000-row kontoplan is being committed, at several points after the commit request is sent. After each kill
 * the database must hold the previous version intact and no partial version, and a restarted server serves pages.
 * Runs on an on-disk PGlite (DATA_DIR) or, when DATABASE_URL is set (CI), a fresh PostgreSQL database.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROWS = 100_000;
const KILL_AFTER_MS = [50, 300, 1000, 2500];

let work: string;
let dataDir: string;
let databaseUrl: string | undefined;
let dropDatabase: (() => Promise<void>) | undefined;
let server: { child: ChildProcess; url: string; output: () => string } | null = null;
let bigFile: Buffer;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function startServer() {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'warn', UPLOAD_LIMIT_MB: '50' };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`${url}/helse`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return (server = { child, url, output: () => output });
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not answer /helse within 30 s:\n${output}`);
}

async function killServer() {
  if (!server) return;
  const { child } = server;
  server = null;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

async function withDb<T>(fn: (h: DatabaseHandle) => Promise<T>): Promise<T> {
  // PGlite's data directory is locked by its process: only open it while the server is down.
  const h = await openDatabase({ databaseUrl, dataDir });
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

interface VersionState {
  version_no: number;
  content_hash: string;
  rows: number;
  recomputed: string;
}

/** Every kontoplan version with its stored hash, its row count and the hash recomputed from its rows. */
async function kontoplanVersions(): Promise<VersionState[]> {
  return withDb(async ({ db }) => {
    const versions = await db.selectFrom('register_version').select(['id', 'version_no', 'content_hash', 'register']).orderBy('register').orderBy('version_no').execute();
    const out: VersionState[] = [];
    for (const v of versions) {
      expect(v.register, 'only the kontoplan is imported in this test').toBe('kontoplan');
      const rows = await db.selectFrom('kontoplan_konto').select(['dimensjon', 'kode', 'navn', 'aktiv', 'kostra', 'kontoklasse']).where('version_id', '=', v.id).execute();
      out.push({ version_no: v.version_no, content_hash: v.content_hash, rows: rows.length, recomputed: registerContentHash('kontoplan', rows) });
    }
    return out;
  });
}

async function login(url: string) {
  const agent = request.agent(url);
  const page = await agent.get('/logg-inn');
  const res = await agent
    .post('/logg-inn')
    .type('form')
    .send({ email: 'regnskap@lofoten.demo', passord: DEMO_PASSWORD, _csrf: csrfFrom(page.text) });
  expect(res.status).toBe(303);
  const token = csrfFrom((await agent.get('/tjenester')).text);
  return { agent, token };
}

/** Uploads the big kontoplan and waits for the background read; returns the preview URL. */
async function uploadBig(agent: ReturnType<typeof request.agent>, token: string): Promise<string> {
  const res = await agent.post('/t/lofoten/import/kontoplan').field('_csrf', token).attach('fil', bigFile, 'stor-kontoplan.xlsx');
  expect(res.status, res.text).toBe(303);
  const location = res.headers.location as string;
  for (let i = 0; i < 1200; i++) {
    const page = await agent.get(location);
    expect(page.status).toBe(200);
    if (!page.text.includes('Filen leses …')) {
      expect(page.text).toContain('Lagre som ny versjon');
      return location;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the 100,000-row file was still being read after 5 minutes');
}

let previous: VersionState;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'kodeverk-kill-'));
  dataDir = path.join(work, 'data');
  if (process.env.DATABASE_URL) {
    // a fresh database, already migrated; its handle stays open until afterAll drops it
    const handle = await createTestDatabase();
    databaseUrl = handle.url;
    dropDatabase = () => handle.close();
  }
  await withDb(async ({ db }) => {
    await migrateToLatest(db);
    const { tjenesteId } = await createDemo(db, new Date());
    await seedRegisters(db, tjenesteId, { kontoplan: lofotenKontoplan() });
  });
  const file = path.join(work, 'stor-kontoplan.xlsx');
  await writeKontoplanWorkbook(file, ROWS);
  bigFile = fs.readFileSync(file);
  const versions = await kontoplanVersions();
  expect(versions).toHaveLength(1);
  previous = versions[0]!;
  expect(previous.rows).toBe(lofotenKontoplan().length);
}, 180_000);

afterAll(async () => {
  await killServer();
  await dropDatabase?.();
  fs.rmSync(work, { recursive: true, force: true });
}, 60_000);

describe('faults: SIGKILL while a 100,000-row kontoplan is committed', () => {
  it('when the server is killed at several points of the commit, then after each restart the previous version is intact, no partial version exists and pages are served', async () => {
    let pending: string | null = null;
    const outcomes: string[] = [];
    for (const delay of KILL_AFTER_MS) {
      const { url } = await startServer();
      const { agent, token } = await login(url);
      // the pending import survives a kill (it is in the database): reuse it when the last commit did not happen
      if (!pending || (await agent.get(pending)).status !== 200) pending = await uploadBig(agent, token);
      const sent = agent
        .post(`${pending}/lagre`)
        .type('form')
        // the big file replaces the demo kontoplan's codes: the removal is confirmed as the preview asks
        .send({ _csrf: token, bekreft_fjerning: 'ja' })
        .then(
          (r) => `answered ${r.status}`,
          (e: Error) => `cut off (${e.message})`,
        );
      await new Promise((r) => setTimeout(r, delay));
      await killServer();
      outcomes.push(`kill after ${delay} ms: ${await sent}`);

      const versions = await kontoplanVersions();
      // the previous version is untouched
      expect(versions[0]).toEqual(previous);
      // no partial version: every version holds exactly the rows its hash was computed from, and none is empty
      for (const v of versions) {
        expect(v.rows, `version ${v.version_no} has no rows`).toBeGreaterThan(0);
        expect(v.recomputed, `version ${v.version_no} does not hold the rows it was saved with`).toBe(v.content_hash);
      }
      // at most one new version, and then a complete one (the commit may have finished before the kill)
      expect(versions.length).toBeLessThanOrEqual(2);
      if (versions.length === 2) {
        expect(versions[1]!.rows).toBe(ROWS);
        outcomes.push(`  → the commit had finished: version 2 complete with ${ROWS} rows`);
        pending = null;
        await withDb(async ({ db }) => {
          // start the next round from the small version again by removing the finished one completely
          const v2 = await db.selectFrom('register_version').select('id').where('version_no', '=', 2).executeTakeFirstOrThrow();
          await db.deleteFrom('kontoplan_konto').where('version_id', '=', v2.id).execute();
          await db.deleteFrom('register_version').where('id', '=', v2.id).execute();
        });
        previous = (await kontoplanVersions())[0]!;
      } else outcomes.push('  → killed mid-commit: only version 1, intact');

      // a restarted server serves pages on the recovered database
      const restarted = await startServer();
      const again = await login(restarted.url);
      const dashboard = await again.agent.get('/t/lofoten');
      expect(dashboard.status).toBe(200);
      const history = await again.agent.get('/t/lofoten/import/kontoplan/versjoner');
      expect(history.status).toBe(200);
      await killServer();
    }
    // Finally the same commit without a kill: it must succeed with every row, and it must take longer than the
    // early kill points, or those kills did not land inside the commit and the test proved nothing.
    const { url } = await startServer();
    const { agent, token } = await login(url);
    if (!pending || (await agent.get(pending)).status !== 200) pending = await uploadBig(agent, token);
    const started = Date.now();
    const done = await agent.post(`${pending}/lagre`).type('form').send({ _csrf: token, bekreft_fjerning: 'ja' });
    const commitMs = Date.now() - started;
    expect(done.status).toBe(303);
    expect((await agent.get('/t/lofoten/import')).text).toContain('er lagret som versjon 2');
    await killServer();
    const after = await kontoplanVersions();
    expect(after.map((v) => [v.version_no, v.rows, v.recomputed === v.content_hash])).toEqual([
      [1, lofotenKontoplan().length, true],
      [2, ROWS, true],
    ]);
    outcomes.push(`an uninterrupted commit took ${commitMs} ms`);
    console.log(outcomes.join('\n'));
    expect(outcomes.filter((o) => o.includes('killed mid-commit')).length).toBeGreaterThan(0);
    expect(commitMs).toBeGreaterThan(KILL_AFTER_MS[1]!);
  }, 600_000);
});
