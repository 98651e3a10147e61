import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { loginAgent } from '../support/agent.ts';
import { lofotenKontoplan, lofotenLonnsarter, lofotenUtbetalingskategorier, seedRegisters } from '../support/registers.ts';
import type { KontoplanRecord } from '../../server/kontoplan/kontoplan.definition.ts';

// #14 item 7: a 50,000-ansvar kontoplan made Kontering › Kommunenes ansvar a 9.7 MB page with 150,021 <option>s.
let ctx: TestContext;
let t: TestTjeneste;
const ANSVAR = 50_000;
const EXTRA_ARTS = 400;

beforeAll(async () => {
  ctx = await createTestContext();
  t = await createTjeneste(ctx.db);
  const kontoplan: KontoplanRecord[] = [...lofotenKontoplan()];
  for (let i = 0; i < ANSVAR; i++) kontoplan.push({ dimensjon: 'ansvar', kode: String(800000 + i), navn: `Prosjekt ${800000 + i}`, aktiv: i % 10 !== 0, kostra: null, kontoklasse: null });
  kontoplan.push({ dimensjon: 'art', kode: '21500', navn: 'Skyldig lønn', aktiv: true, kostra: null, kontoklasse: 'balanse' });
  kontoplan.push({ dimensjon: 'art', kode: '21600', navn: 'Leverandørgjeld', aktiv: true, kostra: null, kontoklasse: 'balanse' });
  for (let i = 0; i < EXTRA_ARTS; i++) kontoplan.push({ dimensjon: 'art', kode: String(12000 + i), navn: `Driftsart ${i}`, aktiv: true, kostra: '120', kontoklasse: 'drift' });
  await seedRegisters(ctx.db, t.id, { kontoplan, lonnsarter: lofotenLonnsarter(), utbetalingskategorier: lofotenUtbetalingskategorier() });
}, 120_000);
afterAll(() => ctx.close());

const form = (values: Record<string, string>) => ({ funksjon_i_hjemmet: '251', funksjon_utenfor_hjemmet: '252', funksjon_administrasjon: '244', version: '0', ...values });

describe('searchable code choosers at 50,000 codes', () => {
  it('when the kontoplan has 50,000 ansvar, then Kommunenes ansvar is small (no select of every code) and each ansvar is a typed field with one shared list', async () => {
    const { agent } = await loginAgent(ctx.app, t.users.regnskap.email);
    const started = performance.now();
    const res = await agent.get(`/t/${t.slug}/kontering/kommuner`);
    const ms = Math.round(performance.now() - started);
    expect(res.status).toBe(200);
    const bytes = Buffer.byteLength(res.text);
    console.info(`Kommunenes ansvar with ${ANSVAR} ansvar: ${bytes} bytes, ${(res.text.match(/<option/g) ?? []).length} options, ${ms} ms`);
    expect(bytes).toBeLessThan(1_500_000);
    expect((res.text.match(/<option/g) ?? []).length).toBeLessThan(100);
    // the three kommuner's ansvar fields search one list; the funksjon lists are short and stay selects
    expect(res.text.match(/<input id="f-\d{4}-ansvar" name="ansvar" type="text"[^>]*list="koder-ansvar"/g)).toHaveLength(3);
    expect(res.text.match(/<datalist id="koder-ansvar">/g)).toHaveLength(1);
    expect(res.text).toMatch(/<select id="f-1859-funksjon_i_hjemmet" name="funksjon_i_hjemmet"/);
    // the proposal is filled in and named
    expect(res.text).toMatch(/id="f-1859-ansvar"[^>]*value="7110"/);
    expect(res.text).toContain('Valgt: 7110 Barnevern Flakstad');
  });

  it('when a code or a name is typed, then the search answers with at most 30 matches, codes starting with it first', async () => {
    const { agent } = await loginAgent(ctx.app, t.users.lesetilgang.email);
    const byCode = await agent.get(`/t/${t.slug}/koder/ansvar?q=81234`);
    expect(byCode.status).toBe(200);
    const koder = (byCode.body as { koder: { kode: string; label: string; aktiv: boolean }[] }).koder;
    expect(koder.length).toBe(10);
    expect(koder.every((k) => k.kode.startsWith('81234'))).toBe(true);
    expect(koder.at(-1)!.label).toContain('(ikke aktiv)'); // 812340 is inactive: listed after the active ones
    const many = (await agent.get(`/t/${t.slug}/koder/ansvar?q=8`)).body.koder;
    expect(many).toHaveLength(30);
    const byName = (await agent.get(`/t/${t.slug}/koder/ansvar?q=flakstad`)).body.koder;
    expect(byName).toEqual([{ kode: '7110', navn: 'Barnevern Flakstad', aktiv: true, label: '7110 Barnevern Flakstad' }]);
    expect((await agent.get(`/t/${t.slug}/koder/art?q=1099`)).body.koder.map((k: { kode: string }) => k.kode)).toEqual(['10990']);
    // a motkonto search offers only what a motkonto may be: the plan's balance accounts (21500, 21600) when it has them
    expect((await agent.get(`/t/${t.slug}/koder/art?motkonto=1&q=`)).body.koder.map((k: { kode: string }) => k.kode)).toEqual(['21500', '21600']);
    expect((await agent.get(`/t/${t.slug}/koder/art?motkonto=1&q=215`)).body.koder.map((k: { kode: string }) => k.kode)).toEqual(['21500']);
    expect((await agent.get(`/t/${t.slug}/koder/art?q=215`)).body.koder.map((k: { kode: string }) => k.kode)).toEqual(['21500', '12215']); // «Driftsart 215» by name
    expect((await agent.get(`/t/${t.slug}/koder/kommune?q=1`)).status).toBe(404);
    // another tjeneste's user finds nothing here
    const other = await createTjeneste(ctx.db);
    expect((await (await loginAgent(ctx.app, other.users.admin.email)).agent.get(`/t/${t.slug}/koder/ansvar?q=8`)).status).toBe(404);
  });

  it('when a typed ansvar is saved, then it is checked as before: a code of the plan is saved, an unknown or inactive one gets its message on that field and the typed value stays', async () => {
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const unknown = await agent
      .post(`/t/${t.slug}/kontering/kommuner/1859`)
      .type('form')
      .send({ ...form({ ansvar: '999999' }), _csrf: await csrf() });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toMatch(/<p class="error">Ansvar 999999 finnes ikke i kontoplanen\.<\/p>\s*<input id="f-1859-ansvar"[^>]*value="999999"[^>]*aria-invalid="true"/);
    expect(unknown.text).toContain('Valgt: 999999 (finnes ikke her i kontoplanen)');
    const inactive = await agent
      .post(`/t/${t.slug}/kontering/kommuner/1859`)
      .type('form')
      .send({ ...form({ ansvar: '812340' }), _csrf: await csrf() });
    expect(inactive.status).toBe(400);
    expect(inactive.text).toContain('Ansvar 812340 er ikke aktivt i kontoplanen.');
    expect(await ctx.db.selectFrom('kommune_mapping').select('ansvar').where('tjeneste_id', '=', t.id).execute()).toEqual([]);

    const saved = await agent
      .post(`/t/${t.slug}/kontering/kommuner/1859`)
      .type('form')
      .send({ ...form({ ansvar: ' 812345 ' }), _csrf: await csrf() });
    expect(saved.status).toBe(303);
    const row = await ctx.db.selectFrom('kommune_mapping').select(['ansvar', 'funksjon_i_hjemmet']).where('tjeneste_id', '=', t.id).where('kommunenummer', '=', '1859').executeTakeFirstOrThrow();
    expect(row).toEqual({ ansvar: '812345', funksjon_i_hjemmet: '251' });
    const page = await agent.get(`/t/${t.slug}/kontering/kommuner`);
    expect(page.text).toContain('Valgt: 812345 Prosjekt 812345');
  });

  it('when the plan has more arts than a select should hold, then the AGA art is a typed field too, checked on save', async () => {
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const page = await agent.get(`/t/${t.slug}/innstillinger/postering`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<input id="f-aga_art" name="aga_art" type="text"[^>]*list="koder-art"/);
    // the AGA art field does not carry the 400 arts; the motkonto list holds only the plan's two balance accounts
    expect(page.text).not.toContain('Driftsart 399');
    expect(page.text).toContain('<datalist id="arter"><option value="21500">21500 Skyldig lønn</option><option value="21600">21600 Leverandørgjeld</option></datalist>');
    const bad = await agent
      .post(`/t/${t.slug}/innstillinger/aga-art`)
      .type('form')
      .send({ aga_art: '77777', _csrf: await csrf() });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Art 77777 finnes ikke i kontoplanen.');
    const ok = await agent
      .post(`/t/${t.slug}/innstillinger/aga-art`)
      .type('form')
      .send({ aga_art: '10990', _csrf: await csrf() });
    expect(ok.status).toBe(303);
    expect((await agent.get(`/t/${t.slug}/innstillinger/postering`)).text).toContain('Valgt: 10990 Arbeidsgiveravgift (KOSTRA 099)');
  });
});
