import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { Browser, Page } from 'playwright-core';
import { readZip } from '../../server/export/zip.ts';
import { freshDatabase, launchBrowser, login, newPage, runDemo, screenshot, startServer, submit, type RunningServer } from './support.ts';

const ADMIN = 'admin@lofoten.demo'; // the barnevernleder runs the meeting
const REGNSKAP = 'regnskap@lofoten.demo';
const GODKJENNER = 'godkjenner@lofoten.demo';

describe('the kodeverk meeting in the browser: agenda, Autopay decided, referat as .docx, e-mail to the godkjenner', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let server: RunningServer;
  let chrome: Awaited<ReturnType<typeof launchBrowser>>;
  let browser: Browser;
  let leder: Page;
  let smtp: SMTPServer;
  const mails: { to: string[]; raw: string }[] = [];

  beforeAll(async () => {
    db = await freshDatabase();
    await runDemo(db.env, { filled: true });
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    [server, chrome] = await Promise.all([startServer({ ...db.env, SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Kodeverk <kodeverk@lofoten.demo>' }), launchBrowser()]);
    browser = chrome.browser;
    leder = await newPage(browser, server.baseUrl);
  }, 120_000);
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') console.error(`server output:\n${server?.output() ?? ''}`);
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await db?.drop();
  });

  it('when the barnevernleder holds the meeting, then «Avklar Autopay» goes to regnskap with a deadline and the decision sets the Autopay setting', async () => {
    await login(leder, ADMIN);
    await leder.goto('/t/lofoten/moter');
    await leder.getByLabel('Dato').fill('2026-12-05');
    await leder.getByLabel('Tittel').fill('Kodeverkdag');
    await leder.getByLabel('Deltakere').fill('Ada Administrator, barnevernleder\nRita Regnskap, regnskap\nLønn (ikke til stede)');
    await submit(leder, leder.getByRole('button', { name: 'Opprett møtet' }));
    expect(leder.url()).toMatch(/\/t\/lofoten\/moter\/\d+$/);
    await expect.poll(() => leder.locator('h1').textContent()).toContain('Kodeverkdag – 5. desember 2026');

    const item = leder.locator('article.agenda-item', { hasText: 'Avklar Autopay' });
    await item.getByLabel('Ansvarlig', { exact: true }).selectOption({ label: 'regnskap (uten brukerkonto)' });
    await item.getByLabel('Frist').fill('2026-12-12');
    await item.getByLabel('Svar: har kommunen Autopay-avtale?').selectOption({ label: 'Ja' });
    await item.getByLabel('Bankkonto det betales fra').fill('4530.12.34566');
    await item.getByLabel('Skal økonomi godkjenne i Autopay?').selectOption({ label: 'Ja' });
    await item.getByLabel('Antall godkjennere').selectOption('2');
    await item.getByLabel('Notater fra møtet').fill('Regnskap bekreftet avtalen med banken i møtet.');
    await submit(leder, item.getByRole('button', { name: 'Lagre' }));
    const saved = leder.locator('article.agenda-item', { hasText: 'Avklar Autopay' });
    expect(await saved.innerText()).toContain('Beslutning: Autopay-avtale: ja, fra konto 4530.12.34566. Godkjenning i Autopay: ja, 2 godkjennere');
    await saved.scrollIntoViewIfNeeded();
    await screenshot(leder, 'mote', undefined, { top: false });

    // the setting says the same
    await leder.goto('/t/lofoten/innstillinger/autopay');
    expect(await leder.getByLabel('Bankkonto barneverntjenesten betaler fra').inputValue()).toBe('4530.12.34566');
    // and the open questions page shows the owner of what is left
    await leder.goto('/t/lofoten/sporsmal');
    await screenshot(leder, 'sporsmal');
  });

  it('when the referat is downloaded, then it is a Word document with the decision', async () => {
    await leder.goto('/t/lofoten/moter');
    await submit(leder, leder.getByRole('link', { name: 'Kodeverkdag' }));
    const [download] = await Promise.all([leder.waitForEvent('download'), leder.getByRole('link', { name: 'Last ned referat (.docx)' }).click()]);
    expect(download.suggestedFilename()).toBe('referat-kodeverkdag-2026-12-05.docx');
    const file = await download.path();
    const files = await readZip(fs.readFileSync(file));
    const xml = files.find((f) => f.path === 'word/document.xml')!.data.toString('utf8');
    expect(xml).toContain('Avklar Autopay');
    expect(xml).toContain('Autopay-avtale: ja, fra konto 4530.12.34566');
  });

  it('when regnskap sends the kommuner to approval, then the godkjenner gets an e-mail', async () => {
    const regnskap = await newPage(browser, server.baseUrl);
    await login(regnskap, REGNSKAP);
    await regnskap.goto('/t/lofoten/godkjenning');
    await submit(regnskap, regnskap.getByRole('button', { name: 'Send alle klare kommuner til godkjenning' }));
    // the worker sends the outbox every 15 s
    await expect.poll(() => mails.filter((m) => m.to.includes(GODKJENNER)).length, { timeout: 60_000, interval: 500 }).toBeGreaterThan(0);
    const mail = mails.find((m) => m.to.includes(GODKJENNER))!;
    // the subject is encoded (UTF-8); the envelope and the sender are plain
    expect(mail.raw).toContain('From: Kodeverk <kodeverk@lofoten.demo>');
    expect(mail.raw).toContain(`To: ${GODKJENNER}`);
  }, 90_000);
});
