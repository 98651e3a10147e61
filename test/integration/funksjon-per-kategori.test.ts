import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { loginAgent } from '../support/agent.ts';
import { binaryParser } from '../support/binary.ts';
import { lofotenKontoplan, lofotenLonnsarter, lofotenUtbetalingskategorier, seedRegisters } from '../support/registers.ts';
import { actorFor, approveAsShown, mapAllKommuner } from '../support/kodeverk.ts';
import { submitForReview, loadKommuneReviews } from '../../server/review/review.service.ts';
import { readZip } from '../../server/export/zip.ts';
import type { KontoplanRecord } from '../../server/kontoplan/kontoplan.definition.ts';

// Funksjon per kategori (#12 item 6) through the Kontering pages, the matrix, the posting preview, the approval and the package.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const funksjon = (kode: string, navn: string, kostra: string): KontoplanRecord => ({ dimensjon: 'funksjon', kode, navn, aktiv: true, kostra, kontoklasse: null });
/** A real plan's sub-funksjoner per tiltak (docs/domain.md): 25220 Fosterhjem, 25180 Besøkshjem/støttekontakt, 25211 Statlig institusjon. */
const SUB = [funksjon('25220', 'Fosterhjem', '252'), funksjon('25180', 'Besøkshjem/støttekontakt', '251'), funksjon('25211', 'Statlig institusjon', '252')];

async function setup() {
  const tj = await createTjeneste(ctx.db);
  await seedRegisters(ctx.db, tj.id, { kontoplan: [...lofotenKontoplan(), ...SUB], lonnsarter: lofotenLonnsarter(), utbetalingskategorier: lofotenUtbetalingskategorier() });
  await mapAllKommuner(ctx.db, tj);
  const a = await loginAgent(ctx.app, tj.users.regnskap.email);
  return { tj, a };
}
/** A kontostreng on the matrix page, shown as one string or as its three codes. */
const ks = (kontostreng: string) => {
  const [art, ansvar, funksjon] = kontostreng.split('.');
  return new RegExp(`${art}(?:\\.|</code> · <code>)${ansvar}(?:\\.|</code> · <code>)${funksjon}(?![0-9])`);
};
const save = async (a: Awaited<ReturnType<typeof loginAgent>>, tj: TestTjeneste, nr: string, choices: Record<string, string>) => {
  const body: Record<string, string> = { _csrf: await a.csrf() };
  Object.entries(choices).forEach(([key, v], i) => {
    body[`k_${i}`] = key;
    body[`v_${i}`] = v;
  });
  return a.agent.post(`/t/${tj.slug}/kontering/funksjoner/${nr}`).type('form').send(body);
};

describe('funksjon per kategori', () => {
  it('when the plan has sub-funksjoner, then the page proposes them by name with how sure it is; «Bruk alle sikre forslag» saves them, the matrix, its AGA line and the audit log show them', async () => {
    const { tj, a } = await setup();
    const page = await a.agent.get(`/t/${tj.slug}/kontering/funksjoner`);
    expect(page.status).toBe(200);
    // Fosterhjem arbeidsgodtgjørelse (utenfor hjemmet) → 25220 Fosterhjem; Støttekontakt i hjemmet → 25180; Institusjon → 25211
    expect(page.text).toContain('<span class="badge ok">Sikkert forslag</span> «fosterhjem» står i navnet på funksjon 25220 Fosterhjem.');
    expect(page.text).toContain('«stottekontakt» står i navnet på funksjon 25180 Besøkshjem/støttekontakt.');
    expect(page.text).toContain('«institusjon» står i navnet på funksjon 25211 Statlig institusjon.');
    // nothing changes before a person confirms
    expect((await a.agent.get(`/t/${tj.slug}/kontering?kommune=1859`)).text).toMatch(ks('10510.7110.252'));

    const confirmed = await a.agent
      .post(`/t/${tj.slug}/kontering/funksjoner/bekreft-forslag`)
      .type('form')
      .send({ _csrf: await a.csrf() });
    expect(confirmed.status).toBe(303);
    const matrix = await a.agent.get(`/t/${tj.slug}/kontering?kommune=1859`);
    expect(matrix.text).toMatch(ks('10510.7110.25220'));
    // the AGA line follows its wage's funksjon
    expect(matrix.text).toMatch(ks('10990.7110.25220'));
    expect(matrix.text).toMatch(ks('10500.7110.25180'));
    expect(matrix.text).toMatch(ks('13700.7110.25211'));
    // a kategori without a matching sub-funksjon keeps the kommune's
    expect(matrix.text).toMatch(ks('14700.7110.251'));
    expect(matrix.text).toMatch(/<strong>0<\/strong> med feil/);
    const log = await a.agent.get(`/t/${tj.slug}/logg`);
    expect(log.text).toContain('Funksjon per kategori for Flakstad: Lønnsart 2010 Fosterhjem arbeidsgodtgjørelse, utenfor hjemmet: 25220 (var kommunens 252)');
    // what changed is shown in words, never the form's internal key
    expect(log.text).not.toContain('lonnsart|');
  });

  it('when a funksjon of the wrong KOSTRA part is sent, then nothing is saved and the page says why at the choice; a blank choice goes back to the kommune’s funksjon', async () => {
    const { tj, a } = await setup();
    const bad = await save(a, tj, '1860', { 'lonnsart|utenfor_hjemmet|2010': '25180' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Funksjon 25180 er KOSTRA 251, men tiltak utenfor hjemmet skal føres på KOSTRA 252.');
    expect((await a.agent.get(`/t/${tj.slug}/kontering?kommune=1860`)).text).toMatch(ks('10510.7100.252'));
    expect((await save(a, tj, '1860', { 'lonnsart|utenfor_hjemmet|2010': '25220' })).status).toBe(303);
    expect((await a.agent.get(`/t/${tj.slug}/kontering?kommune=1860`)).text).toMatch(ks('10510.7100.25220'));
    expect((await save(a, tj, '1860', { 'lonnsart|utenfor_hjemmet|2010': '' })).status).toBe(303);
    expect((await a.agent.get(`/t/${tj.slug}/kontering?kommune=1860`)).text).toMatch(ks('10510.7100.252'));
    const reader = await loginAgent(ctx.app, tj.users.lesetilgang.email);
    expect((await save(reader, tj, '1860', { 'lonnsart|utenfor_hjemmet|2010': '25220' })).status).toBe(403);
  });

  it('when a kommune is approved and a funksjon per kategori changes, then the approval goes stale; the posting preview and the package use the sub-funksjon', async () => {
    const { tj, a } = await setup();
    await submitForReview(ctx.db, actorFor(tj, tj.users.regnskap), 'alle');
    await approveAsShown(ctx.db, tj, '1859', null);
    expect((await loadKommuneReviews(ctx.db, tj.id)).find((k) => k.kommunenummer === '1859')?.outdated).toBe(false);
    expect((await save(a, tj, '1859', { 'lonnsart|utenfor_hjemmet|2010': '25220' })).status).toBe(303);
    expect((await loadKommuneReviews(ctx.db, tj.id)).find((k) => k.kommunenummer === '1859')?.outdated).toBe(true);

    const posting = await a.agent
      .post(`/t/${tj.slug}/innstillinger/postering/lonn`)
      .type('form')
      .send({ _csrf: await a.csrf(), lonn_standard_selskap: '10', lonn_standard_motkonto: '14700', lonn_standard_bilagsserie: 'L1' });
    expect(posting.status).toBe(303);
    const preview = await a.agent.get(`/t/${tj.slug}/innstillinger/forhandsvisning`).query({ item: 'lonnsart:2010', kommune: '1859', tiltakstype: 'utenfor_hjemmet', belop: '1000' });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('10510.7110.25220');
    expect(preview.text).toContain('10990.7110.25220');

    const res = await a.agent
      .post(`/t/${tj.slug}/eksport/utkast`)
      .type('form')
      .send({ _csrf: await a.csrf() })
      .buffer(true)
      .parse(binaryParser);
    expect(res.status).toBe(200);
    const doc = JSON.parse((await readZip(res.body as Buffer)).find((f) => f.path === 'kodeverk.json')!.data.toString()) as {
      kontering: { kommunenummer: string; funksjon_per_kategori: unknown[] }[];
      konteringsmatrise: { type: string; kode: string; kommunenummer: string; kontostreng: string | null }[];
    };
    expect(doc.kontering.find((k) => k.kommunenummer === '1859')?.funksjon_per_kategori).toEqual([{ type: 'lonnsart', kode: '2010', tiltakstype: 'utenfor_hjemmet', funksjon: '25220' }]);
    expect(doc.kontering.find((k) => k.kommunenummer === '1860')?.funksjon_per_kategori).toEqual([]);
    expect(doc.konteringsmatrise.filter((l) => l.kode === '2010' && l.kommunenummer === '1859').map((l) => `${l.type} ${l.kontostreng}`)).toEqual([
      'aga 10990.7110.25220',
      'lonnsart 10510.7110.25220',
    ]);
  });
});
