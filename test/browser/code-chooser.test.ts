import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildTemplate } from '../../server/spreadsheet/index.ts';
import { lofotenKontoplan } from '../support/registers.ts';
import { freshDatabase, launchBrowser, login, newPage, runDemo, runKodeverk, startServer, submit, type RunningServer } from './support.ts';
import type { KontoplanRecord } from '../../server/kontoplan/kontoplan.definition.ts';
import { definitionFor } from '../../server/registers/registry.ts';

/*
 * The searchable code chooser (#14 item 7) in a real browser: a kontoplan with more ansvar than a select holds makes
 * each ansvar a typed field, and views/static/app.js offers the matching codes from the server as the user types.
 */
let server: RunningServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let dropDb: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  const db = await freshDatabase();
  dropDb = db.drop;
  await runDemo(db.env);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kodeverk-chooser-'));
  const kontoplan: KontoplanRecord[] = [...lofotenKontoplan()];
  for (let i = 0; i < 2_000; i++) kontoplan.push({ dimensjon: 'ansvar', kode: String(80000 + i), navn: `Prosjekt ${80000 + i}`, aktiv: true, kostra: null, kontoklasse: null });
  const file = path.join(dir, 'kontoplan.xlsx');
  fs.writeFileSync(file, await buildTemplate(definitionFor('kontoplan'), kontoplan));
  await runKodeverk(db.env, ['import', file, '--register', 'kontoplan', '--tjeneste', 'lofoten']);
  server = await startServer(db.env);
  ({ browser, close: closeBrowser } = await launchBrowser());
}, 180_000);
afterAll(async () => {
  await closeBrowser?.();
  await server?.stop();
  await dropDb?.();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('searchable code chooser', () => {
  it('when regnskap types part of an ansvar, then the matching codes are offered, the chosen one is named, and it is saved', async () => {
    const page = await newPage(browser, server.baseUrl);
    await login(page, 'regnskap@lofoten.demo');
    await page.goto('/t/lofoten/kontering/kommuner');
    const input = page.locator('#f-1859-ansvar');
    expect(await input.getAttribute('list')).toBe('koder-ansvar');
    await input.fill('');
    await input.pressSequentially('8012');
    // the answer to what was typed (the one asked for on focus lists the plan's first codes)
    await page.waitForFunction(() => {
      const options = [...document.querySelectorAll('#koder-ansvar option')] as HTMLOptionElement[];
      return options.length > 0 && options.every((o) => o.value.startsWith('8012'));
    });
    const offered = await page.locator('#koder-ansvar option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.every((v) => v.startsWith('8012'))).toBe(true);
    await input.fill('');
    await input.pressSequentially('80123');
    await page.waitForFunction(() => document.querySelector('#f-1859-ansvar-valgt')?.textContent?.includes('Valgt: 80123 Prosjekt 80123'));
    await submit(page, page.locator('#k-1859').getByRole('button', { name: /lagre Flakstad/ }));
    expect(await page.locator('.flash-ok').first().textContent()).toContain('Ansvar og funksjoner for Flakstad er lagret.');
    expect(await page.locator('#f-1859-ansvar').inputValue()).toBe('80123');
    await page.close();
  });
});
