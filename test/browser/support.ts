import { spawn, execFile, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

const run = promisify(execFile);
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures');
export const SCREENSHOTS = path.join(ROOT, 'docs/screenshots');
export const DEMO_PASSWORD = 'demo-passord-lofoten';

/**
 * A database for one journey, outside this process (the server runs as a child): a fresh PGlite data directory, or
 * — when DATABASE_URL is set (CI) — a newly created PostgreSQL database, dropped again by drop().
 */
export async function freshDatabase(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kodeverk-browser-'));
    return { env: { DATA_DIR: dir }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `kodeverk_browser_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // Only what the app reads, so a DATABASE_URL of the test runner never leaks into a PGlite journey.
  const { DATABASE_URL: _u, DATA_DIR: _d, PORT: _p, ...rest } = process.env;
  return { ...rest, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...extra };
}

/** `kodeverk demo` against the journey's database: Lofoten with one user per role (filled: with the example registers and mapping). */
export async function runDemo(env: Record<string, string>, { filled = false } = {}): Promise<void> {
  await run(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', 'demo', ...(filled ? [] : ['--tom'])], { cwd: ROOT, env: childEnv(env) });
}

/** Any `kodeverk` command against the journey's database (e.g. an import of a generated file). */
export async function runKodeverk(env: Record<string, string>, args: string[]): Promise<void> {
  await run(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', ...args], { cwd: ROOT, env: childEnv(env) });
}

export interface RunningServer {
  baseUrl: string;
  /** What the server printed so far (warnings and errors: LOG_LEVEL=warn), for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

/** The real server as a child process (`node --import tsx server/main.ts`), ready when /helse answers. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  // PORT=0: the server takes a port the kernel gives it and prints it. Picking a "free" port here and handing it over
  // raced between journeys running side by side (both got the same port, one talked to the other's server).
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: childEnv({ ...env, PORT: '0', HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const deadline = Date.now() + 30_000;
  let baseUrl = '';
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    const port = /kjører på http:\/\/127\.0\.0\.1:(\d+)\//.exec(output)?.[1];
    if (port) {
      baseUrl = `http://127.0.0.1:${port}`;
      try {
        const res = await fetch(`${baseUrl}/helse`);
        if (res.ok) break;
      } catch {
        // not answering yet
      }
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start in 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    baseUrl,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  // playwright-core gives every launch a fresh temporary profile (user-data-dir) and removes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return { browser, close: () => browser.close() };
}

/** A new page in its own context (own cookies) at the README's screenshot size. */
export async function newPage(browser: Browser, baseUrl: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 }, acceptDownloads: true, locale: 'nb-NO' });
  context.setDefaultTimeout(30_000);
  return context.newPage();
}

export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/logg-inn');
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Passord').fill(password);
  await submit(page, page.getByRole('button', { name: 'Logg inn' }));
  if (new URL(page.url()).pathname.startsWith('/logg-inn')) {
    throw new Error(`login failed for ${email}: ${(await page.locator('main').innerText()).slice(0, 500)}`);
  }
}

/**
 * Clicks a submit button and waits until the page it leads to has loaded (post/redirect/get). The old document is
 * marked first and we wait for a document without the mark: navigation events and URLs are not enough when the
 * redirect returns to the same address, or when a slow server answers after the events of the old page.
 */
export async function submit(page: Page, button: Locator): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { kodeverkOld?: boolean }).kodeverkOld = true;
  });
  await button.click();
  await page.waitForFunction(() => !(window as unknown as { kodeverkOld?: boolean }).kodeverkOld && document.readyState === 'complete', undefined, { timeout: 30_000 });
}

/** A viewport-sized PNG of the top of the page for the README (SCREENSHOTS=0 skips writing them). */
export async function screenshot(page: Page, name: string, dir = SCREENSHOTS, { top = true } = {}): Promise<void> {
  if (process.env.SCREENSHOTS === '0') return;
  fs.mkdirSync(dir, { recursive: true });
  if (top) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(dir, `${name}.png`), type: 'png' });
}

/** Extra screenshots for looking at states the README does not show (SCREENSHOTS_EXTRA=dir). */
export async function extraScreenshot(page: Page, name: string, opts: { top?: boolean } = {}): Promise<void> {
  const dir = process.env.SCREENSHOTS_EXTRA;
  if (dir) await screenshot(page, name, dir, opts);
}
