import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';
import { lofotenKontoplan, seedRegisters } from '../support/registers.ts';
import { buildWorkbook } from '../support/workbooks.ts';
import { binaryParser, uploadAndPreview, waitForPreview } from './import-helpers.ts';
import ExcelJS from 'exceljs';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const HEAD = ['Kode', 'Navn', 'Art', 'Skattepliktig', 'AGA', 'Feriepengegrunnlag'];
const file = (rows: unknown[][]) => buildWorkbook([{ name: 'Lønnsarter', rows: [HEAD, ...rows] }]);

/** The preview's «Rett her» form as a browser sends it: hidden places and each row's current value. */
function fixFormOf(html: string): Record<string, string> {
  const start = html.indexOf('/rett" novalidate>');
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1] as string] = (m[2] as string).replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  for (const m of form.matchAll(/<input type="text" name="(rett_\d+)" value="([^"]*)"/g)) fields[m[1] as string] = m[2] as string;
  for (const m of form.matchAll(/<select name="(rett_\d+)"[^>]*>[\s\S]*?<option value="([^"]*)" selected>/g)) fields[m[1] as string] = m[2] as string;
  return fields;
}

async function setup() {
  const t = await createTjeneste(ctx.db);
  await seedRegisters(ctx.db, t.id, { kontoplan: lofotenKontoplan() });
  const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
  return { t, agent, token: await csrf() };
}

describe('fixing errors in the preview', () => {
  it('when «kanskje» in AGA is mapped once and a missing name is typed in, then the file is read again without errors, the version lists both fixes, and the next file uses the mapping by itself', async () => {
    const { t, agent, token } = await setup();
    const bytes = await file([
      ['2010', 'Fosterhjem', '10510', 'Ja', 'kanskje', 'Nei'],
      ['2020', null, '14700', 'Nei', 'Nei', 'Nei'],
      ['2030', 'Støttekontakt', '10500', 'Ja', 'Kanskje', 'Ja'],
      ['2040', 'Tilsynsfører', '10500', 'Ja', 'kanskje', 'Nei'],
    ]);
    const { location, html } = await uploadAndPreview(agent, t.slug, 'lonnsarter', bytes, 'lonnsarter.xlsx', token);
    expect(html).toContain('Filen har 4 feil og kan ikke lagres');
    expect(html).toContain('id="rett-her"');
    expect(html).toMatch(/«kanskje»<input type="hidden" name="vm_felt_0" value="aga">/);

    const form = fixFormOf(html);
    const nameRow = Object.entries(form)
      .find(([k, v]) => /^felt_\d+$/.test(k) && v === 'navn')![0]
      .slice(5);
    form[`rett_${nameRow}`] = 'Fosterhjem utgifter';
    form['vm_til_0'] = 'Ja';
    const fixed = await agent
      .post(`${location}/rett`)
      .type('form')
      .send({ ...form, _csrf: token });
    expect(fixed.status).toBe(303);
    const again = await waitForPreview(agent, location);
    expect(again).not.toContain('kan ikke lagres');
    expect(again).toContain('«kanskje» i AGA er lest som «Ja» på 3 rader');
    expect(again).toContain('Arket «Lønnsarter» rad 3, Navn: «» leses som «Fosterhjem utgifter»');

    expect((await agent.post(`${location}/lagre`).type('form').send({ _csrf: token })).status).toBe(303);
    const v = await ctx.db.selectFrom('register_version').select(['id', 'rettinger']).where('tjeneste_id', '=', t.id).where('register', '=', 'lonnsarter').executeTakeFirstOrThrow();
    expect(v.rettinger).toEqual(['Arket «Lønnsarter» rad 3, Navn: «» rettet til «Fosterhjem utgifter»', '«kanskje» i AGA er lest som «Ja» på 3 rader (verdivalget er husket for tjenesten).']);
    const rows = await ctx.db.selectFrom('lonnsart').select(['kode', 'navn', 'aga']).where('version_id', '=', v.id).orderBy('kode').execute();
    expect(rows).toEqual([
      { kode: '2010', navn: 'Fosterhjem', aga: true },
      { kode: '2020', navn: 'Fosterhjem utgifter', aga: false },
      { kode: '2030', navn: 'Støttekontakt', aga: true },
      { kode: '2040', navn: 'Tilsynsfører', aga: true },
    ]);
    const versionPage = await agent.get(`/t/${t.slug}/import/lonnsarter/versjoner/1`);
    expect(versionPage.text).toContain('Rettet i forhåndsvisningen før lagring');

    // remembered for the tjeneste and register: the next file with «kanskje» reads it as Ja, and says so
    const next = await file([['2050', 'Avlastning', '10500', 'Ja', 'kanskje', 'Nei']]);
    const second = await uploadAndPreview(agent, t.slug, 'lonnsarter', next, 'lonnsarter-2.xlsx', token);
    expect(second.html).not.toContain('kan ikke lagres');
    expect(second.html).toContain('«kanskje» i AGA er lest som «Ja» på én rad');
  });

  it('when «Hopp over raden» is chosen for a bad row, then it is not read and the preview says a row was skipped', async () => {
    const { t, agent, token } = await setup();
    const bytes = await file([
      ['2010', 'Fosterhjem', '10510', 'Ja', 'Ja', 'Nei'],
      ['2020', 'Avlastning', '10500', 'Ja', 'tja', 'Nei'],
    ]);
    const { location, html } = await uploadAndPreview(agent, t.slug, 'lonnsarter', bytes, 'lonnsarter.xlsx', token);
    expect(html).toContain('kan ikke lagres');
    const form = fixFormOf(html);
    const skip = Object.fromEntries(
      Object.keys(form)
        .filter((k) => /^rad_\d+$/.test(k))
        .map((k) => [`hopp_${k.slice(4)}`, '1']),
    );
    expect(
      (
        await agent
          .post(`${location}/rett`)
          .type('form')
          .send({ ...form, ...skip, _csrf: token })
      ).status,
    ).toBe(303);
    const again = await waitForPreview(agent, location);
    expect(again).not.toContain('kan ikke lagres');
    expect(again).toContain('Én rad er hoppet over fordi du valgte «Hopp over raden».');
    expect((await agent.post(`${location}/lagre`).type('form').send({ _csrf: token })).status).toBe(303);
  });
});

describe('mapping a guessed tiltakstype once', () => {
  it('when «Fosterhjem» stands as tiltakstype on three kategorier, then it is offered for mapping, and mapped to Utenfor hjemmet every row reads so', async () => {
    const { t, agent, token } = await setup();
    const bytes = await buildWorkbook([
      {
        name: 'Utbetalingskategorier',
        rows: [
          ['Kode', 'Navn', 'Art', 'Tiltakstype'],
          ['A', 'Fosterhjem utgifter', '14700', 'Fosterhjem'],
          ['B', 'Fosterhjem klær', '14700', 'fosterhjem'],
          ['C', 'Fosterhjem ferie', '14700', 'Fosterhjem'],
          ['D', 'Barnehage', '13500', 'I hjemmet'],
        ],
      },
    ]);
    const { location, html } = await uploadAndPreview(agent, t.slug, 'utbetalingskategorier', bytes, 'kategorier.xlsx', token);
    expect(html).toContain('«Fosterhjem» er ikke en tiltakstype vi kjenner.');
    expect(html).toMatch(/«Fosterhjem»<input type="hidden" name="vm_felt_0" value="tiltakstype">/);
    const mapped = await agent.post(`${location}/rett`).type('form').send({ _csrf: token, vm_felt_0: 'tiltakstype', vm_fra_0: 'Fosterhjem', vm_til_0: 'Utenfor hjemmet' });
    expect(mapped.status).toBe(303);
    const again = await waitForPreview(agent, location);
    expect(again).not.toContain('er ikke en tiltakstype vi kjenner');
    expect(again).toContain('«fosterhjem» i Tiltakstype er lest som «Utenfor hjemmet» på 3 rader');
    expect((await agent.post(`${location}/lagre`).type('form').send({ _csrf: token })).status).toBe(303);
    const v = await ctx.db.selectFrom('register_version').select('id').where('tjeneste_id', '=', t.id).where('register', '=', 'utbetalingskategorier').executeTakeFirstOrThrow();
    const rows = await ctx.db.selectFrom('utbetalingskategori').select(['kode', 'tiltakstype']).where('version_id', '=', v.id).orderBy('kode').execute();
    expect(rows).toEqual([
      { kode: 'A', tiltakstype: 'utenfor_hjemmet' },
      { kode: 'B', tiltakstype: 'utenfor_hjemmet' },
      { kode: 'C', tiltakstype: 'utenfor_hjemmet' },
      { kode: 'D', tiltakstype: 'i_hjemmet' },
    ]);
  });
});

describe('templates that teach', () => {
  it('when the lønnsarter template is downloaded, then it has the guide, the tjeneste’s current arter as the art drop-down, and its example row is not imported when left in', async () => {
    const { t, agent, token } = await setup();
    const res = await agent.get(`/t/${t.slug}/import/lonnsarter/mal.xlsx`).buffer(true).parse(binaryParser);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.name).toBe('Slik fyller du ut');
    const lists = wb.getWorksheet('Lister')!;
    const arter = (lists.getColumn(1).values as unknown[]).slice(2);
    expect(arter).toEqual(
      lofotenKontoplan()
        .filter((r) => r.dimensjon === 'art')
        .map((r) => r.kode)
        .sort(),
    );
    const { html } = await uploadAndPreview(agent, t.slug, 'lonnsarter', res.body as Buffer, 'mal.xlsx', token);
    expect(html).toContain('Eksempelraden fra malen (navnet begynner med «Eksempel:») er ikke tatt med: rad 2 på arket «Lønnsarter».');
  });
});
