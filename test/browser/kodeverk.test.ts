import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { FIXTURES, extraScreenshot, submit, freshDatabase, launchBrowser, login, newPage, runDemo, screenshot, startServer, type RunningServer } from './support.ts';

const REGNSKAP = 'regnskap@lofoten.demo';
const GODKJENNER = 'godkjenner@lofoten.demo';
const KOMMUNER = [
  { nr: '1860', navn: 'Vestvågøy' },
  { nr: '1859', navn: 'Flakstad' },
  { nr: '1874', navn: 'Moskenes' },
];

/** Unzips a buffer into name → bytes. */
function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** Uploads a file in the register's section of the import page and waits until the preview has been read. */
async function uploadAndPreview(page: Page, register: string, file: string) {
  await page.goto('/t/lofoten/import');
  const section = page.locator(`#r-${register}`);
  await section.locator('input[type=file]').setInputFiles(file);
  await submit(page, section.getByRole('button', { name: 'Last opp og forhåndsvis' }));
  await page.waitForURL('**/import/opplasting/**');
  // Large files show «Filen leses …» and refresh themselves; the action row appears once the file is read.
  await page.locator('.actions').waitFor({ timeout: 30_000 });
}

async function commitPreview(page: Page, expectedFlash: RegExp) {
  await submit(page, page.getByRole('button', { name: 'Lagre som ny versjon' }));
  await page.waitForURL('**/t/lofoten/import');
  expect(await page.locator('.flash-ok').textContent()).toMatch(expectedFlash);
}

describe('the whole kodeverk in the browser: import, mapping, approval, export', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let server: RunningServer;
  let chrome: Awaited<ReturnType<typeof launchBrowser>>;
  let browser: Browser;
  let regnskap: Page;
  let godkjenner: Page;
  let tmp: string;

  beforeAll(async () => {
    db = await freshDatabase();
    // demo before the server: PGlite's data directory is locked by the running process
    await runDemo(db.env);
    [server, chrome] = await Promise.all([startServer(db.env), launchBrowser()]);
    browser = chrome.browser;
    regnskap = await newPage(browser, server.baseUrl);
    godkjenner = await newPage(browser, server.baseUrl);
    tmp = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'kodeverk-journey-'));
  });
  afterEach((ctx) => {
    // The server's own warnings and errors explain most failures of a journey.
    if (ctx.task.result?.state === 'fail') console.error(`server output:\n${server?.output() ?? ''}`);
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
    await db?.drop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('when regnskap uploads a kontoplan with an error, then the preview lists it, the marked workbook explains it, and the fixed file is saved', async () => {
    const page = regnskap;
    await login(page, REGNSKAP);
    expect(new URL(page.url()).pathname).toBe('/t/lofoten');
    // Empty states before anything is imported: each page says what to do first.
    for (const [url, name] of [
      ['/t/lofoten/kontering', 'tom-kontering'],
      ['/t/lofoten/godkjenning', 'tom-godkjenning'],
      ['/t/lofoten/eksport', 'tom-eksport'],
    ] as const) {
      await page.goto(url);
      await extraScreenshot(page, name);
    }
    expect(await page.locator('.warning-box').textContent()).toContain('Kontoplanen er ikke importert.');

    await uploadAndPreview(page, 'kontoplan', path.join(FIXTURES, 'kontoplan-med-feil.xlsx'));
    expect(await page.locator('.error-summary h2').first().textContent()).toMatch(/Filen har \d+ feil og kan ikke lagres/);
    expect(await page.locator('tr.issue-error').count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Lagre som ny versjon' }).count()).toBe(0);
    const firstError = (await page.locator('tr.issue-error td').nth(1).textContent())?.trim() ?? '';
    await screenshot(page, 'import-feil');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Last ned med feilmarkering' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const marked = path.join(tmp, download.suggestedFilename());
    await download.saveAs(marked);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(marked);
    const notes: string[] = [];
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          const note = cell.note;
          if (note) notes.push(typeof note === 'string' ? note : (note.texts ?? []).map((t) => t.text).join(''));
        }),
      ),
    );
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.join('\n')).toContain(firstError.slice(0, 20));

    await submit(page, page.getByRole('button', { name: 'Avbryt' }));
    await page.waitForURL('**/t/lofoten/import');

    await uploadAndPreview(page, 'kontoplan', path.join(FIXTURES, 'kontoplan.xlsx'));
    expect(await page.locator('tr.issue-error').count()).toBe(0);
    // the scheme line: which art scheme the plan was read with, and why
    expect(await page.locator('.art-scheme').textContent()).toMatch(/arter passer med kontoklasse \+ KOSTRA-art \+ lokalt siffer/);
    await page.evaluate(() => document.querySelector('.art-scheme')?.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'import-artsskjema', undefined, { top: false });
    await commitPreview(page, /Kontoplan.* er lagret som versjon 1\./);
  });

  it('when regnskap imports lønnsarter and utbetalingskategorier, then both are saved as version 1', async () => {
    const page = regnskap;
    // A list as a payroll system exports it: short headers and columns the register does not use. The preview's
    // column overview says what each column was read as.
    const exported = path.join(tmp, 'lonnsarter-fra-lonnssystemet.csv');
    fs.writeFileSync(
      exported,
      [
        'Lønnsart;Tekst;Konto;Skattepl.;Arb.g.avg;Ferie;Sist endret;Endret av',
        '510;Fosterhjem – arbeidsgodtgjørelse;10510;Ja;Ja;Nei;2025-11-03;kari',
        '520;Tilsynsfører – honorar;10520;Ja;Ja;Nei;2025-11-03;kari',
      ].join('\n'),
    );
    await uploadAndPreview(page, 'lonnsarter', exported);
    const overview = page.locator('table.column-overview');
    expect(await overview.locator('caption').textContent()).toContain('6 kolonner lest, 2 ikke brukt');
    expect(await overview.locator('tr', { hasText: 'Arb.g.avg' }).textContent()).toContain('AGA');
    expect(await page.getByText('Velg kolonner selv').count()).toBe(1);
    await page.evaluate(() => document.getElementById('kolonner')?.scrollIntoView());
    await screenshot(page, 'import-kolonner', undefined, { top: false });
    await submit(page, page.getByRole('button', { name: 'Avbryt' }));
    await page.waitForURL('**/t/lofoten/import');

    await uploadAndPreview(page, 'lonnsarter', path.join(FIXTURES, 'lonnsarter.xlsx'));
    await commitPreview(page, /er lagret som versjon 1\./);
    await uploadAndPreview(page, 'utbetalingskategorier', path.join(FIXTURES, 'utbetalingskategorier.xlsx'));
    await commitPreview(page, /er lagret som versjon 1\./);
    for (const r of ['kontoplan', 'lonnsarter', 'utbetalingskategorier']) expect(await page.locator(`#r-${r}`).textContent()).toContain('Gjeldende versjon: 1');
    await extraScreenshot(page, 'import-ferdig');
    await page.goto('/t/lofoten');
    await screenshot(page, 'oversikt');
  });

  it('when regnskap accepts the proposals, then every kommune has ansvar and funksjoner, the expired art is an error where it is used, and the fixed file clears the matrix', async () => {
    const page = regnskap;
    await page.goto('/t/lofoten/kontering/kommuner');
    for (const k of KOMMUNER) expect(await page.locator(`#k-${k.nr}`).textContent()).toContain('Forslag – ikke lagret');
    await extraScreenshot(page, 'kommuner-forslag');
    await submit(page, page.getByRole('button', { name: 'Bekreft alle sikre forslag' }));
    await page.waitForURL('**/kontering/kommuner**');
    expect(await page.locator('.flash-ok').first().textContent()).toBeTruthy();
    // A kommune whose proposal was not certain is confirmed with its own button, values untouched.
    for (const k of KOMMUNER) {
      const own = page.locator(`#k-${k.nr}`).getByRole('button', { name: `Bekreft og lagre ${k.navn}` });
      if ((await own.count()) === 0) continue;
      await submit(page, own);
      await page.waitForURL(`**/kontering/kommuner#k-${k.nr}`);
    }
    for (const k of KOMMUNER) expect(await page.locator(`#k-${k.nr}`).textContent()).toContain('Lagret av');

    // The example categories put VEIL on art 12700: KOSTRA 270 is gone from 2026, a warning in the kontoplan and an error
    // on every kontostreng that uses it (one per kommune).
    await page.goto('/t/lofoten/kontering');
    let counts = (await page.locator('.grid-counts').first().innerText()).replace(/\s+/g, ' ');
    expect(counts).toMatch(/\b3 med feil/);
    expect(await page.locator('main').innerText()).toContain('KOSTRA-art 270 er utgått fra 2026');
    // regnskap moves VEIL to 13700 (kjøp fra private) in the file and imports it again
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(FIXTURES, 'utbetalingskategorier.xlsx'));
    let moved = 0;
    wb.eachSheet((ws) =>
      ws.eachRow((row) => {
        if (!row.values || !JSON.stringify(row.values).includes('VEIL')) return;
        row.eachCell((cell) => {
          if (String(cell.value) === '12700') {
            cell.value = '13700';
            moved++;
          }
        });
      }),
    );
    expect(moved).toBe(1);
    const fixed = path.join(tmp, 'utbetalingskategorier-rettet.xlsx');
    await wb.xlsx.writeFile(fixed);
    await uploadAndPreview(page, 'utbetalingskategorier', fixed);
    await commitPreview(page, /er lagret som versjon 2\./);

    await page.goto('/t/lofoten/kontering');
    await screenshot(page, 'konteringsmatrise');
    counts = (await page.locator('.grid-counts').first().innerText()).replace(/\s+/g, ' ');
    expect(counts).toMatch(/\b0 med feil/);
    expect(counts).not.toMatch(/^0 kontostrenger/);
  });

  it('when regnskap chooses the modules and posting settings, then a wrong motkonto is refused beside the cell and the right one is saved', async () => {
    // Before the submission: settings are part of what the godkjenner approves.
    const page = regnskap;
    await page.goto('/t/lofoten/innstillinger/moduler');
    await page.getByLabel('Økonomi (utbetalinger)').selectOption('under_oppbygging');
    await page.getByLabel('Lønn', { exact: true }).selectOption('under_oppbygging');
    await submit(page, page.getByRole('button', { name: 'Lagre' }));
    await page.waitForURL('**/innstillinger**');
    expect(await page.locator('.flash-ok').textContent()).toBeTruthy();

    await page.goto('/t/lofoten/innstillinger/postering');
    // One form for the whole page: what is typed in one section is not lost when another is refused.
    const fillDefault = async (modul: string, [selskap, motkonto, bilagsserie]: [string, string, string]) => {
      await page.locator(`input[name="${modul}_standard_selskap"]`).fill(selskap);
      await page.locator(`input[name="${modul}_standard_motkonto"]`).fill(motkonto);
      await page.locator(`input[name="${modul}_standard_bilagsserie"]`).fill(bilagsserie);
    };
    const save = () => submit(page, page.getByRole('button', { name: 'Lagre postering' }));
    await page.getByLabel('System', { exact: true }).selectOption('visma_enterprise');
    // The demo kontoplan has no balance accounts, so a motkonto is checked by its format only: three digits is refused.
    await fillDefault('okonomi', ['1', '299', 'BV']);
    await fillDefault('lonn', ['1', '10100', 'LO']);
    await save();
    const cellError = page.locator('tr.default-row td.has-error .error');
    expect(await cellError.count()).toBe(1);
    expect(await cellError.textContent()).toMatch(/4–8 sifre/);
    // what was typed elsewhere on the page is still there
    expect(await page.getByLabel('System', { exact: true }).inputValue()).toBe('visma_enterprise');
    expect(await page.locator('input[name="lonn_standard_bilagsserie"]').inputValue()).toBe('LO');
    await extraScreenshot(page, 'postering-feil');

    await fillDefault('okonomi', ['1', '14700', 'BV']);
    await save();
    await page.waitForURL('**/innstillinger/postering');
    expect(await page.locator('.flash-ok').textContent()).toContain('Lagret: økonomisystemet, økonomi, lønn.');
    // What the user sees on landing at the anchor: the confirmation must still be in view.
    expect(await page.locator('.flash-ok').isVisible()).toBe(true);
    await extraScreenshot(page, 'postering-lagret-anker', { top: false });
    await page.goto('/t/lofoten/innstillinger/postering#modul-okonomi');
    await screenshot(page, 'innstillinger-postering', undefined, { top: false });
  });

  it('when regnskap submits and the godkjenner rejects Moskenes, then regnskap sees the comment, fixes it and resubmits, and the godkjenner approves all', async () => {
    await regnskap.goto('/t/lofoten/godkjenning');
    await submit(regnskap, regnskap.getByRole('button', { name: 'Send alle klare kommuner til godkjenning' }));
    await regnskap.waitForURL('**/godkjenning');
    expect(await regnskap.locator('.flash-ok').textContent()).toMatch(/Sendt til godkjenning: .*Moskenes/);

    await login(godkjenner, GODKJENNER);
    await godkjenner.goto('/t/lofoten/godkjenning');
    for (const k of KOMMUNER) expect(await godkjenner.locator(`#k-${k.nr} .badge`).first().textContent()).toBe('Til godkjenning');
    await screenshot(godkjenner, 'godkjenning');

    // Rejecting without saying what to fix is refused beside the field.
    const moskenes = () => godkjenner.locator('#k-1874');
    await submit(godkjenner, moskenes().getByRole('button', { name: 'Avvis Moskenes' }));
    expect(await godkjenner.locator('#k-1874 .has-error .error').first().textContent()).toContain('Skriv hva som må rettes');
    // The form sits low on the page; the summary at the top says what went wrong and links to the card.
    expect(await godkjenner.locator('main .error-summary').first().textContent()).toContain('Moskenes');
    await extraScreenshot(godkjenner, 'godkjenning-avvis-uten-kommentar');

    await moskenes().getByLabel('Hva må rettes?').fill('Moskenes fører ikke administrasjon hos oss: fjern funksjon 244.');
    await submit(godkjenner, moskenes().getByRole('button', { name: 'Avvis Moskenes' }));
    await godkjenner.waitForURL('**/godkjenning#k-1874');
    expect(await godkjenner.locator('.flash-ok').textContent()).toContain('Moskenes er avvist');
    expect(await godkjenner.locator('#k-1874 .badge').first().textContent()).toBe('Avvist');

    await regnskap.goto('/t/lofoten/godkjenning');
    expect(await regnskap.locator('#k-1874').textContent()).toContain('fjern funksjon 244');
    await regnskap.goto('/t/lofoten/kontering/kommuner');
    await regnskap
      .locator('#k-1874')
      .getByLabel(/administrasjon/)
      .selectOption('');
    await submit(regnskap, regnskap.locator('#k-1874').getByRole('button', { name: 'Lagre Moskenes' }));
    await regnskap.waitForURL('**/kontering/kommuner#k-1874');
    expect(await regnskap.locator('.flash-ok').textContent()).toContain('Ansvar og funksjoner for Moskenes er lagret.');
    await regnskap.goto('/t/lofoten/godkjenning');
    await submit(regnskap, regnskap.locator('#k-1874').getByRole('button', { name: 'Send Moskenes til godkjenning' }));
    await regnskap.waitForURL('**/godkjenning#k-1874');

    await godkjenner.goto('/t/lofoten/godkjenning');
    for (const k of KOMMUNER) {
      await submit(godkjenner, godkjenner.locator(`#k-${k.nr}`).getByRole('button', { name: `Godkjenn ${k.navn}` }));
      await godkjenner.waitForURL(`**/godkjenning#k-${k.nr}`);
      expect(await godkjenner.locator('.flash-ok').textContent()).toContain(`${k.navn} er godkjent.`);
    }
    for (const k of KOMMUNER) expect(await godkjenner.locator(`#k-${k.nr} .badge`).first().textContent()).toBe('Godkjent');
    await extraScreenshot(godkjenner, 'godkjenning-ferdig');
  });

  it('when everything is approved, then regnskap makes the final export and downloads a zip whose manifest checks out', async () => {
    const page = regnskap;
    await page.goto('/t/lofoten/eksport');
    expect(await page.locator('.ok-box').textContent()).toContain('Klar for endelig eksport');
    await submit(page, page.getByRole('button', { name: 'Lag endelig eksport' }));
    await page.waitForURL('**/t/lofoten/eksport');
    expect(await page.locator('.flash-ok').textContent()).toContain('Eksport nr. 1 er laget og lagret.');
    await screenshot(page, 'eksport');

    const link = page.locator('table a[href$="/eksport/1.zip"]');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const file = path.join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    const entries = await unzip(fs.readFileSync(file));
    const manifest = JSON.parse(entries.get('manifest.json')?.toString('utf8') ?? 'null') as {
      eksportnummer: number;
      utkast: boolean;
      innholdshash: string;
      filer: { sti: string; sha256: string; storrelse: number }[];
    };
    expect(manifest.eksportnummer).toBe(1);
    expect(manifest.utkast).toBe(false);
    // The hash the page shows is the package's content hash.
    expect(await page.locator('table code').first().textContent()).toBe(manifest.innholdshash);
    const listed = manifest.filer.map((f) => f.sti).sort();
    expect(listed).toEqual([...entries.keys()].filter((n) => n !== 'manifest.json').sort());
    expect(listed).toEqual(expect.arrayContaining(['kodeverk.json', 'kodeverk.xlsx', 'oversikt.html']));
    for (const f of manifest.filer) {
      const bytes = entries.get(f.sti)!;
      expect(bytes.length, f.sti).toBe(f.storrelse);
      expect(crypto.createHash('sha256').update(bytes).digest('hex'), f.sti).toBe(f.sha256);
    }
    const doc = JSON.parse(entries.get('kodeverk.json')!.toString('utf8')) as { innholdshash: string };
    expect(doc.innholdshash).toBe(manifest.innholdshash);
  });
});
