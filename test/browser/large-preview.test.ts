import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildTemplate } from '../../server/spreadsheet/index.ts';
import { freshDatabase, launchBrowser, login, newPage, runDemo, screenshot, startServer, submit, type RunningServer } from './support.ts';
import type { KontoplanRecord } from '../../server/kontoplan/kontoplan.definition.ts';
import { definitionFor } from '../../server/registers/registry.ts';

// A kontoplan with thousands of warnings: the preview lists the first ones, sums all up by kind, and stays a page a
// person can read (and a phone can show) — the list of every warning was a 16 MB page.
describe('the preview of a file with many warnings', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let server: RunningServer;
  let chrome: Awaited<ReturnType<typeof launchBrowser>>;
  let browser: Browser;
  let tmp: string;

  beforeAll(async () => {
    db = await freshDatabase();
    await runDemo(db.env);
    [server, chrome] = await Promise.all([startServer(db.env), launchBrowser()]);
    browser = chrome.browser;
    tmp = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'kodeverk-large-'));
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') console.error(`server output:\n${server?.output() ?? ''}`);
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
    await db?.drop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lists 200 warnings, counts all 3,000 by kind, and does not scroll sideways at 390 px', async () => {
    const records: KontoplanRecord[] = [
      { dimensjon: 'art', kode: '10100', navn: 'Fastlønn', aktiv: true, kostra: null, kontoklasse: null },
      ...Array.from({ length: 2500 }, (_, i): KontoplanRecord => ({ dimensjon: 'ansvar', kode: String(400000 + i), navn: `Nedlagt ansvar ${i}`, aktiv: false, kostra: null, kontoklasse: null })),
      ...Array.from(
        { length: 500 },
        (_, i): KontoplanRecord => ({ dimensjon: 'art', kode: `9${String(i).padStart(3, '0')}0`, navn: `Art i ukjent klasse ${i}`, aktiv: true, kostra: null, kontoklasse: null }),
      ),
    ];
    const file = path.join(tmp, 'kontoplan-mange-advarsler.xlsx');
    fs.writeFileSync(file, await buildTemplate(definitionFor('kontoplan'), records));
    const page = await newPage(browser, server.baseUrl);
    await login(page, 'regnskap@lofoten.demo');
    await page.goto('/t/lofoten/import');
    const section = page.locator('#r-kontoplan');
    await section.locator('input[type=file]').setInputFiles(file);
    await submit(page, section.getByRole('button', { name: 'Last opp og forhåndsvis' }));
    await page.waitForURL('**/import/opplasting/**');
    await page.locator('.actions').waitFor({ timeout: 60_000 });

    expect(await page.locator('tr.issue-warning').count()).toBe(200);
    const cut = page.locator('.issue-cut');
    expect(await cut.locator('p').textContent()).toMatch(/Her vises de første 200 av 3\s?00\d advarsler/);
    expect(await cut.locator('tr[data-code="kode_inaktiv"] td').first().textContent()).toMatch(/2\s?500/);
    expect(await cut.locator('tr[data-code="kontoklasse_ukjent"] td').first().textContent()).toBe('500');
    expect(await page.getByRole('button', { name: 'Lagre som ny versjon' }).count()).toBe(1);
    await cut.scrollIntoViewIfNeeded();
    await screenshot(page, 'import-mange-advarsler', undefined, { top: false });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(sideways).toBeLessThanOrEqual(0);
  });
});
