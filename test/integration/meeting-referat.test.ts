import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { buildApp } from '../support/app.ts';
import { createTestDatabase } from '../support/db.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { loginAgent, type Agent } from '../support/agent.ts';
import { binaryParser } from '../support/binary.ts';
import { seedRegisters } from '../support/registers.ts';
import { readZip } from '../../server/export/zip.ts';
import type { Db } from '../../server/platform/db/database.ts';

const NOW = new Date('2026-12-05T10:00:00Z');
let db: Db;
let app: Express;
let close: () => Promise<void>;
beforeAll(async () => {
  const handle = await createTestDatabase();
  db = handle.db;
  close = () => handle.close();
  app = buildApp(db, {}, () => NOW);
});
afterAll(() => close());

const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;

/** The text of each paragraph of word/document.xml, runs joined. */
function paragraphs(xml: string): string[] {
  const unescapeXml = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  return (xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []).map((p) => unescapeXml([...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((m) => m[1] ?? '\n').join('')));
}

/** A meeting with the Autopay decision, a note, a free item and a question given to regnskap. */
async function heldMeeting(t: TestTjeneste): Promise<{ agent: Agent; url: string }> {
  await seedRegisters(db, t.id);
  const { agent, csrf } = await loginAgent(app, t.users.admin.email);
  const created = await agent
    .post(`/t/${t.slug}/moter`)
    .type('form')
    .send({ _csrf: await csrf(), dato: '2026-12-05', tittel: 'Kodeverkdag', deltakere: 'Kari Nordmann, barnevernleder\nOla Hansen, regnskap' });
  const url = String(created.headers.location);
  const id = Number(url.split('/').pop());
  const items = await db.selectFrom('meeting_item').selectAll().where('meeting_id', '=', id).execute();
  const autopay = items.find((i) => i.title === 'Avklar Autopay')!;
  const godkjenning = items.find((i) => i.title === 'Få alle kommuner godkjent')!;
  await agent
    .post(`${url}/punkter/${autopay.id}`)
    .type('form')
    .send({
      _csrf: await csrf(),
      sporsmal: 'autopay',
      notater: 'Banken har bekreftet kontoen.\nAvtalen gjelder fra januar.',
      ansvarlig: 'p:regnskap',
      frist: '2026-12-12',
      status: 'apen',
      avtale: 'ja',
      kontonummer: '4530.12.34566',
      godkjenning: 'ja',
      antall_godkjennere: '2',
    });
  await agent
    .post(`${url}/punkter/${godkjenning.id}`)
    .type('form')
    .send({ _csrf: await csrf(), sporsmal: 'godkjenning', notater: '', ansvarlig: 'p:regnskap', frist: '2026-12-01', status: 'apen' });
  await agent
    .post(`${url}/punkter`)
    .type('form')
    .send({ _csrf: await csrf(), tittel: 'Rutiner for refusjon & egenandel', omrade: '' });
  await agent
    .post(url)
    .type('form')
    .send({ _csrf: await csrf(), dato: '2026-12-05', tittel: 'Kodeverkdag', deltakere: 'Kari Nordmann, barnevernleder\nOla Hansen, regnskap', notater: 'Lønn deltar neste gang.' });
  return { agent, url };
}

const download = (agent: Agent, url: string) => agent.get(`${url}/referat.docx`).buffer(true).parse(binaryParser);

describe('«Last ned referat (.docx)»', () => {
  it('when the referat is downloaded, then it is a Word document with the meeting, the decisions, the follow-up per area, the checklist and the kommuner', async () => {
    const t = await createTjeneste(db);
    const { agent, url } = await heldMeeting(t);
    const res = await download(agent, url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toContain('referat-kodeverkdag-2026-12-05.docx');

    const files = await readZip(res.body as Buffer);
    const names = files.map((f) => f.path);
    expect(names).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'docProps/core.xml']));
    const xml = files.find((f) => f.path === 'word/document.xml')!.data.toString('utf8');
    const text = paragraphs(xml);
    expect(text).toContain('Referat: Kodeverkdag');
    expect(text).toContain(`Kunde: ${t.navn}`);
    expect(text).toContain('Dato: 5. desember 2026');
    expect(text).toEqual(expect.arrayContaining(['Kari Nordmann, barnevernleder', 'Ola Hansen, regnskap', 'Lønn deltar neste gang.']));
    expect(text).toContain('Beslutning: Autopay-avtale: ja, fra konto 4530.12.34566. Godkjenning i Autopay: ja, 2 godkjennere');
    expect(text).toContain('Banken har bekreftet kontoen.\nAvtalen gjelder fra januar.');
    expect(text).toContain('Avklar Autopay: Autopay-avtale: ja, fra konto 4530.12.34566. Godkjenning i Autopay: ja, 2 godkjennere');
    expect(text).toContain('Rutiner for refusjon & egenandel');
    // Oppfølging per area: a table row per open question with its owner and deadline
    expect(text).toContain('Oppfølging godkjenning');
    const row = text.indexOf('Få alle kommuner godkjent', text.indexOf('Oppfølging godkjenning'));
    expect(text.slice(row, row + 3)).toEqual(['Få alle kommuner godkjent', 'regnskap', '1. desember 2026 (over fristen)']);
    // the checklist and the status per kommune
    expect(text).toContain('Sjekkliste');
    expect(text).toContain('Autopay avklart');
    expect(text).toEqual(expect.arrayContaining(['1860 Vestvågøy (vert)', '1859 Flakstad', 'Utkast']));
    // the tables are real Word tables with a header row
    expect(xml).toMatch(/<w:tbl>[\s\S]*<w:tblHeader\/>/);
    const core = files.find((f) => f.path === 'docProps/core.xml')!.data.toString('utf8');
    expect(core).toContain('2026-12-05T00:00:00Z</dcterms:created>');
    expect(core).toContain('2026-12-05T00:00:00Z</dcterms:modified>');
  });

  it('when the same meeting is downloaded twice, then the bytes are the same; when a note changes, then they differ', async () => {
    const t = await createTjeneste(db);
    const { agent, url } = await heldMeeting(t);
    const a = (await download(agent, url)).body as Buffer;
    const b = (await download(agent, url)).body as Buffer;
    expect(a.length).toBeGreaterThan(3000);
    expect(b.equals(a)).toBe(true);
    const page = await agent.get(url);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    await agent.post(url).type('form').send({ _csrf: csrf, dato: '2026-12-05', tittel: 'Kodeverkdag', deltakere: 'Kari Nordmann', notater: 'Endret.' });
    expect(((await download(agent, url)).body as Buffer).equals(a)).toBe(false);
  });

  it.skipIf(!hasSoffice)(
    'when LibreOffice converts the referat headless, then the text is all there',
    async () => {
      const t = await createTjeneste(db);
      const { agent, url } = await heldMeeting(t);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'referat-'));
      try {
        const file = path.join(dir, 'referat.docx');
        writeFileSync(file, (await download(agent, url)).body as Buffer);
        execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'txt:Text', '--outdir', dir, file], { timeout: 120_000, stdio: 'ignore' });
        const txt = readFileSync(path.join(dir, 'referat.txt'), 'utf8');
        for (const s of [
          'Referat: Kodeverkdag',
          'Dato: 5. desember 2026',
          'Autopay-avtale: ja, fra konto 4530.12.34566',
          'Oppfølging godkjenning',
          'Få alle kommuner godkjent',
          '1860 Vestvågøy (vert)',
        ])
          expect(txt).toContain(s);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
