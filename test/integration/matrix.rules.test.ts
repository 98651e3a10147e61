import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { loginAgent } from '../support/agent.ts';
import { lofotenKontoplan, lofotenLonnsarter, seedRegisters } from '../support/registers.ts';
import type { KontoplanRecord } from '../../server/kontoplan/kontoplan.definition.ts';
import type { UtbetalingskategoriRecord } from '../../server/utbetalingskategorier/utbetalingskategorier.definition.ts';

// The matrix rules seen through the Kontering page: SSB's KOSTRA control rules and the tjeneste-wide checks.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const ANSVAR: Record<string, string> = { '1860': '7100', '1859': '7110', '1874': '7120' };
const art = (kode: string, navn: string, kostra: string, kontoklasse: KontoplanRecord['kontoklasse'] = 'drift'): KontoplanRecord => ({
  dimensjon: 'art',
  kode,
  navn,
  aktiv: true,
  kostra,
  kontoklasse,
});

async function setup(extra: { arter?: KontoplanRecord[]; kategorier?: UtbetalingskategoriRecord[] } = {}) {
  const tj = await createTjeneste(ctx.db);
  await seedRegisters(ctx.db, tj.id, { kontoplan: [...lofotenKontoplan(), ...(extra.arter ?? [])], lonnsarter: lofotenLonnsarter(), utbetalingskategorier: extra.kategorier ?? [] });
  const a = await loginAgent(ctx.app, tj.users.regnskap.email);
  return { tj, a };
}

async function saveMapping(a: Awaited<ReturnType<typeof loginAgent>>, tj: TestTjeneste, nr: string, values: Record<string, string> = {}) {
  const body = { ansvar: ANSVAR[nr] ?? '', funksjon_i_hjemmet: '251', funksjon_utenfor_hjemmet: '252', funksjon_administrasjon: '244', version: '0', ...values, _csrf: await a.csrf() };
  const res = await a.agent.post(`/t/${tj.slug}/kontering/kommuner/${nr}`).type('form').send(body);
  expect(res.status).toBe(303);
}

describe('SSB rules on the Kontering page (025, 070, 035, 030)', () => {
  it('when kategorier sit on arts SSB does not accept in drift, then the page shows each rule with its severity and the filter finds it', async () => {
    const { tj, a } = await setup({
      arter: [art('15210', 'Kjøp av aksjer', '521'), art('15300', 'Dekning merforbruk', '530'), art('15200', 'Utlån', '520'), art('16600', 'Husleieinntekter', '660')],
      kategorier: [
        { kode: 'AKS', navn: 'Aksjer', art: '15210', tiltakstype: 'i_hjemmet' },
        { kode: 'MER', navn: 'Merforbruk', art: '15300', tiltakstype: 'i_hjemmet' },
        { kode: 'LAN', navn: 'Lån til familien', art: '15200', tiltakstype: 'i_hjemmet' },
        { kode: 'HUS', navn: 'Husleie', art: '16600', tiltakstype: 'i_hjemmet' },
      ],
    });
    for (const nr of ['1860', '1859', '1874']) await saveMapping(a, tj, nr);
    const page = await a.agent.get(`/t/${tj.slug}/kontering?kommune=1860`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('SSB-kontroll 025: Art 15210 (KOSTRA-art 521) er ikke gyldig i driftsregnskapet.');
    expect(page.text).toContain('SSB-kontroll 070: Art 15300 (KOSTRA-art 530) kan bare føres på funksjon 880, ikke funksjon 251.');
    expect(page.text).toContain('SSB-kontroll 035: Art 15200 (KOSTRA-art 520)');
    expect(page.text).toContain('<span class="badge">Merknad</span> SSB-kontroll 030: Art 16600 (KOSTRA-art 660)');
    // 3 kommuner × 2 errors (025, 070); 035 and 030 do not invalidate
    const all = await a.agent.get(`/t/${tj.slug}/kontering`);
    expect(all.text).toMatch(/<strong>6<\/strong> med feil/);
    const filtered = await a.agent.get(`/t/${tj.slug}/kontering?problem=ssb_025_art_ikke_drift`);
    expect(filtered.text).toContain('Viser 3 av');
    expect(filtered.text).toContain('<option value="ssb_025_art_ikke_drift" selected>SSB 025: art ikke gyldig i drift</option>');
  });
});

describe('kontoklasse on the Kontering page', () => {
  it('when a kategori sits on an investering art and another on a balance account, then both are errors with the reason', async () => {
    const { tj, a } = await setup({
      arter: [art('00300', 'Kjøp av varer (investering)', '030', 'investering'), art('21500', 'Leverandørgjeld', '', 'balanse')],
      kategorier: [
        { kode: 'INV', navn: 'Utstyr', art: '00300', tiltakstype: 'i_hjemmet' },
        { kode: 'BAL', navn: 'Feilført', art: '21500', tiltakstype: 'i_hjemmet' },
      ],
    });
    await saveMapping(a, tj, '1860');
    const page = await a.agent.get(`/t/${tj.slug}/kontering?problem=art_ikke_driftskonto`);
    expect(page.text).toContain('Art 00300 (utbetalingskategori INV Utstyr) er en art i investeringsregnskapet i kontoplanen. Utbetalinger og lønn føres i driftsregnskapet – velg en driftsart.');
    expect(page.text).toContain('Art 21500 (utbetalingskategori BAL Feilført) er en balansekonto i kontoplanen.');
    // 2 kategorier × 3 kommuner (two of them also lack a mapping)
    expect(page.text).toContain('Viser 6 av');
  });
});

describe('one ansvar per kommune, through the Kontering and Godkjenning pages', () => {
  it('when Flakstad and Moskenes get the same ansvar, then both have errors; marked as shared with a reason, the lines pass and the godkjenner sees the reason', async () => {
    const { tj, a } = await setup({ kategorier: [{ kode: 'FRI', navn: 'Fritidsaktiviteter', art: '14700', tiltakstype: 'begge' }] });
    await saveMapping(a, tj, '1860');
    await saveMapping(a, tj, '1859', { ansvar: '7190' });
    await saveMapping(a, tj, '1874', { ansvar: '7190' });
    const page = await a.agent.get(`/t/${tj.slug}/kontering?problem=ansvar_flere_kommuner`);
    // lønnsarter 2010, 2020 (utenfor hjemmet) 1 each + 2030 (begge) 2, AGA lines 2010 1 + 2030 2, 1 kategori × 2 = 9 lines per kommune, for 2 kommuner
    expect(page.text).toContain('Viser 18 av 27');
    expect(page.text).toContain('Ansvar 7190 er valgt både for Flakstad og Moskenes.');

    const kommuner = await a.agent.get(`/t/${tj.slug}/kontering/kommuner`);
    expect(kommuner.text).toContain('<h3>Ansvar 7190</h3>');
    expect(kommuner.text).toContain('Brukes av Flakstad, Moskenes.');

    const tooShort = await a.agent
      .post(`/t/${tj.slug}/kontering/delt-ansvar`)
      .type('form')
      .send({ ansvar: '7190', begrunnelse: 'fordi', _csrf: await a.csrf() });
    expect(tooShort.status).toBe(400);
    expect(tooShort.text).toContain('Skriv hvorfor kommunene deler ansvaret (minst 10 tegn)');
    expect(tooShort.text).toContain('>fordi</textarea>');
    const notShared = await a.agent
      .post(`/t/${tj.slug}/kontering/delt-ansvar`)
      .type('form')
      .send({ ansvar: '7100', begrunnelse: 'Dette er ikke delt i det hele tatt', _csrf: await a.csrf() });
    expect(notShared.status).toBe(400);
    expect(notShared.text).toContain('Ansvar 7100 brukes ikke av flere kommuner, så det trenger ingen merking.');

    const marked = await a.agent
      .post(`/t/${tj.slug}/kontering/delt-ansvar`)
      .type('form')
      .send({ ansvar: '7190', begrunnelse: 'Felles tiltak, fordeles ved årsoppgjøret', _csrf: await a.csrf() });
    expect(marked.status).toBe(303);
    const after = await a.agent.get(`/t/${tj.slug}/kontering`);
    expect(after.text).toMatch(/<strong>0<\/strong> med feil/);
    expect(after.text).toContain('Ansvar 7190 er merket som felles for Flakstad, Moskenes: «Felles tiltak, fordeles ved årsoppgjøret»');
    const godkjenner = await loginAgent(ctx.app, tj.users.godkjenner.email);
    const review = await godkjenner.agent.get(`/t/${tj.slug}/godkjenning`);
    expect(review.text).toContain('<span class="badge warn">Felles ansvar</span> med Flakstad, Moskenes. Begrunnelse: «Felles tiltak, fordeles ved årsoppgjøret»');
    const audit = await ctx.db.selectFrom('audit_log').select(['entity', 'summary']).where('tjeneste_id', '=', tj.id).where('entity', '=', 'delt_ansvar').execute();
    expect(audit).toEqual([{ entity: 'delt_ansvar', summary: 'Merket ansvar 7190 som felles for Flakstad, Moskenes' }]);

    const lese = await loginAgent(ctx.app, tj.users.lesetilgang.email);
    expect(
      (
        await lese.agent
          .post(`/t/${tj.slug}/kontering/delt-ansvar/fjern`)
          .type('form')
          .send({ ansvar: '7190', _csrf: await lese.csrf() })
      ).status,
    ).toBe(403);
    expect(
      (
        await a.agent
          .post(`/t/${tj.slug}/kontering/delt-ansvar/fjern`)
          .type('form')
          .send({ ansvar: '7190', _csrf: await a.csrf() })
      ).status,
    ).toBe(303);
    expect((await a.agent.get(`/t/${tj.slug}/kontering`)).text).toMatch(/<strong>18<\/strong> med feil/);
  });
});

describe('only modules in use', () => {
  it('when lønn is «Ikke i bruk», then lønnsarter leave the matrix, the posting preview and the export gate; «Ikke avklart» keeps them', async () => {
    // a lønnsart on an art missing from the kontoplan: an error while lønn is in use
    const tj = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, tj.id, {
      kontoplan: lofotenKontoplan(),
      lonnsarter: [
        { kode: '2099', navn: 'Lønn på ukjent art', art: '19999', skattepliktig: true, aga: true, feriepengegrunnlag: false, amelding_beskrivelse: null, tiltakstype: 'begge', fordel: null },
      ],
      utbetalingskategorier: [{ kode: 'FRI', navn: 'Fritidsaktiviteter', art: '14700', tiltakstype: 'begge' }],
    });
    const a = await loginAgent(ctx.app, tj.users.regnskap.email);
    for (const nr of ['1860', '1859', '1874']) await saveMapping(a, tj, nr);
    const before = await a.agent.get(`/t/${tj.slug}/kontering`);
    // per kommune: the lønnsart and its AGA line × 2 tiltakstyper, the kategori × 2
    expect(before.text).toMatch(/<strong>18<\/strong> kontostrenger/);
    expect(before.text).toMatch(/<strong>6<\/strong> med feil/);
    expect((await a.agent.get(`/t/${tj.slug}/eksport`)).text).toContain('Konteringsmatrisen har 6 linjer med problemer.');

    const set = await a.agent
      .post(`/t/${tj.slug}/innstillinger/moduler`)
      .type('form')
      .send({ okonomi_status: 'under_oppbygging', lonn_status: 'ikke_i_bruk', _csrf: await a.csrf() });
    expect(set.status).toBe(303);
    const after = await a.agent.get(`/t/${tj.slug}/kontering`);
    expect(after.text).toMatch(/<strong>6<\/strong> kontostrenger/);
    expect(after.text).toMatch(/<strong>0<\/strong> med feil/);
    expect(after.text).toContain('Lønn er satt til «Ikke i bruk», så lønnsartene er ikke med i matrisen.');
    expect(after.text).not.toContain('Lønn på ukjent art');
    const exportPage = await a.agent.get(`/t/${tj.slug}/eksport`);
    expect(exportPage.text).not.toContain('linjer med problemer');
    const preview = await a.agent.get(`/t/${tj.slug}/innstillinger/forhandsvisning`);
    expect(preview.text).not.toContain('lonnsart:2099');
    expect(preview.text).toContain('lønn er satt til «Ikke i bruk»');
    const stale = await a.agent.get(`/t/${tj.slug}/innstillinger/forhandsvisning?item=lonnsart:2099&kommune=1860&tiltakstype=i_hjemmet&belop=100`);
    expect(stale.status).toBe(400);
    expect(stale.text).toContain('Velg en lønnsart eller utbetalingskategori fra listen.');
    const checklist = await a.agent.get(`/t/${tj.slug}/sjekkliste`);
    expect(checklist.text).toContain('Lønn er satt til ikke i bruk, så dette kreves ikke.');

    await a.agent
      .post(`/t/${tj.slug}/innstillinger/moduler`)
      .type('form')
      .send({ okonomi_status: 'under_oppbygging', lonn_status: 'ikke_avklart', _csrf: await a.csrf() });
    expect((await a.agent.get(`/t/${tj.slug}/kontering`)).text).toMatch(/<strong>6<\/strong> med feil/);
  });
});

describe('Skatteetaten and KS lønnsart rules on the Kontering page', () => {
  it('when fosterhjem arbeidsgodtgjørelse has AGA = Nei, a lønnsart has an expired A-melding code and a taxable allowance is on 160, then the first two are errors and 160 passes', async () => {
    const tj = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, tj.id, {
      kontoplan: lofotenKontoplan(),
      lonnsarter: [
        {
          kode: '2010',
          navn: 'Fosterhjem arbeidsgodtgjørelse',
          art: '10510',
          skattepliktig: true,
          aga: false,
          feriepengegrunnlag: false,
          amelding_beskrivelse: 'kommunalOmsorgsloennOgFosterhjemsgodtgjoerelse',
          tiltakstype: 'utenfor_hjemmet',
          fordel: null,
        },
        { kode: '2040', navn: 'Overtidsmat', art: '10500', skattepliktig: true, aga: true, feriepengegrunnlag: false, amelding_beskrivelse: 'overtidsmat', tiltakstype: 'begge', fordel: null },
        {
          kode: '2050',
          navn: 'Kilometergodtgjørelse over satsen',
          art: '11600',
          skattepliktig: true,
          aga: true,
          feriepengegrunnlag: false,
          amelding_beskrivelse: null,
          tiltakstype: 'begge',
          fordel: null,
        },
        { kode: '2060', navn: 'Feilført arbeidsgiveravgift', art: '10990', skattepliktig: true, aga: true, feriepengegrunnlag: false, amelding_beskrivelse: null, tiltakstype: 'begge', fordel: null },
      ],
    });
    const a = await loginAgent(ctx.app, tj.users.regnskap.email);
    for (const nr of ['1860', '1859', '1874']) await saveMapping(a, tj, nr);
    const page = await a.agent.get(`/t/${tj.slug}/kontering?kommune=1860&tiltakstype=utenfor_hjemmet`);
    expect(page.text).toContain('Lønnsart 2010 er fosterhjemsgodtgjørelse, som etter Skatteetaten er grunnlag for arbeidsgiveravgift. Sett AGA &#x3D; Ja.');
    expect(page.text).toContain('A-melding-beskrivelsen «overtidsmat» (Lønnsart 2040) kan ikke brukes etter 2019-01 (Skatteetaten), og regnskapsåret er 2026.');
    expect(page.text).toContain('Lønnsart 2060 er kontert på art 10990 (KOSTRA 099 arbeidsgiveravgift).');
    expect(page.text).not.toContain('Lønnsart 2050 er skattepliktig');
    // lines with errors per kommune: 2010 (utenfor hjemmet only) 1, 2040 (begge) 2; × 3 kommuner
    expect((await a.agent.get(`/t/${tj.slug}/kontering`)).text).toMatch(/<strong>9<\/strong> med feil/);
    const filtered = await a.agent.get(`/t/${tj.slug}/kontering?problem=amelding_utgaatt`);
    // per kommune: 2010 1 + three begge lønnsarter × 2, and 3 AGA lines (2040, 2050, 2060) × 2 = 13
    expect(filtered.text).toContain('Viser 6 av 39');
  });
});

describe('AGA lines', () => {
  it('when lønnsarter are AGA-pliktige, then each gets an AGA line on the 099 art with the wage’s ansvar and funksjon; with two 099 arts the page asks, and the choice is saved', async () => {
    const { tj, a } = await setup({ arter: [art('10991', 'Arbeidsgiveravgift av pensjon', '099')] });
    for (const nr of ['1860', '1859', '1874']) await saveMapping(a, tj, nr);
    const asked = await a.agent.get(`/t/${tj.slug}/kontering?problem=aga_art_mangler`);
    // AGA lines of 2010 (utenfor hjemmet) 1 and 2030 (begge) 2, × 3 kommuner
    expect(asked.text).toContain('Viser 9 av');
    expect(asked.text).toContain('Kontoplanen har 2 arter med KOSTRA-art 099 (10990, 10991). Velg hvilken arbeidsgiveravgiften føres på under Innstillinger → Postering.');
    expect(asked.text).toContain(`href="/t/${tj.slug}/innstillinger/postering#aga-art"`);

    const bad = await a.agent
      .post(`/t/${tj.slug}/innstillinger/aga-art`)
      .type('form')
      .send({ aga_art: '99999', _csrf: await a.csrf() });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Art 99999 finnes ikke i kontoplanen. Velg en art fra listen.');
    const saved = await a.agent
      .post(`/t/${tj.slug}/innstillinger/aga-art`)
      .type('form')
      .send({ aga_art: '10990', _csrf: await a.csrf() });
    expect(saved.status).toBe(303);

    const page = await a.agent.get(`/t/${tj.slug}/kontering?kommune=1859&tiltakstype=utenfor_hjemmet`);
    expect(page.text).toContain('AGA · Arbeidsgiveravgift av Fosterhjem arbeidsgodtgjørelse (2010)');
    expect(page.text).toMatch(/AGA · Arbeidsgiveravgift av Fosterhjem arbeidsgodtgjørelse \(2010\)<\/td>\s*<td class="nowrap"><code>10990\.7110\.252<\/code>/);
    expect(page.text).not.toContain('Arbeidsgiveravgift av Fosterhjem utgiftsdekning');
    expect((await a.agent.get(`/t/${tj.slug}/kontering`)).text).toMatch(/<strong>0<\/strong> med feil/);
    const settings = await a.agent.get(`/t/${tj.slug}/innstillinger/postering`);
    expect(settings.text).toContain('<option value="10990" selected>10990 Arbeidsgiveravgift (KOSTRA 099)</option>');
  });
});

describe('the regnskapsår lifecycle', () => {
  it('when the admin chooses 2027, then it is saved, every page says it is checked against the 2026 lists, and the matrix is re-checked for the new year', async () => {
    const { tj, a } = await setup({ arter: [art('12700', 'Andre tjenester', '270')], kategorier: [{ kode: 'ANDRE', navn: 'Andre tjenester', art: '12700', tiltakstype: 'i_hjemmet' }] });
    await saveMapping(a, tj, '1860');
    await ctx.db.updateTable('tjeneste').set({ regnskapsar: 2025 }).where('id', '=', tj.id).execute();
    // art 270 is valid in 2025: no KOSTRA warning
    expect((await a.agent.get(`/t/${tj.slug}/kontering?kommune=1860`)).text).not.toContain('Art 12700 (utbetalingskategori ANDRE Andre tjenester) har ingen gyldig KOSTRA-art');
    const admin = await loginAgent(ctx.app, tj.users.admin.email);
    const saved = await admin.agent
      .post(`/t/${tj.slug}/tjeneste`)
      .type('form')
      .send({ navn: 'Lofoten barneverntjeneste', organisasjonsnummer: 'NO 123 456 785 MVA', regnskapsar: '2027', _csrf: await admin.csrf() });
    expect(saved.status).toBe(303);
    expect(await ctx.db.selectFrom('tjeneste').select(['regnskapsar', 'organisasjonsnummer']).where('id', '=', tj.id).executeTakeFirstOrThrow()).toEqual({
      regnskapsar: 2027,
      organisasjonsnummer: '123456785',
    });
    const page = await a.agent.get(`/t/${tj.slug}/kontering?kommune=1860`);
    expect(page.text).toContain('Regnskapsår 2027: SSB har ikke publisert KOSTRA-lister for 2027; kontrollert mot 2026.');
    // checked against 2026, where 270 is gone: an expired art where it is used is an error (issue 11)
    expect(page.text).toContain('Art 12700 (utbetalingskategori ANDRE Andre tjenester): KOSTRA-art 270 er utgått fra 2026');
    expect((await a.agent.get(`/t/${tj.slug}/`)).text).toContain('SSB har ikke publisert KOSTRA-lister for 2027; kontrollert mot 2026.');
    const tooEarly = await admin.agent
      .post(`/t/${tj.slug}/tjeneste`)
      .type('form')
      .send({ navn: 'Lofoten barneverntjeneste', organisasjonsnummer: '123456785', regnskapsar: '2022', _csrf: await admin.csrf() });
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.text).toContain('Regnskapsår må være 2023 eller senere');
  });
});

describe('AGA lines in the posting preview', () => {
  it('when an AGA-pliktig lønnsart is previewed, then its arbeidsgiveravgift is its own voucher lines on the AGA kontostreng; a lønnsart without AGA has none', async () => {
    const { tj, a } = await setup();
    await saveMapping(a, tj, '1860');
    const saved = await a.agent
      .post(`/t/${tj.slug}/innstillinger/postering/lonn`)
      .type('form')
      .send({ lonn_standard_selskap: '1', lonn_standard_motkonto: '22900', lonn_standard_bilagsserie: 'L1', _csrf: await a.csrf() });
    expect(saved.status).toBe(303);
    const res = await a.agent.get(`/t/${tj.slug}/innstillinger/forhandsvisning?item=lonnsart:2010&kommune=1860&tiltakstype=utenfor_hjemmet&belop=1000`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<strong>10510.7100.252</strong>');
    expect(res.text).toContain('<strong>10990.7100.252</strong><br><span class="muted">arbeidsgiveravgift: art 10990, ansvar 7100, funksjon 252</span>');
    expect(res.text).toContain('AGA av beløpet');
    const none = await a.agent.get(`/t/${tj.slug}/innstillinger/forhandsvisning?item=lonnsart:2020&kommune=1860&tiltakstype=utenfor_hjemmet&belop=1000`);
    expect(none.text).toContain('<strong>14700.7100.252</strong>');
    expect(none.text).not.toContain('AGA av beløpet');
  });
});
