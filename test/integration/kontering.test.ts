import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { loginAgent, type Agent } from '../support/agent.ts';
import { lofotenKontoplan, lofotenLonnsarter, seedRegisters } from '../support/registers.ts';
import { insertRegisterVersion } from '../../server/registers/registers.writer.ts';
import { upsertMembership } from '../../server/tenancy/tenancy.repository.ts';
import { lineFor, matrixOf } from '../../server/kodeverk/kodeverk.matrix.ts';
import { allApproved, approvalsForExport } from '../../server/review/review.service.ts';
import { mappingsForExport } from '../../server/mapping/mapping.service.ts';
import { matrixOverviewOf, reviewChecklistItemsOf } from '../../server/checklist/review.checklist.ts';
import { kommuneReviewsOf, loadKommuneReviews } from '../../server/review/review.service.ts';
import { loadKodeverkState } from '../../server/kodeverk/kodeverk.state.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const LOFOTEN: Record<string, { ansvar: string }> = { '1860': { ansvar: '7100' }, '1859': { ansvar: '7110' }, '1874': { ansvar: '7120' } };

async function setup() {
  const tj = await createTjeneste(ctx.db);
  await seedRegisters(ctx.db, tj.id);
  return tj;
}

async function login(email: string) {
  return loginAgent(ctx.app, email);
}

type Login = { agent: Agent; csrf: () => Promise<string> };

async function saveMapping(a: Login, tj: TestTjeneste, nr: string, values: Partial<Record<string, string>> = {}, version = 0) {
  const body = {
    ansvar: LOFOTEN[nr]?.ansvar ?? '',
    funksjon_i_hjemmet: '251',
    funksjon_utenfor_hjemmet: '252',
    funksjon_administrasjon: '244',
    version: String(version),
    ...values,
    _csrf: await a.csrf(),
  };
  return a.agent.post(`/t/${tj.slug}/kontering/kommuner/${nr}`).type('form').send(body);
}

async function post(a: Login, url: string, body: Record<string, string> = {}) {
  return a.agent
    .post(url)
    .type('form')
    .send({ ...body, _csrf: await a.csrf() });
}

/** Approves as the page shows it: the form's hidden hash is the content's hash now. */
async function approve(a: Login, tj: TestTjeneste, nr: string, body: Record<string, string> = {}) {
  const k = (await loadKommuneReviews(ctx.db, tj.id)).find((x) => x.kommunenummer === nr);
  return post(a, `/t/${tj.slug}/godkjenning/${nr}/godkjenn`, { hash: k?.hash ?? '', ...body });
}

async function auditActions(tjenesteId: number) {
  return ctx.db.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'summary']).where('tjeneste_id', '=', tjenesteId).orderBy('id').execute();
}

describe('mapping proposals', () => {
  it('when nobody has saved a mapping, then the page proposes each kommune its ansvar by name and 251/252, and nothing is saved', async () => {
    const tj = await setup();
    const { agent } = await login(tj.users.regnskap.email);
    const res = await agent.get(`/t/${tj.slug}/kontering/kommuner`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<option value="7110" selected>7110 Barnevern Flakstad</option>');
    expect(res.text).toContain('<option value="7120" selected>7120 Barnevern Moskenes</option>');
    expect(res.text).toContain('<option value="251" selected>');
    expect(res.text).toContain('Sikkert forslag');
    expect(res.text).toContain('Forslag – ikke lagret');
    const saved = await ctx.db.selectFrom('kommune_mapping').selectAll().where('tjeneste_id', '=', tj.id).execute();
    expect(saved).toHaveLength(0);
  });

  it('when a funksjon of the wrong KOSTRA part is chosen, then the save is refused with the field message and the values stay', async () => {
    const tj = await setup();
    const a = await login(tj.users.regnskap.email);
    const res = await saveMapping(a, tj, '1859', { funksjon_i_hjemmet: '252', ansvar: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Funksjon 252 er KOSTRA 252, men her skal det være KOSTRA 251 (eller 290 for interkommunalt samarbeid).');
    expect(res.text).toContain('Velg ansvar.');
    expect(res.text).toMatch(/id="f-1859-funksjon_i_hjemmet"[^>]*>[\s\S]*?<option value="252" selected>/);
  });
});

describe('the whole flow', () => {
  it('when regnskap confirms, submits, the godkjenner rejects one, regnskap fixes it and it is approved, then all is approved and audited', async () => {
    const tj = await setup();
    const regnskap = await login(tj.users.regnskap.email);
    const godkjenner = await login(tj.users.godkjenner.email);
    for (const nr of ['1860', '1859', '1874']) expect((await saveMapping(regnskap, tj, nr, { funksjon_administrasjon: '' })).status).toBe(303);

    const matrix = matrixOf((await loadKodeverkState(ctx.db, tj.id)).matrix);
    // fosterhjem 2010 and 2020 utenfor hjemmet only (1 each), 2030 begge (2), AGA lines of 2010 (1) and 2030 (2), BHG 1 + FRI 2 + INST 1 = 11 per kommune
    expect(matrix.counts).toMatchObject({ total: 33, valid: 33, invalid: 0 });
    expect(matrix.lines.find((l) => l.kommunenummer === '1859' && l.itemType === 'aga' && l.itemKode === '2010' && l.tiltakstype === 'utenfor_hjemmet')?.kontostreng).toBe('10990.7110.252');
    expect(matrix.lines.find((l) => l.kommunenummer === '1859' && l.itemKode === 'INST')?.kontostreng).toBe('13700.7110.252');
    const kontering = await regnskap.agent.get(`/t/${tj.slug}/kontering?kommune=1874&tiltakstype=i_hjemmet`);
    expect(kontering.text).toContain('Viser 4 av 33');
    expect(kontering.text).toContain('<option value="1874" selected>1874 Moskenes</option>');
    expect(kontering.text).toContain('<option value="i_hjemmet" selected>');

    expect((await post(regnskap, `/t/${tj.slug}/godkjenning/send`)).status).toBe(303);
    let approvals = await approvalsForExport(ctx.db, tj.id);
    expect(approvals.map((x) => x.status)).toEqual(['til_godkjenning', 'til_godkjenning', 'til_godkjenning']);

    const page = await godkjenner.agent.get(`/t/${tj.slug}/godkjenning`);
    expect(page.text).toContain('7110 Barnevern Flakstad');
    expect(page.text).toContain('Godkjenn Flakstad');

    const empty = await post(godkjenner, `/t/${tj.slug}/godkjenning/1859/avvis`, { kommentar: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Skriv hva som må rettes');
    expect((await post(godkjenner, `/t/${tj.slug}/godkjenning/1859/avvis`, { kommentar: 'Flakstad skal ha administrasjonsfunksjon 244.' })).status).toBe(303);
    for (const nr of ['1860', '1874']) expect((await approve(godkjenner, tj, nr)).status).toBe(303);
    expect(await allApproved(ctx.db, tj.id)).toBe(false);
    expect((await regnskap.agent.get(`/t/${tj.slug}/godkjenning`)).text).toContain('Flakstad skal ha administrasjonsfunksjon 244.');

    // regnskap fixes: the kommune goes back to utkast, is sent again and approved.
    expect((await saveMapping(regnskap, tj, '1859', {}, 1)).status).toBe(303);
    approvals = await approvalsForExport(ctx.db, tj.id);
    expect(approvals.find((x) => x.kommunenummer === '1859')?.status).toBe('utkast');
    expect((await post(regnskap, `/t/${tj.slug}/godkjenning/1859/send`)).status).toBe(303);
    expect((await approve(godkjenner, tj, '1859', { kommentar: 'OK nå' })).status).toBe(303);

    expect(await allApproved(ctx.db, tj.id)).toBe(true);
    approvals = await approvalsForExport(ctx.db, tj.id);
    expect(approvals.every((x) => x.status === 'godkjent' && !x.outdated && /^[0-9a-f]{64}$/.test(x.hash ?? '') && x.approvedBy?.includes(tj.users.godkjenner.email))).toBe(true);
    expect((await mappingsForExport(ctx.db, tj.id)).find((m) => m.kommunenummer === '1859')).toEqual({
      kommunenummer: '1859',
      ansvar: '7110',
      funksjonIHjemmet: '251',
      funksjonUtenforHjemmet: '252',
      funksjonAdministrasjon: '244',
      funksjonPerKategori: [],
    });

    const reviews = kommuneReviewsOf(await loadKodeverkState(ctx.db, tj.id));
    const checklist = reviewChecklistItemsOf(reviews, tj);
    expect(checklist.map((c) => [c.key, c.status])).toEqual([
      ['mapping', 'ok'],
      ['matrise', 'ok'],
      ['godkjenning', 'ok'],
    ]);
    const overview = matrixOverviewOf(reviews, tj);
    // i hjemmet: 2030 and its AGA line, BHG, FRI; utenfor hjemmet: 2010, 2020, 2030, AGA of 2010 and 2030, FRI, INST
    expect(overview.rows[0]?.cells.map((c) => [c.valid, c.invalid, c.badge])).toEqual([
      [4, 0, 'ok'],
      [7, 0, 'ok'],
    ]);

    const audit = await auditActions(tj.id);
    const actions = audit.map((x) => `${x.action} ${x.entity} ${x.entity_id}`);
    expect(actions).toContain('opprettet tilknytning 1859');
    expect(actions).toContain('endret tilknytning 1859');
    expect(actions).toContain('sendt godkjenning 1859');
    expect(actions).toContain('avvist godkjenning 1859');
    expect(actions).toContain('endret godkjenning 1859');
    expect(actions.filter((x) => x === 'godkjent godkjenning 1859')).toHaveLength(1);
  });
});

async function approveAll(tj: TestTjeneste) {
  const regnskap = await login(tj.users.regnskap.email);
  const godkjenner = await login(tj.users.godkjenner.email);
  for (const nr of ['1860', '1859', '1874']) await saveMapping(regnskap, tj, nr);
  await post(regnskap, `/t/${tj.slug}/godkjenning/send`);
  for (const nr of ['1860', '1859', '1874']) expect((await approve(godkjenner, tj, nr)).status).toBe(303);
  expect(await allApproved(ctx.db, tj.id)).toBe(true);
  return { regnskap, godkjenner };
}

describe('invalidation', () => {
  it('when a new kontoplan version renames Flakstad’s ansvar and deactivates an art, then approvals are «endret etter godkjenning» with the difference', async () => {
    const tj = await setup();
    const { godkjenner } = await approveAll(tj);
    const kontoplan = lofotenKontoplan().map((k) => (k.kode === '7110' ? { ...k, navn: 'Barnevern Flakstad kommune' } : k.kode === '13500' ? { ...k, aktiv: false } : k));
    await ctx.db.transaction().execute((trx) => insertRegisterVersion(trx, { tjenesteId: tj.id, register: 'kontoplan', fileName: 'ny.xlsx', counts: {}, warnings: [], createdBy: null }, kontoplan));

    expect(await allApproved(ctx.db, tj.id)).toBe(false);
    const approvals = await approvalsForExport(ctx.db, tj.id);
    expect(approvals.every((x) => x.status === 'godkjent' && x.outdated)).toBe(true);
    const page = await godkjenner.agent.get(`/t/${tj.slug}/godkjenning`);
    expect(page.text).toContain('Endret etter godkjenning');
    expect(page.text).toContain('Navn i kontoplanen er endret.');
    expect(page.text).toContain('Endrede kontostrenger');
    expect(page.text).toContain('(feil: art_inaktiv)');
    // The godkjenner can approve again what is there now (regnskap fixed nothing, so the four-eyes rule still holds).
    expect((await approve(godkjenner, tj, '1860')).status).toBe(303);
    expect((await approvalsForExport(ctx.db, tj.id)).find((x) => x.kommunenummer === '1860')?.outdated).toBe(false);
  });

  it('when a new lønnsart is imported after approval, then the difference lists the added kontostrenger', async () => {
    const tj = await setup();
    const { godkjenner } = await approveAll(tj);
    await seedRegisters(ctx.db, tj.id, {
      lonnsarter: [
        ...lofotenLonnsarter(),
        { kode: '2040', navn: 'Tilsynsfører', art: '10500', skattepliktig: true, aga: true, feriepengegrunnlag: true, amelding_beskrivelse: null, tiltakstype: 'begge', fordel: null },
      ],
    });
    const page = await godkjenner.agent.get(`/t/${tj.slug}/godkjenning`);
    expect(page.text).toContain('Nye kontostrenger');
    expect(page.text).toContain('Lønnsart 2040 Tilsynsfører, i hjemmet: 10500.7110.251');
  });

  it('when a kommune’s mapping is changed after approval, then it shows as endret etter godkjenning and must be approved again', async () => {
    const tj = await setup();
    const { regnskap } = await approveAll(tj);
    expect((await saveMapping(regnskap, tj, '1874', { ansvar: '7190' }, 1)).status).toBe(303);
    const a = (await approvalsForExport(ctx.db, tj.id)).find((x) => x.kommunenummer === '1874');
    expect(a).toMatchObject({ status: 'godkjent', outdated: true });
    const page = await regnskap.agent.get(`/t/${tj.slug}/godkjenning`);
    expect(page.text).toContain('Ansvar eller funksjoner er endret.');
    expect(page.text).toContain('Send Moskenes til godkjenning');
  });
});

describe('four eyes and permissions', () => {
  it('when the godkjenner also changed the kommune’s mapping last, then approving it is refused (403) and another godkjenner may', async () => {
    const tj = await setup();
    await upsertMembership(ctx.db, tj.id, tj.users.regnskap2.id, ['regnskap', 'godkjenner']);
    const both = await login(tj.users.regnskap2.email);
    expect((await saveMapping(both, tj, '1859')).status).toBe(303);
    expect((await post(both, `/t/${tj.slug}/godkjenning/1859/send`)).status).toBe(303);
    expect((await both.agent.get(`/t/${tj.slug}/godkjenning`)).text).toContain('fire øyne');
    const refused = await approve(both, tj, '1859');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('fire øyne');
    const other = await login(tj.users.godkjenner.email);
    expect((await approve(other, tj, '1859')).status).toBe(303);
  });

  it('when regnskap tries to approve, then 403; when another tjeneste’s godkjenner tries, then 404', async () => {
    const tj = await setup();
    const regnskap = await login(tj.users.regnskap.email);
    await saveMapping(regnskap, tj, '1859');
    await post(regnskap, `/t/${tj.slug}/godkjenning/1859/send`);
    expect((await post(regnskap, `/t/${tj.slug}/godkjenning/1859/godkjenn`)).status).toBe(403);
    const foreign = await createTjeneste(ctx.db);
    const outsider = await login(foreign.users.godkjenner.email);
    expect((await post(outsider, `/t/${tj.slug}/godkjenning/1859/godkjenn`)).status).toBe(404);
    expect((await approvalsForExport(ctx.db, tj.id)).find((x) => x.kommunenummer === '1859')?.status).toBe('til_godkjenning');
  });

  it('when lesetilgang posts a mapping or a submission, then 403 and nothing changes; the pages can be read', async () => {
    const tj = await setup();
    const lese = await login(tj.users.lesetilgang.email);
    expect((await lese.agent.get(`/t/${tj.slug}/kontering`)).status).toBe(200);
    expect((await lese.agent.get(`/t/${tj.slug}/godkjenning`)).status).toBe(200);
    expect((await saveMapping(lese, tj, '1859')).status).toBe(403);
    expect((await post(lese, `/t/${tj.slug}/godkjenning/send`)).status).toBe(403);
    expect((await post(lese, `/t/${tj.slug}/godkjenning/1859/avvis`, { kommentar: 'nei' })).status).toBe(403);
    expect(await ctx.db.selectFrom('kommune_mapping').selectAll().where('tjeneste_id', '=', tj.id).execute()).toHaveLength(0);
  });
});

describe('optimistic locking', () => {
  it('when two people edit the same kommune, then the second save is refused with 409 and shows what the first changed', async () => {
    const tj = await setup();
    const first = await login(tj.users.regnskap.email);
    const second = await login(tj.users.regnskap2.email);
    // Both open the page on the proposal (version 0) and change the ansvar differently.
    const orig = { orig_ansvar: '7110', orig_funksjon_i_hjemmet: '251', orig_funksjon_utenfor_hjemmet: '252', orig_funksjon_administrasjon: '244' };
    expect((await saveMapping(first, tj, '1859', { ...orig, ansvar: '7190' }, 0)).status).toBe(303);
    const res = await saveMapping(second, tj, '1859', { ...orig, ansvar: '7120' }, 0);
    expect(res.status).toBe(409);
    expect(res.text).toContain('Endret av en annen');
    expect(res.text).toContain('mens du redigerte. Endringene dine er ikke lagret.');
    expect(res.text).toContain('Ansvar: 7110 → 7190');
    expect(res.text).toMatch(/name="version" value="1"/);
    const row = await ctx.db.selectFrom('kommune_mapping').select(['ansvar', 'version']).where('tjeneste_id', '=', tj.id).where('kommunenummer', '=', '1859').executeTakeFirstOrThrow();
    expect(row).toEqual({ ansvar: '7190', version: 1 });
    // Having seen the change, the second person can save deliberately on the new version.
    expect((await saveMapping(second, tj, '1859', { ansvar: '7120' }, 1)).status).toBe(303);
  });
});

describe('matrix page and download', () => {
  it('when a kommune has no mapping, then its lines have problems with a link to fix them and the filter finds them', async () => {
    const tj = await setup();
    const regnskap = await login(tj.users.regnskap.email);
    await saveMapping(regnskap, tj, '1860');
    const res = await regnskap.agent.get(`/t/${tj.slug}/kontering?problem=ansvar_mangler&tiltakstype=bogus`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Viser 22 av 33');
    expect(res.text).toContain(`href="/t/${tj.slug}/kontering/kommuner#k-1859"`);
    expect(res.text).toContain('Flakstad har ikke fått et ansvar.');
    expect(res.text).toContain('<option value="ansvar_mangler" selected>Ansvar mangler</option>');
    const line = lineFor((await loadKodeverkState(ctx.db, tj.id)).matrix, { itemType: 'utbetalingskategori', itemKode: 'BHG' }, '1860', 'i_hjemmet');
    expect(line?.kontostreng).toBe('13500.7100.251');
    expect(lineFor((await loadKodeverkState(ctx.db, tj.id)).matrix, { itemType: 'lonnsart', itemKode: '9999' }, '1860', 'i_hjemmet')).toBeNull();
  });

  it('when the matrix is downloaded, then it is an xlsx with one row per line and formula-like text neutralised', async () => {
    const tj = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, tj.id, {
      kontoplan: lofotenKontoplan(),
      lonnsarter: [{ kode: '2010', navn: '=HYPERLINK("x")', art: '10510', skattepliktig: true, aga: true, feriepengegrunnlag: false, amelding_beskrivelse: null, tiltakstype: 'begge', fordel: null }],
    });
    const regnskap = await login(tj.users.regnskap.email);
    const res = await regnskap.agent
      .get(`/t/${tj.slug}/kontering/matrise.xlsx?kommune=1860`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Konteringsmatrise')!;
    expect(ws.rowCount).toBe(5); // the header, 2010 on 251 and 252, and its two AGA lines
    expect(ws.getRow(2).getCell(6).value).toBe(`'=HYPERLINK("x")`);
  });
});
