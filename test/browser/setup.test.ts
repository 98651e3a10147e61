import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { extraScreenshot, submit, freshDatabase, launchBrowser, newPage, screenshot, startServer, type RunningServer } from './support.ts';

describe('first-run setup in the browser', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let server: RunningServer;
  let chrome: Awaited<ReturnType<typeof launchBrowser>>;
  let browser: Browser;

  beforeAll(async () => {
    db = await freshDatabase();
    [server, chrome] = await Promise.all([startServer(db.env), launchBrowser()]);
    browser = chrome.browser;
  });
  afterEach((ctx) => {
    // The server's own warnings and errors explain most failures of a journey.
    if (ctx.task.result?.state === 'fail') console.error(`server output:\n${server?.output() ?? ''}`);
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
    await db?.drop();
  });

  it('when the database is empty, then the setup page creates the tjeneste and logs the administrator in', async () => {
    const page = await newPage(browser, server.baseUrl);
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/oppsett');
    await screenshot(page, 'oppsett');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Oppsett av barneverntjenesten');

    // A half-filled form comes back with the messages beside the fields and the user's values kept.
    await page.getByLabel('Navn', { exact: true }).fill('Lofoten barneverntjeneste');
    await page.getByLabel('Passord', { exact: true }).fill('kort');
    await submit(page, page.getByRole('button', { name: 'Opprett tjenesten' }));
    await page.waitForSelector('.error-summary');
    expect(await page.locator('.error-summary h2').textContent()).toBe('Skjemaet har feil');
    expect(await page.locator('#f-navn').inputValue()).toBe('Lofoten barneverntjeneste');
    expect(await page.locator('.field.has-error #f-slug').count()).toBe(1);
    expect(await page.locator('#e-admin_passord').textContent()).toBe('Passordet må ha minst 12 tegn.');
    // An empty choice gets one message that says what to do, not two about digits.
    expect(await page.locator('#e-vertskommune').textContent()).toBe('Velg en kommune.');
    expect(await page.locator('#e-organisasjonsnummer').textContent()).toBe('Organisasjonsnummer må fylles ut.');
    await extraScreenshot(page, 'oppsett-feil');

    await page.getByLabel('Kortnavn').fill('lofoten');
    await page.getByLabel('Organisasjonsnummer').fill('123456785');
    await page.getByLabel('Vertskommune').selectOption('1860');
    await page.getByLabel('Deltakerkommuner').selectOption(['1859', '1874']);
    await page.getByLabel('Ditt navn').fill('Ada Administrator');
    await page.getByLabel('E-post').fill('ada@lofoten.example');
    await page.getByLabel('Passord', { exact: true }).fill('et-langt-passord-1');
    await page.getByLabel('Gjenta passordet').fill('et-langt-passord-1');
    await submit(page, page.getByRole('button', { name: 'Opprett tjenesten' }));

    await page.waitForURL('**/t/lofoten');
    expect(await page.locator('.flash-ok').textContent()).toContain('Lofoten barneverntjeneste er opprettet');
    expect(await page.locator('.usernav').textContent()).toContain('Ada Administrator');
    await extraScreenshot(page, 'oversikt-ny');

    // The setup page is gone once a tjeneste exists.
    const again = await page.goto('/oppsett');
    expect(again?.status()).toBe(404);
  });
});
