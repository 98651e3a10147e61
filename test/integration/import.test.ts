import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';
import { lofotenKontoplan, lofotenLonnsarter, seedRegisters } from '../support/registers.ts';
import { insertRegisterVersion } from '../../server/registers/registers.writer.ts';
import { buildWorkbook, csvBytes } from '../support/workbooks.ts';
import { buildTemplate, parseRegisterFile } from '../../server/spreadsheet/index.ts';
import { binaryParser, upload, uploadAndPreview } from './import-helpers.ts';
import type { KontoplanRecord } from '../../server/kontoplan/kontoplan.definition.ts';
import { definitionFor, otherDefinitions } from '../../server/registers/registry.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const versions = (tjenesteId: number, register = 'kontoplan') =>
  ctx.db.selectFrom('register_version').select(['version_no', 'file_name', 'created_by']).where('tjeneste_id', '=', tjenesteId).where('register', '=', register).orderBy('version_no').execute();
const pendingCount = async (tjenesteId: number) => (await ctx.db.selectFrom('pending_import').select('id').where('tjeneste_id', '=', tjenesteId).execute()).length;

async function regnskap() {
  const t = await createTjeneste(ctx.db);
  const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
  return { t, agent, token: await csrf() };
}

describe('import: upload, preview, commit', () => {
  it('when a clean kontoplan is uploaded and saved, then version 1 exists with its rows, an audit entry and no pending import', async () => {
    const { t, agent, token } = await regnskap();
    const overview = await agent.get(`/t/${t.slug}/import`);
    expect(overview.status).toBe(200);
    expect(overview.text).toContain('Ingen versjon er importert ennå');
    // the token travels in the form, never in the address (history, logs, a reload)
    expect(overview.text).toContain(`action="/t/${t.slug}/import/kontoplan"`);
    expect(overview.text).not.toMatch(/action="[^"]*_csrf/);

    const file = await buildTemplate(definitionFor('kontoplan'), lofotenKontoplan());
    const { location, html } = await uploadAndPreview(agent, t.slug, 'kontoplan', file, 'Kontoplan Lofoten æøå.xlsx', token);
    expect(html).toContain('Kontoplan Lofoten æøå.xlsx');
    expect(html).toContain('Lagre som ny versjon</button>');
    expect(html).toContain('Fastlønn');
    expect(html).toContain('Dette blir første versjon');
    expect(await versions(t.id)).toHaveLength(0);

    const commit = await agent.post(`${location}/lagre`).type('form').send({ _csrf: token });
    expect(commit.status).toBe(303);
    expect(commit.headers.location).toBe(`/t/${t.slug}/import`);
    const after = await agent.get(commit.headers.location as string);
    expect(after.text).toContain('Kontoplan er lagret som versjon 1.');
    expect(after.text).toContain('Gjeldende versjon: <strong>1</strong>');
    const v = await versions(t.id);
    expect(v).toEqual([{ version_no: 1, file_name: 'Kontoplan Lofoten æøå.xlsx', created_by: t.users.regnskap.id }]);
    const rows = await ctx.db.selectFrom('kontoplan_konto').innerJoin('register_version', 'register_version.id', 'kontoplan_konto.version_id').select('kode').where('tjeneste_id', '=', t.id).execute();
    expect(rows).toHaveLength(lofotenKontoplan().length);
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'entity', 'after']).where('tjeneste_id', '=', t.id).where('action', '=', 'importert').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ versionNo: 1, fileName: 'Kontoplan Lofoten æøå.xlsx' });
    expect(await pendingCount(t.id)).toBe(0);
    // the pending import is gone: committing again is a 404
    expect((await agent.post(`${location}/lagre`).type('form').send({ _csrf: token })).status).toBe(404);
  });

  it('when the same content is uploaded again, then no new version is made and the user is told so', async () => {
    const { t, agent, token } = await regnskap();
    const file = await buildTemplate(definitionFor('kontoplan'), lofotenKontoplan());
    const first = await uploadAndPreview(agent, t.slug, 'kontoplan', file, 'a.xlsx', token);
    await agent.post(`${first.location}/lagre`).type('form').send({ _csrf: token });
    const second = await uploadAndPreview(agent, t.slug, 'kontoplan', file, 'b.xlsx', token);
    expect(second.html).toContain('Innholdet er likt gjeldende versjon');
    const commit = await agent.post(`${second.location}/lagre`).type('form').send({ _csrf: token });
    expect(commit.status).toBe(303);
    const page = await agent.get(commit.headers.location as string);
    expect(page.text).toContain('Innholdet er likt gjeldende versjon (v1) – ingen ny versjon ble laget.');
    expect(await versions(t.id)).toHaveLength(1);
    expect(await pendingCount(t.id)).toBe(0);
  });

  it('when a changed file is uploaded, then the preview shows added, changed and removed codes and saving makes version 2', async () => {
    const { t, agent, token } = await regnskap();
    await seedRegisters(ctx.db, t.id, { kontoplan: lofotenKontoplan() });
    const changed: KontoplanRecord[] = lofotenKontoplan()
      .filter((r) => r.kode !== '7190')
      .map((r) => (r.kode === '10100' ? { ...r, navn: 'Fastlønn ansatte' } : r));
    changed.push({ dimensjon: 'ansvar', kode: '7130', navn: 'Barnevern nytt ansvar', aktiv: true, kostra: null, kontoklasse: null });
    const { location, html } = await uploadAndPreview(agent, t.slug, 'kontoplan', await buildTemplate(definitionFor('kontoplan'), changed), 'ny.xlsx', token);
    expect(html).toContain('Endringer mot gjeldende versjon (1)');
    expect(html).toMatch(/<ul class="diff-added"><li>Ansvar 7130 Barnevern nytt ansvar<\/li><\/ul>/);
    expect(html).toMatch(/<ul class="diff-removed"><li>Ansvar 7190 Barnevern felles<\/li><\/ul>/);
    expect(html).toContain('Art 10100 Fastlønn ansatte – Navn: Fastlønn → Fastlønn ansatte');
    await agent.post(`${location}/lagre`).type('form').send({ _csrf: token });
    expect((await versions(t.id)).map((v) => v.version_no)).toEqual([1, 2]);

    const history = await agent.get(`/t/${t.slug}/import/kontoplan/versjoner`);
    expect(history.status).toBe(200);
    expect(history.text).toContain('ny.xlsx');
    expect(history.text).toContain('Gjeldende');
    const v1 = await agent.get(`/t/${t.slug}/import/kontoplan/versjoner/1`);
    expect(v1.status).toBe(200);
    expect(v1.text).toContain('Barnevern felles');
    const v2 = await agent.get(`/t/${t.slug}/import/kontoplan/versjoner/2`);
    expect(v2.text).not.toContain('Barnevern felles');
    expect(v2.text).toContain('Barnevern nytt ansvar');
    expect((await agent.get(`/t/${t.slug}/import/kontoplan/versjoner/3`)).status).toBe(404);
  });

  it('when the file has errors, then it cannot be saved and the marked workbook carries the error as a cell note', async () => {
    const { t, agent, token } = await regnskap();
    const file = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['10100', 'Fastlønn'],
          ['1O500', 'Annen lønn'],
        ],
      },
    ]);
    const { location, html } = await uploadAndPreview(agent, t.slug, 'kontoplan', file, 'feil.xlsx', token);
    expect(html).toContain('Filen har 1 feil og kan ikke lagres');
    expect(html).toContain('arket «Art», celle A3');
    // the code is on the row for support, not in the text people read
    expect(html).toContain('data-code="kode_ikke_siffer"');
    expect(html).not.toContain('<code>kode_ikke_siffer</code>');
    expect(html).not.toContain('Lagre som ny versjon</button>');
    // a CSV has rows and columns, no sheets
    const csv = await uploadAndPreview(agent, t.slug, 'kontoplan', csvBytes('Dimensjon;Kode;Navn\nart;10100;Fastlønn\nart;1O500;Annen lønn\n', { encoding: 'utf8' }), 'feil.csv', token);
    expect(csv.html).toContain('rad 3, kolonne B');

    const commit = await agent.post(`${location}/lagre`).type('form').send({ _csrf: token });
    expect(commit.status).toBe(400);
    expect(await versions(t.id)).toHaveLength(0);

    const marked = await agent.get(`${location}/feilmarkering.xlsx`).buffer(true).parse(binaryParser);
    expect(marked.status).toBe(200);
    expect(marked.headers['content-disposition']).toContain('feil-med-feilmarkering.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(marked.body as unknown as ArrayBuffer);
    const note = wb.getWorksheet('Art')?.getCell('A3').note;
    const text = typeof note === 'string' ? note : (note?.texts ?? []).map((x) => x.text).join('');
    expect(text).toContain('bokstaven O');
  });

  it('when the user cancels, then the pending import is deleted and nothing is stored', async () => {
    const { t, agent, token } = await regnskap();
    const { location } = await uploadAndPreview(agent, t.slug, 'kontoplan', await buildTemplate(definitionFor('kontoplan'), lofotenKontoplan()), 'k.xlsx', token);
    expect(await pendingCount(t.id)).toBe(1);
    const res = await agent.post(`${location}/avbryt`).type('form').send({ _csrf: token });
    expect(res.status).toBe(303);
    expect(await pendingCount(t.id)).toBe(0);
    expect(await versions(t.id)).toHaveLength(0);
    expect((await agent.get(location)).status).toBe(404);
  });

  it('when the columns are not recognised, then the user maps them, the file is read again, and the mapping is used for the next upload', async () => {
    const { t, agent, token } = await regnskap();
    const file = await buildWorkbook([
      {
        name: 'Ark1',
        rows: [
          ['Nummer', 'Beskrivelse x', 'Hvor'],
          ['10100', 'Fastlønn', 'art'],
          ['7100', 'Vestvågøy', 'ansvar'],
        ],
      },
    ]);
    const first = await uploadAndPreview(agent, t.slug, 'kontoplan', file, 'egen.xlsx', token);
    expect(first.html).toContain('Velg kolonnene');
    expect(first.html).toContain('<option value="Beskrivelse x">');
    expect(first.html).toContain('<option value="Nummer" selected>');
    expect(first.html).not.toContain('Lagre som ny versjon</button>');

    const bad = await agent.post(`${first.location}/kolonner`).type('form').send({ _csrf: token, kolonne_kode: 'Nummer', kolonne_navn: 'Nummer' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('allerede valgt');

    const mapped = await agent.post(`${first.location}/kolonner`).type('form').send({ _csrf: token, kolonne_kode: 'Nummer', kolonne_navn: 'Beskrivelse x', kolonne_dimensjon: 'Hvor' });
    expect(mapped.status).toBe(303);
    const { waitForPreview } = await import('./import-helpers.ts');
    const reread = await waitForPreview(agent, mapped.headers.location as string);
    expect(reread).toContain('Lagre som ny versjon</button>');
    expect(reread).toContain('Vestvågøy');
    const remembered = await ctx.db.selectFrom('column_mapping').select('mapping').where('tjeneste_id', '=', t.id).executeTakeFirstOrThrow();
    expect(remembered.mapping).toEqual({ kode: 'Nummer', navn: 'Beskrivelse x', dimensjon: 'Hvor' });

    const again = await uploadAndPreview(agent, t.slug, 'kontoplan', file, 'egen igjen.xlsx', token);
    expect(again.html).not.toContain('Velg kolonnene');
    expect(again.html).toContain('Lagre som ny versjon</button>');
  });

  it('when lønnsarter name an art that is not in the kontoplan, then that is an error; without a kontoplan the page says the arter are unchecked', async () => {
    const { t, agent, token } = await regnskap();
    const file = await buildWorkbook([
      {
        name: 'Lønnsarter',
        rows: [
          ['Lønnsart', 'Navn', 'Art'],
          ['2010', 'Fosterhjem', '19999'],
        ],
      },
    ]);
    const unchecked = await uploadAndPreview(agent, t.slug, 'lonnsarter', file, 'l.xlsx', token);
    expect(unchecked.html).toContain('Ingen kontoplan er importert ennå, så artene i filen er ikke kontrollert');

    await seedRegisters(ctx.db, t.id, { kontoplan: lofotenKontoplan() });
    const checked = await uploadAndPreview(agent, t.slug, 'lonnsarter', file, 'l.xlsx', token);
    expect(checked.html).toContain('art_ikke_i_kontoplan');
    expect(checked.html).toContain('arket «Lønnsarter», celle C2');
    expect(checked.html).not.toContain('Lagre som ny versjon</button>');
  });

  it('when the blank template is downloaded, then it is an xlsx with the register’s headers', async () => {
    const { t, agent } = await regnskap();
    const res = await agent.get(`/t/${t.slug}/import/lonnsarter/mal.xlsx`).buffer(true).parse(binaryParser);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Lønnsarter')?.getRow(1).values).toContain('Navn');
    expect(wb.worksheets[0]?.name).toBe('Slik fyller du ut');
    expect((await agent.get(`/t/${t.slug}/import/ukjent/mal.xlsx`)).status).toBe(404);
  });
});

describe('import: refusals', () => {
  it('when a hostile or wrong-type file is uploaded, then the user gets a clear message and nothing is stored', async () => {
    const { t, agent, token } = await regnskap();
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2000, 1)]);
    const res = await upload(agent, t.slug, 'kontoplan', xls, 'gammel.xls', token);
    expect(res.status).toBe(400);
    expect(res.text).toContain('.xlsx');
    expect(res.text).toContain('Filen ble ikke lastet opp');
    const random = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256));
    const res2 = await upload(agent, t.slug, 'kontoplan', random, 'tilfeldig.xlsx', token);
    expect(res2.status).toBe(400);
    expect(await pendingCount(t.id)).toBe(0);
    expect(await versions(t.id)).toHaveLength(0);
  });

  it('when no file is chosen, then the form says so', async () => {
    const { t, agent, token } = await regnskap();
    const res = await agent.post(`/t/${t.slug}/import/kontoplan`).field('_csrf', token).field('x', '1');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Velg en fil');
  });

  it('when the token is only in the address, not in the form, then the upload is refused with 403', async () => {
    const { t, agent, token } = await regnskap();
    const res = await agent.post(`/t/${t.slug}/import/kontoplan?_csrf=${encodeURIComponent(token)}`).attach('fil', await buildTemplate(definitionFor('kontoplan')), 'k.xlsx');
    expect(res.status).toBe(403);
    expect(await pendingCount(t.id)).toBe(0);
  });

  it('when the upload has no CSRF token, then it is refused with 403', async () => {
    const { t, agent } = await regnskap();
    const res = await upload(agent, t.slug, 'kontoplan', await buildTemplate(definitionFor('kontoplan')), 'k.xlsx', null);
    expect(res.status).toBe(403);
    expect(await pendingCount(t.id)).toBe(0);
  });

  it('when a lesetilgang or godkjenner user posts, then it is 403, but they may look at the pages', async () => {
    const t = await createTjeneste(ctx.db);
    const owner = await loginAgent(ctx.app, t.users.regnskap.email);
    const ownerToken = await owner.csrf();
    const { location } = await uploadAndPreview(owner.agent, t.slug, 'kontoplan', await buildTemplate(definitionFor('kontoplan'), lofotenKontoplan()), 'k.xlsx', ownerToken);
    for (const user of [t.users.lesetilgang, t.users.godkjenner]) {
      const { agent, csrf } = await loginAgent(ctx.app, user.email);
      const token = await csrf();
      const page = await agent.get(`/t/${t.slug}/import`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('enctype="multipart/form-data"');
      expect((await agent.get(location)).status).toBe(200);
      expect((await upload(agent, t.slug, 'kontoplan', await buildTemplate(definitionFor('kontoplan')), 'k.xlsx', token)).status).toBe(403);
      expect((await agent.post(`${location}/lagre`).type('form').send({ _csrf: token })).status).toBe(403);
      expect((await agent.post(`${location}/avbryt`).type('form').send({ _csrf: token })).status).toBe(403);
    }
    expect(await versions(t.id)).toHaveLength(0);
    expect(await pendingCount(t.id)).toBe(1);
  });

  it('when a member of another tjeneste asks for a pending import or a version, then everything is 404', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id, { kontoplan: lofotenKontoplan() });
    const owner = await loginAgent(ctx.app, t.users.regnskap.email);
    const { location } = await uploadAndPreview(owner.agent, t.slug, 'kontoplan', await buildTemplate(definitionFor('kontoplan'), lofotenKontoplan()), 'k.xlsx', await owner.csrf());
    const id = location.split('/').pop();

    const other = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, other.users.regnskap.email);
    const token = await csrf();
    const foreign = `/t/${other.slug}/import/opplasting/${id}`;
    expect((await agent.get(foreign)).status).toBe(404);
    expect((await agent.get(`${foreign}/feilmarkering.xlsx`)).status).toBe(404);
    expect((await agent.post(`${foreign}/lagre`).type('form').send({ _csrf: token })).status).toBe(404);
    expect((await agent.post(`${foreign}/avbryt`).type('form').send({ _csrf: token })).status).toBe(404);
    expect((await agent.get(`/t/${other.slug}/import/kontoplan/versjoner/1`)).status).toBe(404);
    expect((await agent.get(`/t/${t.slug}/import`)).status).toBe(404);
    expect((await agent.get(location)).status).toBe(404);
    expect(await pendingCount(t.id)).toBe(1);
  });
});

describe('import: the previews waiting for you', () => {
  it('when several users have uploaded, then each sees only their own open previews with their real state', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id, { kontoplan: lofotenKontoplan() });
    const mine = await loginAgent(ctx.app, t.users.regnskap.email);
    const other = await loginAgent(ctx.app, t.users.regnskap2.email);
    const withError = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['10100', 'Fastlønn'],
          ['', 'Uten kode'],
        ],
      },
    ]);
    await uploadAndPreview(mine.agent, t.slug, 'kontoplan', withError, 'med-feil.xlsx', await mine.csrf());
    const clean = await buildTemplate(definitionFor('lonnsarter'), lofotenLonnsarter());
    await uploadAndPreview(mine.agent, t.slug, 'lonnsarter', clean, 'lonnsarter-ok.xlsx', await mine.csrf());
    await uploadAndPreview(other.agent, t.slug, 'utbetalingskategorier', await buildTemplate(definitionFor('utbetalingskategorier')), 'annen-bruker.xlsx', await other.csrf());
    let page = (await mine.agent.get(`/t/${t.slug}/import`)).text;
    expect(page).toContain('med-feil.xlsx');
    expect(page).toMatch(/1 feil – må rettes før den kan lagres/);
    expect(page).toContain('lonnsarter-ok.xlsx');
    expect(page).toMatch(/Klar til lagring/);
    expect(page).not.toContain('annen-bruker.xlsx');
    // a kontoplan saved after the upload makes the waiting kontoplan preview outdated
    await ctx.db
      .transaction()
      .execute((trx) => insertRegisterVersion(trx, { tjenesteId: t.id, register: 'kontoplan', fileName: 'ny.xlsx', counts: {}, warnings: [], createdBy: null }, lofotenKontoplan().slice(1)));
    page = (await mine.agent.get(`/t/${t.slug}/import`)).text;
    expect(page).toContain('Utdatert: en nyere versjon av registeret er lagret etter opplastingen');
  });
});

describe('import: a version to look through and take home', () => {
  it('when a kontoplan version is opened, then art comes before ansvar before funksjon, it can be searched, and downloaded as a workbook that reads back the same', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id, { kontoplan: lofotenKontoplan() });
    const { agent } = await loginAgent(ctx.app, t.users.lesetilgang.email);
    const base = `/t/${t.slug}/import/kontoplan/versjoner/1`;
    const page = (await agent.get(base)).text;
    const at = (s: string) => page.indexOf(s);
    expect(at('Fastlønn')).toBeGreaterThan(0);
    expect(at('Fastlønn')).toBeLessThan(at('Barnevern Vestvågøy'));
    expect(at('Barnevern Vestvågøy')).toBeLessThan(at('Barnevernstjeneste'));
    const found = (await agent.get(`${base}?sok=fosterhjem`)).text;
    expect(found).toContain('10510');
    expect(found).not.toContain('Fastlønn');
    expect(found).toContain('1 rad passer med «fosterhjem».');
    // % and _ are letters in a search, not patterns
    expect((await agent.get(`${base}?sok=${encodeURIComponent('%')}`)).text).toContain('0 rader passer');
    const file = await agent.get(`${base}.xlsx`).buffer(true).parse(binaryParser);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toContain('kontoplan-versjon-1.xlsx');
    const again = await parseRegisterFile(file.body as Buffer, 'kontoplan-versjon-1.xlsx', definitionFor('kontoplan'), { regnskapsar: 2026 }, otherDefinitions('kontoplan'));
    expect(again.errors).toEqual([]);
    const key = (r: { dimensjon: string; kode: string; navn: string }) => `${r.dimensjon}:${r.kode}:${r.navn}`;
    expect(again.records.map((r) => key(r as never)).sort()).toEqual(lofotenKontoplan().map(key).sort());
  });
});
