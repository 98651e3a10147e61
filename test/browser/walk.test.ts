import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { extraScreenshot, freshDatabase, launchBrowser, login, runDemo, startServer, submit, type RunningServer } from './support.ts';

/**
 * Every page as each role, in a real browser, on a phone: the demo tjeneste with its example registers and mapping is
 * walked from the start page by following every link; no link may lead to an error, and no page may scroll sideways
 * at 390 px (a wide table scrolls in its own box). A refused form puts the keyboard focus on its error summary.
 */
let server: RunningServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let dropDb: () => Promise<void>;

beforeAll(async () => {
  const db = await freshDatabase();
  dropDb = db.drop;
  await runDemo(db.env, { filled: true });
  server = await startServer(db.env);
  ({ browser, close: closeBrowser } = await launchBrowser());
}, 120_000);
afterAll(async () => {
  await closeBrowser?.();
  await server?.stop();
  await dropDb?.();
});

const PHONE = { width: 390, height: 844 };

async function phonePage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: PHONE, locale: 'nb-NO', isMobile: true, hasTouch: true });
  context.setDefaultTimeout(30_000);
  return context.newPage();
}

/** Pages reached from the start page by links; downloads (zip, xlsx) are requested but not rendered. */
async function walk(page: Page, start: string, limit: number) {
  const queue = [start];
  const seen = new Set(queue);
  const broken: string[] = [];
  const sideways: string[] = [];
  let pages = 0;
  while (queue.length > 0 && pages < limit) {
    const url = queue.shift() as string;
    if (/\.(zip|xlsx)(\?|$)/.test(url)) {
      const res = await page.request.get(url);
      if (res.status() !== 200) broken.push(`${url} → ${res.status()}`);
      continue;
    }
    const res = await page.goto(url);
    pages++;
    const status = res?.status() ?? 0;
    if (status !== 200) {
      broken.push(`${url} → ${status}`);
      continue;
    }
    // against the phone's width, not innerWidth: a mobile browser widens its layout viewport to fit wide content
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scrollWidth > PHONE.width) sideways.push(`${url}: ${scrollWidth} px wide`);
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
    for (const raw of hrefs) {
      const href = raw.split('#')[0] ?? '';
      if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/static/')) continue;
      const key = href.replace(/\/versjoner\/\d+/, '/versjoner/N').replace(/side=\d+/, 'side=N');
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push(href);
    }
  }
  return { pages, broken, sideways };
}

describe('every page as each role, on a phone', () => {
  for (const role of ['admin', 'regnskap', 'godkjenner', 'lese'] as const) {
    it(`when ${role} follows every link, then no link is broken and no page scrolls sideways at 390 px`, async () => {
      const page = await phonePage();
      await login(page, `${role}@lofoten.demo`);
      const { pages, broken, sideways } = await walk(page, '/t/lofoten', 120);
      expect(broken).toEqual([]);
      expect(sideways).toEqual([]);
      expect(pages).toBeGreaterThan(10);
      await page.goto('/t/lofoten/kontering');
      await extraScreenshot(page, `telefon-kontering-${role}`);
      await page.context().close();
    });
  }

  it('when a form is refused, then the focus is on its error summary', async () => {
    const page = await phonePage();
    await login(page, 'regnskap@lofoten.demo');
    await page.goto('/t/lofoten/innstillinger/autopay');
    await page.getByLabel('Har vertskommunen Autopay-avtale for barneverntjenestens utbetalinger?').selectOption('ja');
    await page.getByLabel('Bankkonto barneverntjenesten betaler fra').fill('1234.56.78904');
    await submit(page, page.getByRole('button', { name: /Lagre/ }).first());
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary') === true);
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('kontrollsiffer');
    await page.context().close();
  });
});
