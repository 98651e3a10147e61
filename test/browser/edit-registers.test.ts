import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freshDatabase, launchBrowser, login, newPage, ROOT, runDemo, screenshot, startServer, submit, type RunningServer } from './support.ts';

const REGNSKAP = 'regnskap@lofoten.demo';
const ADMIN = 'admin@lofoten.demo';

describe('fixing registers where they are shown: edit, restore, and a removal that says its cost first', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let server: RunningServer;
  let chrome: Awaited<ReturnType<typeof launchBrowser>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    db = await freshDatabase();
    await runDemo(db.env, { filled: true });
    [server, chrome] = await Promise.all([startServer(db.env), launchBrowser()]);
    browser = chrome.browser;
    page = await newPage(browser, server.baseUrl);
  }, 120_000);
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') console.error(`server output:\n${server?.output() ?? ''}`);
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
    await db?.drop();
  });

  it('when regnskap fixes a name and sets AGA on two lønnsarter, then one new version is saved with both', async () => {
    await login(page, REGNSKAP);
    await page.goto('/t/lofoten/import');
    await submit(page, page.locator('#r-lonnsarter').getByRole('link', { name: 'Rediger i appen' }));
    await page.getByLabel('Lønnsart 521: Navn').fill('Støttekontakt – timer');
    await page.getByLabel('Velg Lønnsart 610').check();
    await page.getByLabel('Velg Lønnsart 650').check();
    await page.getByLabel('Med de valgte radene').selectOption({ label: 'Sett AGA = Ja' });
    await page.getByLabel('Hvorfor endrer du? (valgfritt)').fill('Rettet etter kodeverkmøtet');
    await screenshot(page, 'rediger-register');
    await submit(page, page.getByRole('button', { name: 'Lagre som ny versjon' }));
    expect(await page.locator('.flash-ok').textContent()).toContain('Lønnsarter er lagret som versjon 2 (3 endret, 0 lagt til, 0 fjernet).');
    expect(await page.getByLabel('Lønnsart 521: Navn').inputValue()).toBe('Støttekontakt – timer');
    expect(await page.getByLabel('Lønnsart 610: AGA').inputValue()).toBe('Ja');
    expect(await page.getByLabel('Lønnsart 650: AGA').inputValue()).toBe('Ja');
  });

  it('when a bad value is typed, then the save is refused with the import’s Norwegian message at the row', async () => {
    await page.getByLabel('Lønnsart 510: Art').fill('99999');
    await submit(page, page.getByRole('button', { name: 'Lagre som ny versjon' }));
    expect(await page.locator('.error-summary h2').first().textContent()).toContain('Ikke lagret: én verdi må rettes.');
    expect(await page.locator('#rad-0').textContent()).toMatch(/99999.*finnes ikke i kontoplanen/);
    await page.getByLabel('Lønnsart 510: Art').fill('10510');
  });

  it('when a funksjon is added to the kontoplan, then it is saved with the other rows as they were', async () => {
    await page.goto('/t/lofoten/import/kontoplan/rediger');
    await page.getByLabel('Ny rad 1: Dimensjon').selectOption({ label: 'Funksjon' });
    await page.getByLabel('Ny rad 1: Kode').fill('2512');
    await page.getByLabel('Ny rad 1: Navn').fill('Tiltak i hjemmet – foreldrestøtte');
    await submit(page, page.getByRole('button', { name: 'Lagre som ny versjon' }));
    expect(await page.locator('.flash-ok').textContent()).toContain('Kontoplan er lagret som versjon 2 (0 endret, 1 lagt til, 0 fjernet).');
    expect(await page.getByLabel('Funksjon 2512: Navn').inputValue()).toBe('Tiltak i hjemmet – foreldrestøtte');
  });

  it('when version 1 of the lønnsarter is restored, then the page shows what changes first and saving makes version 3', async () => {
    await page.goto('/t/lofoten/import/lonnsarter/versjoner');
    expect(await page.locator('tbody tr').first().textContent()).toContain('Endret i appen');
    await submit(page, page.getByRole('link', { name: 'Gjenopprett' }));
    const text = await page.locator('main').innerText();
    expect(text).toContain('Lønnsart 521 Støttekontakt – godtgjørelse: Navn Støttekontakt – timer → Støttekontakt – godtgjørelse');
    expect(text).toContain('AGA Ja → Nei');
    await screenshot(page, 'gjenopprett-versjon');
    await page.getByLabel('Hvorfor gjenoppretter du? (valgfritt)').fill('AGA var riktig før');
    await submit(page, page.getByRole('button', { name: 'Gjenopprett versjon 1 som ny versjon' }));
    expect(await page.locator('.flash-ok').textContent()).toContain('Lønnsarter versjon 1 er gjenopprettet som versjon 3.');
    expect(await page.locator('tbody tr').first().textContent()).toContain('Gjenopprettet fra versjon 1');
  });

  it('when a file has «Fosterhjem» as tiltakstype on four kategorier, then it is mapped once in the preview for all of them, and the file then matches the current version', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(ROOT, 'templates/demo/utbetalingskategorier.xlsx'));
    let changed = 0;
    wb.getWorksheet('Utbetalingskategorier')?.eachRow((row) => {
      if (row.getCell(4).value === 'Utenfor hjemmet') {
        row.getCell(4).value = 'Fosterhjem';
        changed++;
      }
    });
    expect(changed).toBe(4);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kodeverk-edit-')), 'kategorier-fra-okonomi.xlsx');
    await wb.xlsx.writeFile(file);
    await page.goto('/t/lofoten/import');
    const section = page.locator('#r-utbetalingskategorier');
    await section.locator('input[type=file]').setInputFiles(file);
    await submit(page, section.getByRole('button', { name: 'Last opp og forhåndsvis' }));
    await page.locator('.actions').waitFor({ timeout: 30_000 });
    expect(await page.locator('main').innerText()).toContain('«Fosterhjem» er ikke en tiltakstype vi kjenner.');
    await page.getByLabel('Les «Fosterhjem» i Tiltakstype som').selectOption('Utenfor hjemmet');
    await page.locator('#rett-her').scrollIntoViewIfNeeded();
    await screenshot(page, 'rett-i-forhandsvisning', undefined, { top: false });
    await submit(page, page.getByRole('button', { name: 'Rett og les på nytt' }));
    await page.locator('.actions').waitFor({ timeout: 30_000 });
    const text = await page.locator('main').innerText();
    expect(text).toContain('«fosterhjem» i Tiltakstype er lest som «Utenfor hjemmet» på 4 rader');
    expect(text).toContain('Innholdet er likt gjeldende versjon');
    await submit(page, page.getByRole('button', { name: 'Lagre som ny versjon' }));
    expect(await page.locator('.flash-info').textContent()).toContain('Innholdet er likt gjeldende versjon (v1) – ingen ny versjon ble laget.');
  });

  it('when the admin removes Flakstad, then the page says what is lost before anything is removed, and adding it again brings its tilknytning back', async () => {
    const admin = await newPage(browser, server.baseUrl);
    await login(admin, ADMIN);
    await admin.goto('/t/lofoten/kommuner');
    await submit(admin, admin.getByRole('row', { name: /1859/ }).getByRole('link', { name: 'Fjern …' }));
    const cost = await admin.locator('main').innerText();
    expect(cost).toContain('Fjerne Flakstad fra tjenesten?');
    expect(cost).toMatch(/Flakstad har \d+ kontostrenger i konteringsmatrisen og er ikke sendt til godkjenning ennå\./);
    expect(cost).toContain('Tilknytningen: ansvar 7110');
    await screenshot(admin, 'fjern-kommune');
    await submit(admin, admin.getByRole('button', { name: 'Fjern Flakstad' }));
    expect(await admin.locator('.flash-ok').textContent()).toContain('Kommunen er fjernet.');
    expect(await admin.locator('table').first().innerText()).not.toContain('1859');

    await admin.getByLabel('Kommune').selectOption('1859');
    await submit(admin, admin.getByRole('button', { name: 'Legg til' }));
    await admin.goto('/t/lofoten/kontering/kommuner');
    expect(await admin.locator('#k-1859').textContent()).toContain('7110');
  });
});
