import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createTestDatabase } from '../support/db.ts';
import { TEST_SECRET, testConfig } from '../support/app.ts';
import { csrfFrom, loginAgent, type Agent } from '../support/agent.ts';
import { createTjeneste, PASSWORD, type TestTjeneste } from '../support/factories.ts';
import { csvBytes, zipBytes } from '../support/workbooks.ts';
import { upload, waitForPreview } from './import-helpers.ts';
import type { DatabaseHandle } from '../../server/platform/db/database.ts';
import type { Express } from 'express';

/*
 * Inputs a client can send that once answered 500 (or worse): each must get a clear 4xx with a Norwegian message, and
 * nothing a client sends is logged as a server error. The app logs to memory here so the test can read its log.
 */
const STACK = /at .*\.(ts|js):\d+|Error:|ECONN/;
let handle: DatabaseHandle;
let app: Express;
const logLines: { level: number; msg: string; status?: number }[] = [];
let t: TestTjeneste;

beforeAll(async () => {
  handle = await createTestDatabase();
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n')) if (line) logLines.push(JSON.parse(line) as (typeof logLines)[number]);
      cb();
    },
  });
  app = createApp({ config: testConfig(), db: handle.db, log: pino({ level: 'info' }, sink), clock: () => new Date(), sessionSecret: TEST_SECRET });
  t = await createTjeneste(handle.db);
});
afterAll(async () => {
  if (process.env.SHOW_LOG)
    console.log(
      JSON.stringify(
        logLines.filter((l) => l.level >= 40 || (l as { status?: number }).status),
        null,
        1,
      ).slice(0, 6000),
    );
  await handle.close();
});

const serverErrors = () => logLines.filter((l) => l.level >= 50);

async function loginPage(): Promise<{ agent: Agent; token: string }> {
  const agent = request.agent(app);
  const token = csrfFrom((await agent.get('/logg-inn')).text);
  return { agent, token };
}

async function rawPost(path: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; text: string }> {
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as AddressInfo).port;
    return await new Promise((resolve, reject) => {
      const req = http.request({ port, host: '127.0.0.1', method: 'POST', path, headers: { ...headers, 'Content-Length': String(body.length) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

function expectRefusal(res: { status: number; text: string }, status: number | number[], message: RegExp) {
  const statuses = Array.isArray(status) ? status : [status];
  expect(statuses, `${res.status}: ${res.text.slice(0, 400)}`).toContain(res.status);
  expect(res.text).toMatch(message);
  expect(res.text).not.toMatch(STACK);
}

describe('bad input gets a clear 4xx, never a 500', () => {
  it('when the login e-mail holds a NUL byte, then 400 with a Norwegian message (no login needed to send it)', async () => {
    const { agent, token } = await loginPage();
    const res = await agent.post('/logg-inn').type('form').send({ _csrf: token, email: 'a\u0000@b.no', passord: 'x' });
    expectRefusal(res, 400, /ugyldig tegn/);
    expect(serverErrors()).toEqual([]);
  });

  it('when a form has 6,000 parameters or is nested 40 deep, then 413/400 with a Norwegian message', async () => {
    const { agent, token } = await loginPage();
    const many = Array.from({ length: 6000 }, (_, i) => `f${i}=1`).join('&');
    expectRefusal(await agent.post('/logg-inn').type('form').send(`_csrf=${token}&${many}`), 413, /for mange felt/);
    const deep = `_csrf=${token}&a${'[b]'.repeat(40)}=1`;
    expectRefusal(await agent.post('/logg-inn').type('form').send(deep), 400, /for dypt nestet|kunne ikke leses/);
    expect(serverErrors()).toEqual([]);
  });

  it('when the body has charset=utf-7, an unknown Content-Encoding or a corrupt gzip body, then 415/400 with a Norwegian message', async () => {
    const { agent, token } = await loginPage();
    const body = `_csrf=${token}&email=a%40b.no&passord=x`;
    expectRefusal(await agent.post('/logg-inn').set('Content-Type', 'application/x-www-form-urlencoded; charset=utf-7').send(body), 415, /tegnsett/);
    expectRefusal(await agent.post('/logg-inn').set('Content-Type', 'application/x-www-form-urlencoded').set('Content-Encoding', 'x-unknown').send(body), 415, /komprimer/);
    // supertest would serialise a Buffer as a form; these bodies go out byte for byte
    const first = await request(app).get('/logg-inn');
    const cookie = first.get('Set-Cookie')!;
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Encoding': 'gzip', Cookie: cookie.map((c) => c.split(';')[0]).join('; ') };
    const freshToken = csrfFrom(first.text);
    const gz = zlib.gzipSync(Buffer.from(`_csrf=${freshToken}&email=a%40b.no&passord=x`));
    expectRefusal(await rawPost('/logg-inn', headers, gz.subarray(0, 20)), 400, /kunne ikke leses/);
    // a valid gzip body is still read
    const ok = await rawPost('/logg-inn', headers, gz);
    expect(ok.status).toBe(401);
    expect(serverErrors()).toEqual([]);
  });

  it('when an id in the address is past int4 or not a number, then 404, not a database error', async () => {
    const { agent } = await loginAgent(app, t.users.admin.email);
    for (const path of ['/eksport/2147483648.zip', '/eksport/99999999999999999999.zip', '/eksport/sammenlign?a=1&b=2147483648', '/import/kontoplan/versjoner/2147483648']) {
      const res = await agent.get(`/t/${t.slug}${path}`);
      expect([404, 400], `${path}: ${res.status}`).toContain(res.status);
      expect(res.text).not.toMatch(STACK);
    }
    const csrf = csrfFrom((await agent.get(`/t/${t.slug}/brukere`)).text);
    for (const id of ['2147483648', '1e3', '-1']) {
      const res = await agent.post(`/t/${t.slug}/brukere/${id}/fjern`).type('form').send({ _csrf: csrf });
      expect([404, 400], `user ${id}: ${res.status}`).toContain(res.status);
    }
    expect(serverErrors()).toEqual([]);
  });

  it('when a name or a file name holds a NUL byte, then 400 with a Norwegian message', async () => {
    const { agent } = await loginAgent(app, t.users.admin.email);
    const csrf = csrfFrom((await agent.get(`/t/${t.slug}/tjeneste`)).text);
    const res = await agent.post(`/t/${t.slug}/tjeneste`).type('form').send({ _csrf: csrf, navn: 'Lofo\u0000ten', organisasjonsnummer: '123456785', regnskapsar: '2026' });
    expectRefusal(res, 400, /ugyldig tegn/);
    const regnskap = await loginAgent(app, t.users.regnskap.email);
    const token = await regnskap.csrf();
    const file = csvBytes('Dimensjon;Kode;Navn\nart;10100;Fastlønn\n', { encoding: 'utf8' });
    // busboy itself refuses a NUL in a part header; other control characters reach our own check
    expectRefusal(await upload(regnskap.agent, t.slug, 'kontoplan', file, 'konto\u0000plan.csv', token), 400, /Opplastingen kunne ikke leses/);
    expectRefusal(await upload(regnskap.agent, t.slug, 'kontoplan', file, 'konto\u0001plan.csv', token), 400, /Opplastingen kunne ikke leses/);
    // RFC 5987's filename* carries any character percent-encoded past busboy: our own check refuses it
    const boundary = 'grense123';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--${boundary}\r\nContent-Disposition: form-data; name="fil"; filename*=UTF-8''konto%00plan.csv\r\nContent-Type: text/csv\r\n\r\n${file.toString()}\r\n--${boundary}--\r\n`;
    const encoded = await regnskap.agent.post(`/t/${t.slug}/import/kontoplan`).set('Content-Type', `multipart/form-data; boundary=${boundary}`).send(body);
    expectRefusal(encoded, 400, /Filnavnet inneholder et ugyldig tegn/);
    expect(serverErrors()).toEqual([]);
  });

  it('when a CSV or xlsx cell holds a NUL or another control character, then the preview refuses that cell by its address, and the read finishes', async () => {
    const { agent, csrf } = await loginAgent(app, t.users.regnskap.email);
    const token = await csrf();
    // past the first 8 KB, which the format check reads (a NUL there means «not a text file» and is refused as such)
    const filler = Array.from({ length: 400 }, (_, i) => `art;${10100 + i};Konto nummer ${i}\n`).join('');
    const csv = csvBytes(`Dimensjon;Kode;Navn\n${filler}art;19100;Fast\u0000lønn\nart;19500;Ferie\u0007penger\n`, { encoding: 'utf8' });
    const res = await upload(agent, t.slug, 'kontoplan', csv, 'nul.csv', token);
    expect(res.status, res.text).toBe(303);
    const html = await waitForPreview(agent, res.headers.location as string);
    expect(html).toMatch(/kontrolltegn/);
    expect(html).toMatch(/rad 402, kolonne C/);
    expect(html).toMatch(/rad 403, kolonne C/);
    expect(html).not.toContain('Lagre som ny versjon</button>');

    // ExcelJS drops control characters when it writes, so this workbook's sheet XML is written by hand: a raw U+0001 in
    // one cell (illegal in XML 1.0; whatever the reader makes of it, nothing of it may be stored)
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const sheetXml = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${cell('A1', 'Dimensjon')}${cell('B1', 'Kode')}${cell('C1', 'Navn')}</row><row r="2">${cell('A2', 'art')}${cell('B2', '10100')}${cell('C2', 'Fast\u0001lønn')}</row></sheetData></worksheet>`;
    const xlsx = zipBytes([
      { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
      {
        name: 'xl/workbook.xml',
        data: Buffer.from(
          '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>',
        ),
      },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheetXml) },
    ]);
    const res2 = await upload(agent, t.slug, 'kontoplan', xlsx, 'kontroll.xlsx', token);
    expect(res2.status, res2.text).toBeLessThan(500);
    expect(res2.text).not.toMatch(STACK);
    if (res2.status === 303) {
      const html2 = await waitForPreview(agent, res2.headers.location as string);
      expect(html2).not.toContain('Lagre som ny versjon</button>');
    }
    const stored = await handle.db.selectFrom('kontoplan_konto').select('navn').where('navn', 'like', 'Fast%').execute();
    expect(stored).toEqual([]);
    expect(serverErrors()).toEqual([]);
  });

  it('when a client aborts an upload midway, then nothing is logged as a server error and the app serves on', async () => {
    // logged in by hand: the raw request below needs the session cookie itself
    const page = await request(app).get('/logg-inn');
    const first = page.get('Set-Cookie')![0]!.split(';')[0]!;
    const login = await request(app)
      .post('/logg-inn')
      .set('Cookie', first)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: t.users.regnskap.email, passord: PASSWORD });
    expect(login.status).toBe(303);
    const cookie = login.get('Set-Cookie')![0]!.split(';')[0]!;
    const token = csrfFrom((await request(app).get('/tjenester').set('Cookie', cookie)).text);
    const agent = request.agent(app);
    const agentToken = csrfFrom((await agent.get('/logg-inn')).text);
    expect((await agent.post('/logg-inn').type('form').send({ _csrf: agentToken, email: t.users.regnskap.email, passord: PASSWORD })).status).toBe(303);
    const server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const boundary = 'xyzBOUNDARY';
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--${boundary}\r\nContent-Disposition: form-data; name="fil"; filename="stor.csv"\r\nContent-Type: text/csv\r\n\r\nDimensjon;Kode;Navn\n`;
      const before = logLines.length;
      await new Promise<void>((resolve) => {
        const req = http.request({
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: `/t/${t.slug}/import/kontoplan`,
          headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(5 * 1024 * 1024), Cookie: cookie },
        });
        req.on('error', () => resolve());
        req.write(head);
        req.write('art;10100;Fastlønn\n'.repeat(2000));
        setTimeout(() => {
          req.destroy();
          setTimeout(resolve, 300);
        }, 200);
      });
      const after = logLines.slice(before);
      expect(
        after.filter((l) => l.level >= 50),
        JSON.stringify(after),
      ).toEqual([]);
      expect((await agent.get(`/t/${t.slug}/import`)).status).toBe(200);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
