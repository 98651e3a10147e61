import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { loginAgent, type Agent } from '../support/agent.ts';
import { lofotenLonnsarter, seedRegisters } from '../support/registers.ts';
import { approveHashFrom } from '../support/kodeverk.ts';
import { uploadAndPreview } from './import-helpers.ts';
import { buildTemplate } from '../../server/spreadsheet/index.ts';
import { upsertMembership } from '../../server/tenancy/tenancy.repository.ts';
import { approvalsForExport } from '../../server/review/review.service.ts';
import { definitionFor } from '../../server/registers/registry.ts';

// #13 items 4 and 5, #14 item 3: an approval is of what the godkjenner saw, by someone who took no part in it.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

type Login = { agent: Agent; csrf: () => Promise<string> };
const login = (email: string): Promise<Login> => loginAgent(ctx.app, email);
const ANSVAR: Record<string, string> = { '1860': '7100', '1859': '7110', '1874': '7120' };

async function post(a: Login, url: string, body: Record<string, string> = {}) {
  return a.agent
    .post(url)
    .type('form')
    .send({ ...body, _csrf: await a.csrf() });
}
async function saveMapping(a: Login, tj: TestTjeneste, nr: string, values: Record<string, string> = {}, version = 0) {
  return post(a, `/t/${tj.slug}/kontering/kommuner/${nr}`, {
    ansvar: ANSVAR[nr] ?? '',
    funksjon_i_hjemmet: '251',
    funksjon_utenfor_hjemmet: '252',
    funksjon_administrasjon: '244',
    version: String(version),
    ...values,
  });
}
const page = async (a: Login, tj: TestTjeneste) => (await a.agent.get(`/t/${tj.slug}/godkjenning`)).text;
/** The card of one kommune on the Godkjenning page. */
const card = (html: string, nr: string) => {
  const m = new RegExp(`<section class="review-card" id="k-${nr}"[\\s\\S]*?</section>`).exec(html);
  if (!m) throw new Error(`no card for ${nr}`);
  return m[0];
};
const statusOf = async (tj: TestTjeneste, nr: string) => (await approvalsForExport(ctx.db, tj.id)).find((x) => x.kommunenummer === nr)!;

/** Registers seeded, every kommune mapped by regnskap and sent; the godkjenner has the page open. */
async function submitted() {
  const tj = await createTjeneste(ctx.db);
  await seedRegisters(ctx.db, tj.id);
  const regnskap = await login(tj.users.regnskap.email);
  for (const nr of Object.keys(ANSVAR)) expect((await saveMapping(regnskap, tj, nr)).status).toBe(303);
  expect((await post(regnskap, `/t/${tj.slug}/godkjenning/send`)).status).toBe(303);
  const godkjenner = await login(tj.users.godkjenner.email);
  return { tj, regnskap, godkjenner };
}

async function importLonnsarter(a: Login, tj: TestTjeneste) {
  const records = [
    ...lofotenLonnsarter(),
    { kode: '2040', navn: 'Tilsynsfører', art: '10500', skattepliktig: true, aga: true, feriepengegrunnlag: true, amelding_beskrivelse: null, tiltakstype: 'begge', fordel: null },
  ];
  const { location } = await uploadAndPreview(a.agent, tj.slug, 'lonnsarter', await buildTemplate(definitionFor('lonnsarter'), records as never), 'lonnsarter.xlsx', await a.csrf());
  expect((await post(a, `${location}/lagre`)).status).toBe(303);
}

describe('approval bound to what was shown', () => {
  it('when the approve form is posted without the hash of what was shown, then nothing is approved', async () => {
    const { tj, godkjenner } = await submitted();
    const res = await post(godkjenner, `/t/${tj.slug}/godkjenning/1859/godkjenn`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Skjemaet mangler sjekksummen av det du så');
    expect((await statusOf(tj, '1859')).status).toBe('til_godkjenning');
  });

  it('when lønnsarter are imported after the godkjenner opened the page, then the approval is refused and the page shows the new kontostrenger', async () => {
    const { tj, regnskap, godkjenner } = await submitted();
    const shown = await page(godkjenner, tj);
    const hash = approveHashFrom(shown, '1859');
    expect(card(shown, '1859')).not.toContain('Tilsynsfører');

    await importLonnsarter(regnskap, tj);

    const res = await post(godkjenner, `/t/${tj.slug}/godkjenning/1859/godkjenn`, { hash });
    expect(res.status).toBe(409);
    const refused = card(res.text, '1859');
    expect(refused).toContain('Flakstad er endret etter at du åpnet siden, så den er ikke godkjent.');
    expect(refused).toContain('Lønnsart 2040 Tilsynsfører, i hjemmet: 10500.7110.251');
    expect((await statusOf(tj, '1859')).status).not.toBe('godkjent');
  });

  it('when the hash of what is on the page now is posted, then it is approved with exactly that hash', async () => {
    const { tj, godkjenner } = await submitted();
    const hash = approveHashFrom(await page(godkjenner, tj), '1874');
    expect((await post(godkjenner, `/t/${tj.slug}/godkjenning/1874/godkjenn`, { hash })).status).toBe(303);
    expect(await statusOf(tj, '1874')).toMatchObject({ status: 'godkjent', outdated: false, hash });
  });
});

describe('a change while «til godkjenning» sends the kommune back', () => {
  it('when lønnsarter are imported, then every waiting kommune is sent back with what changed and who changed it, and cannot be approved', async () => {
    const { tj, regnskap, godkjenner } = await submitted();
    await importLonnsarter(regnskap, tj);
    expect((await statusOf(tj, '1860')).status).toBe('utkast');
    const html = await page(godkjenner, tj);
    const c = card(html, '1860');
    expect(c).toContain('Sendt tilbake');
    expect(c).toContain('Innholdet ble endret mens Vestvågøy ventet på godkjenning');
    expect(c).toContain('Lønnsart 2040 Tilsynsfører, i hjemmet: 10500.7100.251');
    expect(c).toContain(`${tj.users.regnskap.navn} &lt;${tj.users.regnskap.email}&gt;`);
    expect(c).toContain('Importerte lønnsarter versjon 2');
    expect(c).not.toContain('/godkjenning/1860/godkjenn');
    // the checklist on Oversikt says so too
    expect((await regnskap.agent.get(`/t/${tj.slug}`)).text).toContain('Sendt tilbake fordi innholdet ble endret etter innsending: Vestvågøy, Flakstad, Moskenes.');
    // regnskap sends it again; then it waits for the godkjenner again
    expect((await post(regnskap, `/t/${tj.slug}/godkjenning/1860/send`)).status).toBe(303);
    expect((await statusOf(tj, '1860')).status).toBe('til_godkjenning');
  });

  it('when a posting setting is changed, then the kommuner it applies to are sent back with the reason on the card', async () => {
    const { tj, regnskap, godkjenner } = await submitted();
    const cells: Record<string, string> = { lonn_standard_selskap: '', lonn_standard_motkonto: '', lonn_standard_bilagsserie: '' };
    for (const nr of Object.keys(ANSVAR)) for (const f of ['selskap', 'motkonto', 'bilagsserie']) cells[`lonn_k${nr}_${f}`] = '';
    cells['lonn_k1874_motkonto'] = '13500';
    expect((await post(regnskap, `/t/${tj.slug}/innstillinger/postering/lonn`, cells)).status).toBe(303);
    expect((await statusOf(tj, '1874')).status).toBe('utkast');
    expect((await statusOf(tj, '1859')).status).toBe('til_godkjenning');
    const c = card(await page(godkjenner, tj), '1874');
    expect(c).toContain('Sendt tilbake');
    expect(c).toContain('Posteringsinnstillingene er endret.');
    expect(c).toContain('Endret posteringsinnstillinger for lønn');
    // which setting, in words, and the settings the approval covers are on the card
    expect(c).toContain('Lønn: motkonto ikke satt → 13500');
    expect(c).toContain('Lønn: ikke avklart; selskap ikke satt, motkonto 13500, bilagsserie ikke satt');
  });

  it('when the mapping is changed, then the kommune is sent back and shows the changed ansvar', async () => {
    const { tj, regnskap, godkjenner } = await submitted();
    expect((await saveMapping(regnskap, tj, '1859', { ansvar: '7190' }, 1)).status).toBe(303);
    expect((await statusOf(tj, '1859')).status).toBe('utkast');
    const c = card(await page(godkjenner, tj), '1859');
    expect(c).toContain('Ansvar eller funksjoner er endret.');
    expect(c).toContain('Endret ansvar og funksjoner for Flakstad');
  });
});

describe('the diff since the last approval stays until decided (#14 item 3)', () => {
  it('when an approved kommune is changed and sent again, then its card shows «Til godkjenning», the previous approval as history and the diff', async () => {
    const { tj, regnskap, godkjenner } = await submitted();
    const hash = approveHashFrom(await page(godkjenner, tj), '1859');
    expect((await post(godkjenner, `/t/${tj.slug}/godkjenning/1859/godkjenn`, { hash })).status).toBe(303);
    expect((await saveMapping(regnskap, tj, '1859', { ansvar: '7190' }, 1)).status).toBe(303);
    expect((await post(regnskap, `/t/${tj.slug}/godkjenning/1859/send`)).status).toBe(303);
    const c = card(await page(godkjenner, tj), '1859');
    expect(c).toContain('Til godkjenning');
    expect(c).toContain('Forrige godkjenning av');
    expect(c).not.toMatch(/>Godkjent av/);
    expect(c).toContain('Endret siden forrige godkjenning');
    expect(c).toContain('Ansvar eller funksjoner er endret.');
    expect(c).toContain('Før: Lønnsart 2030 Støttekontakt, i hjemmet: 10500.7110.251');
    expect(c).toContain('Nå: Lønnsart 2030 Støttekontakt, i hjemmet: 10500.7190.251');
  });
});

describe('four eyes over everyone who took part', () => {
  it('when a regnskap user who is also godkjenner imported registers, then they cannot approve, the card says who changed what, and a godkjenner who took no part can', async () => {
    const { tj, regnskap, godkjenner } = await submitted();
    await upsertMembership(ctx.db, tj.id, tj.users.regnskap2.id, ['regnskap', 'godkjenner']);
    const both = await login(tj.users.regnskap2.email);
    await importLonnsarter(both, tj);
    expect((await post(regnskap, `/t/${tj.slug}/godkjenning/send`)).status).toBe(303);

    const own = card(await page(both, tj), '1874');
    expect(own).toContain('fire øyne');
    expect(own).toContain(`${tj.users.regnskap2.navn} &lt;${tj.users.regnskap2.email}&gt;`);
    expect(own).toContain('Importerte lønnsarter versjon 2');
    expect(own).not.toContain('/godkjenning/1874/godkjenn"');
    const hash = approveHashFrom(await page(godkjenner, tj), '1874');
    const refused = await post(both, `/t/${tj.slug}/godkjenning/1874/godkjenn`, { hash });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('fire øyne');
    expect((await statusOf(tj, '1874')).status).toBe('til_godkjenning');

    expect((await post(godkjenner, `/t/${tj.slug}/godkjenning/1874/godkjenn`, { hash })).status).toBe(303);
    expect((await statusOf(tj, '1874')).status).toBe('godkjent');
  });

  it('when the one who sent a kommune is also godkjenner, then they cannot approve it', async () => {
    const tj = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, tj.id);
    const regnskap = await login(tj.users.regnskap.email);
    expect((await saveMapping(regnskap, tj, '1859')).status).toBe(303);
    await upsertMembership(ctx.db, tj.id, tj.users.regnskap2.id, ['regnskap', 'godkjenner']);
    const sender = await login(tj.users.regnskap2.email);
    expect((await post(sender, `/t/${tj.slug}/godkjenning/1859/send`)).status).toBe(303);
    const godkjenner = await login(tj.users.godkjenner.email);
    const hash = approveHashFrom(await page(godkjenner, tj), '1859');
    const refused = await post(sender, `/t/${tj.slug}/godkjenning/1859/godkjenn`, { hash });
    expect(refused.status).toBe(403);
    expect(card(await page(sender, tj), '1859')).toContain(`Sendte Flakstad til godkjenning`);
  });

  it('when a godkjenner changed a setting before the last approval only, then they may approve what changed after it', async () => {
    const { tj, regnskap, godkjenner } = await submitted();
    await upsertMembership(ctx.db, tj.id, tj.users.regnskap2.id, ['regnskap', 'godkjenner']);
    const both = await login(tj.users.regnskap2.email);
    const cells: Record<string, string> = { okonomi_standard_selskap: '1', okonomi_standard_motkonto: '', okonomi_standard_bilagsserie: '' };
    for (const nr of Object.keys(ANSVAR)) for (const f of ['selskap', 'motkonto', 'bilagsserie']) cells[`okonomi_k${nr}_${f}`] = '';
    expect((await post(both, `/t/${tj.slug}/innstillinger/postering/okonomi`, cells)).status).toBe(303);
    expect((await post(regnskap, `/t/${tj.slug}/godkjenning/1860/send`)).status).toBe(303);
    const first = approveHashFrom(await page(godkjenner, tj), '1860');
    expect((await post(godkjenner, `/t/${tj.slug}/godkjenning/1860/godkjenn`, { hash: first })).status).toBe(303);
    // after that approval regnskap changes the mapping and sends it; the regnskap2 godkjenner took no part since
    expect((await saveMapping(regnskap, tj, '1860', { funksjon_administrasjon: '' }, 1)).status).toBe(303);
    expect((await post(regnskap, `/t/${tj.slug}/godkjenning/1860/send`)).status).toBe(303);
    const hash = approveHashFrom(await page(both, tj), '1860');
    expect((await post(both, `/t/${tj.slug}/godkjenning/1860/godkjenn`, { hash })).status).toBe(303);
  });
});
