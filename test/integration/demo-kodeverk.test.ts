import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { loginAgent } from '../support/agent.ts';
import { binaryParser } from '../support/binary.ts';
import { buildWorkbook } from '../support/workbooks.ts';
import { lofotenKontoplan, seedRegisters } from '../support/registers.ts';
import { approveAsShown, approveHashFrom } from '../support/kodeverk.ts';
import { uploadAndPreview } from './import-helpers.ts';
import { readZip } from '../../server/export/zip.ts';
import type { KontoplanRecord } from '../../server/kontoplan/kontoplan.definition.ts';
import type { LonnsartRecord } from '../../server/lonnsarter/lonnsarter.definition.ts';

/*
 * #12 «Done when»: a kodeverk with a drift-invalid art (SSB 025), two kommuner on one ansvar, a fosterhjem lønnsart on
 * 251 and an expired A-melding code. Each problem is shown where it is fixed and blocks the final export; fixed through
 * the pages, the AGA lines and the per-category sub-funksjon are in the matrix, the posting preview, the approval and
 * the package.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const extra: KontoplanRecord[] = [
  { dimensjon: 'art', kode: '15210', navn: 'Kjøp av aksjer', aktiv: true, kostra: '521', kontoklasse: 'drift' },
  { dimensjon: 'funksjon', kode: '25220', navn: 'Fosterhjem', aktiv: true, kostra: '252', kontoklasse: null },
];
const lonnsart = (kode: string, navn: string, art: string, over: Partial<LonnsartRecord> = {}): LonnsartRecord => ({
  kode,
  navn,
  art,
  skattepliktig: true,
  aga: true,
  feriepengegrunnlag: false,
  amelding_beskrivelse: null,
  tiltakstype: 'begge',
  fordel: null,
  ...over,
});
type LoggedIn = Awaited<ReturnType<typeof loginAgent>>;
const LONN_HEADER = ['Lønnsart', 'Navn', 'Art', 'Skattepliktig', 'AGA', 'Feriepengegrunnlag', 'A-melding beskrivelse', 'Tiltakstype', 'Fordel'];
const lonnFile = (overtid: string, fosterhjem: string) =>
  buildWorkbook([
    {
      name: 'Lønnsarter',
      rows: [
        LONN_HEADER,
        ['2010', 'Fosterhjem arbeidsgodtgjørelse', '10510', 'Ja', 'Ja', 'Nei', 'kommunalOmsorgsloennOgFosterhjemsgodtgjoerelse', fosterhjem, 'Kontantytelse'],
        ['2030', 'Støttekontakt', '10500', 'Ja', 'Ja', 'Nei', 'timeloenn', 'Begge', 'Kontantytelse'],
        ['2040', 'Overtid tilsynsfører', '10500', 'Ja', 'Ja', 'Ja', overtid, 'Begge', 'Kontantytelse'],
      ],
    },
  ]);

async function mapKommune(a: LoggedIn, tj: TestTjeneste, nr: string, ansvar: string, version: string) {
  const body = { ansvar, funksjon_i_hjemmet: '251', funksjon_utenfor_hjemmet: '252', funksjon_administrasjon: '244', version, _csrf: await a.csrf() };
  expect((await a.agent.post(`/t/${tj.slug}/kontering/kommuner/${nr}`).type('form').send(body)).status).toBe(303);
}
async function commitPreview(a: LoggedIn, location: string) {
  expect(
    (
      await a.agent
        .post(`${location}/lagre`)
        .type('form')
        .send({ _csrf: await a.csrf() })
    ).status,
  ).toBe(303);
}

describe('the demo kodeverk of #12', () => {
  it('when it has the four problems, then each is shown where it is fixed and blocks the final export; fixed, the AGA lines and the sub-funksjon go through matrix, posting preview, approval and package', async () => {
    const tj = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, tj.id, {
      kontoplan: [...lofotenKontoplan(), ...extra],
      // as stored before: the fosterhjem lønnsart for both tiltakstyper, an A-melding code gone since 2019
      lonnsarter: [
        lonnsart('2010', 'Fosterhjem arbeidsgodtgjørelse', '10510', { amelding_beskrivelse: 'kommunalOmsorgsloennOgFosterhjemsgodtgjoerelse' }),
        lonnsart('2030', 'Støttekontakt', '10500'),
        lonnsart('2040', 'Overtid tilsynsfører', '10500', { amelding_beskrivelse: 'overtidsmat', feriepengegrunnlag: true }),
      ],
      utbetalingskategorier: [
        { kode: 'FRI', navn: 'Fritidsaktiviteter', art: '14700', tiltakstype: 'begge' },
        { kode: 'AKS', navn: 'Aksjer', art: '15210', tiltakstype: 'i_hjemmet' },
      ],
    });
    const a = await loginAgent(ctx.app, tj.users.regnskap.email);
    const base = `/t/${tj.slug}`;
    await mapKommune(a, tj, '1860', '7100', '0');
    await mapKommune(a, tj, '1859', '7190', '0');
    await mapKommune(a, tj, '1874', '7190', '0');

    // each problem on the matrix page, with the link to where it is fixed
    const problem = async (code: string) => (await a.agent.get(`${base}/kontering?problem=${code}`)).text;
    const ssb = await problem('ssb_025_art_ikke_drift');
    expect(ssb).toContain('SSB-kontroll 025: Art 15210 (KOSTRA-art 521) er ikke gyldig i driftsregnskapet.');
    expect(ssb).toContain(`href="${base}/import/utbetalingskategorier"`);
    const shared = await problem('ansvar_flere_kommuner');
    expect(shared).toContain('Ansvar 7190 er valgt både for Flakstad og Moskenes.');
    expect(shared).toContain(`href="${base}/kontering/kommuner#k-1874"`);
    const foster = await problem('plassering_i_hjemmet');
    expect(foster).toContain('Lønnsart 2010 Fosterhjem arbeidsgodtgjørelse er fosterhjem, som alltid er en plassering: den skal føres på KOSTRA 252 (utenfor hjemmet), ikke 251.');
    expect(foster).toContain(`href="${base}/import/lonnsarter"`);
    const expired = await problem('amelding_utgaatt');
    expect(expired).toContain('A-melding-beskrivelsen «overtidsmat» (Lønnsart 2040) kan ikke brukes etter 2019-01 (Skatteetaten), og regnskapsåret er 2026.');

    // they block the final export, on the export page and at the action itself
    const exportPage = await a.agent.get(`${base}/eksport`);
    expect(exportPage.text).not.toContain('Lag endelig eksport</button>');
    expect(exportPage.text).toContain('Rett opp');
    const refused = await a.agent
      .post(`${base}/eksport/endelig`)
      .type('form')
      .send({ _csrf: await a.csrf() });
    expect(refused.status).toBe(409);

    // the lønnsarter file: the expired code is an error at its cell in the preview, so that file cannot be saved
    const first = await uploadAndPreview(a.agent, tj.slug, 'lonnsarter', await lonnFile('overtidsmat', 'Begge'), 'lonnsarter.xlsx', await a.csrf());
    expect(first.html).toContain('A-melding-beskrivelsen «overtidsmat» (Lønnsart 2040) kan ikke brukes etter 2019-01');
    expect(first.html).toContain('men et fosterhjem er alltid en plassering (KOSTRA 252)');
    expect(
      (
        await a.agent
          .post(`${first.location}/lagre`)
          .type('form')
          .send({ _csrf: await a.csrf() })
      ).status,
    ).not.toBe(303);
    // fixed in the file: a valid description, and the fosterhjem lønnsart utenfor hjemmet
    const fixed = await uploadAndPreview(a.agent, tj.slug, 'lonnsarter', await lonnFile('overtidsgodtgjoerelse', 'Utenfor hjemmet'), 'lonnsarter.xlsx', await a.csrf());
    await commitPreview(a, fixed.location);
    const kategorier = await uploadAndPreview(
      a.agent,
      tj.slug,
      'utbetalingskategorier',
      await buildWorkbook([
        {
          name: 'Utbetalingskategorier',
          rows: [
            ['Kode', 'Navn', 'Art', 'Tiltakstype'],
            ['FRI', 'Fritidsaktiviteter', '14700', 'Begge'],
            ['AKS', 'Aksjer', '13700', 'I hjemmet'],
          ],
        },
      ]),
      'kategorier.xlsx',
      await a.csrf(),
    );
    await commitPreview(a, kategorier.location);
    await mapKommune(a, tj, '1874', '7120', '1');
    expect((await a.agent.get(`${base}/kontering`)).text).toMatch(/<strong>0<\/strong> med feil/);
    // the fosterhjem lønnsart has only its 252 lines now (wage and AGA)
    const foster252 = await a.agent.get(`${base}/kontering?kommune=1859&tiltakstype=i_hjemmet`);
    expect(foster252.text).not.toContain('Lønnsart 2010 Fosterhjem');

    // approved as it is, then the fosterhjem sub-funksjon is taken from the proposal: the approval goes stale and shows what changed
    const godkjenner = await loginAgent(ctx.app, tj.users.godkjenner.email);
    expect(
      (
        await a.agent
          .post(`${base}/godkjenning/send`)
          .type('form')
          .send({ _csrf: await a.csrf() })
      ).status,
    ).toBe(303);
    for (const nr of ['1860', '1859', '1874']) await approveAsShown(ctx.db, tj, nr, null);
    expect(
      (
        await a.agent
          .post(`${base}/kontering/funksjoner/bekreft-forslag`)
          .type('form')
          .send({ _csrf: await a.csrf() })
      ).status,
    ).toBe(303);
    expect(
      (
        await a.agent
          .post(`${base}/godkjenning/send`)
          .type('form')
          .send({ _csrf: await a.csrf() })
      ).status,
    ).toBe(303);
    const card = (await godkjenner.agent.get(`${base}/godkjenning`)).text;
    expect(card).toContain('Nå: Lønnsart 2010 Fosterhjem arbeidsgodtgjørelse, utenfor hjemmet: 10510.7100.25220');
    expect(card).toContain('Nå: AGA for lønnsart 2010 Arbeidsgiveravgift av Fosterhjem arbeidsgodtgjørelse, utenfor hjemmet: 10990.7100.25220');
    for (const nr of ['1860', '1859', '1874']) {
      const page = (await godkjenner.agent.get(`${base}/godkjenning`)).text;
      const res = await godkjenner.agent
        .post(`${base}/godkjenning/${nr}/godkjenn`)
        .type('form')
        .send({ hash: approveHashFrom(page, nr), kommentar: '', _csrf: await godkjenner.csrf() });
      expect(res.status).toBe(303);
    }

    // the posting preview posts the wage and its AGA on the sub-funksjon (Flakstad kept ansvar 7190; Moskenes moved to 7120)
    await a.agent
      .post(`${base}/innstillinger/postering/lonn`)
      .type('form')
      .send({ _csrf: await a.csrf(), lonn_standard_selskap: '10', lonn_standard_motkonto: '14700', lonn_standard_bilagsserie: 'L1' });
    const preview = await a.agent.get(`${base}/innstillinger/forhandsvisning`).query({ item: 'lonnsart:2010', kommune: '1859', tiltakstype: 'utenfor_hjemmet', belop: '1000' });
    expect(preview.text).toContain('10510.7190.25220');
    expect(preview.text).toContain('10990.7190.25220');

    // the settings change sent the kommuner back? then approve again; in the end the final export is made
    for (const nr of ['1860', '1859', '1874']) {
      const k = (await godkjenner.agent.get(`${base}/godkjenning`)).text;
      if (k.includes(`action="${base}/godkjenning/${nr}/godkjenn"`)) await approveAsShown(ctx.db, tj, nr, null);
    }
    const made = await a.agent
      .post(`${base}/eksport/endelig`)
      .type('form')
      .send({ _csrf: await a.csrf() });
    expect(made.status).toBe(303);
    const zip = await a.agent.get(`${base}/eksport/1.zip`).buffer(true).parse(binaryParser);
    expect(zip.status).toBe(200);
    const doc = JSON.parse((await readZip(zip.body as Buffer)).find((f) => f.path === 'kodeverk.json')!.data.toString()) as {
      lonnsarter: { rader: { kode: string; tiltakstype: string; fordel: string | null }[] };
      kontering: { kommunenummer: string; funksjon_per_kategori: { kode: string; funksjon: string }[] }[];
      konteringsmatrise: { type: string; kode: string; kommunenummer: string; tiltakstype: string; kontostreng: string | null }[];
    };
    expect(doc.lonnsarter.rader.find((r) => r.kode === '2010')).toMatchObject({ tiltakstype: 'utenfor_hjemmet', fordel: 'kontantytelse' });
    expect(doc.kontering.find((k) => k.kommunenummer === '1859')?.funksjon_per_kategori).toContainEqual(expect.objectContaining({ kode: '2010', funksjon: '25220' }));
    const lines2010 = doc.konteringsmatrise.filter((l) => l.kode === '2010' && l.kommunenummer === '1859').map((l) => `${l.type} ${l.tiltakstype} ${l.kontostreng}`);
    expect(lines2010).toEqual(['aga utenfor_hjemmet 10990.7190.25220', 'lonnsart utenfor_hjemmet 10510.7190.25220']);
  });
});
