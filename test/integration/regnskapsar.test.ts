import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { loginAgent } from '../support/agent.ts';
import { lofotenKontoplan, lofotenLonnsarter, lofotenUtbetalingskategorier, seedRegisters } from '../support/registers.ts';
import { actorFor, approveAsShown, mapAllKommuner } from '../support/kodeverk.ts';
import { approvalsForExport, submitForReview } from '../../server/review/review.service.ts';
import type { KontoplanRecord } from '../../server/kontoplan/kontoplan.definition.ts';

// #12 item 9: changing the regnskapsår redoes the stored KOSTRA derivations; «Kopier kodeverket til nytt regnskapsår».
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const art = (kode: string, navn: string, kostra: string | null): KontoplanRecord => ({ dimensjon: 'art', kode, navn, aktiv: true, kostra, kontoklasse: 'drift' });

/** A 2025 kodeverk, every kommune approved; with `art270` a category on art 12700 (KOSTRA 270, gone in 2026). */
async function approved2025(art270: boolean): Promise<TestTjeneste> {
  const tj = await createTjeneste(ctx.db, { regnskapsar: 2025 });
  const extra = art270 ? [art('12700', 'Andre tjenester', '270'), art('12710', 'Andre tjenester, ny', null)] : [];
  await seedRegisters(ctx.db, tj.id, {
    kontoplan: [...lofotenKontoplan(), ...extra],
    lonnsarter: lofotenLonnsarter(),
    utbetalingskategorier: [...lofotenUtbetalingskategorier(), ...(art270 ? [{ kode: 'TJ', navn: 'Andre tjenester', art: '12700', tiltakstype: 'i_hjemmet' as const }] : [])],
  });
  await mapAllKommuner(ctx.db, tj);
  await submitForReview(ctx.db, actorFor(tj, tj.users.regnskap), 'alle');
  for (const nr of ['1860', '1859', '1874']) await approveAsShown(ctx.db, tj, nr, null);
  return tj;
}

const kontoplanVersions = (tj: TestTjeneste) =>
  ctx.db.selectFrom('register_version').select(['version_no', 'file_name', 'created_by', 'kilde']).where('tjeneste_id', '=', tj.id).where('register', '=', 'kontoplan').orderBy('version_no').execute();
const storedKostra = async (tj: TestTjeneste, kode: string) => {
  const v = (await kontoplanVersions(tj)).at(-1)!;
  const row = await ctx.db
    .selectFrom('kontoplan_konto')
    .innerJoin('register_version', 'register_version.id', 'kontoplan_konto.version_id')
    .select('kostra')
    .where('register_version.tjeneste_id', '=', tj.id)
    .where('register_version.version_no', '=', v.version_no)
    .where('register_version.register', '=', 'kontoplan')
    .where('kode', '=', kode)
    .executeTakeFirstOrThrow();
  return row.kostra;
};

async function changeYear(tj: TestTjeneste, regnskapsar: number) {
  const admin = await loginAgent(ctx.app, tj.users.admin.email);
  const res = await admin.agent
    .post(`/t/${tj.slug}/tjeneste`)
    .type('form')
    .send({ navn: tj.navn, organisasjonsnummer: '123456785', regnskapsar: String(regnskapsar), _csrf: await admin.csrf() });
  expect(res.status).toBe(303);
  return admin;
}

describe('changing the regnskapsår', () => {
  it('when the year changes and an art’s KOSTRA art changes with it, then the system makes a new kontoplan version, says so in the endringslogg, and the approvals whose kontostrenger change go stale', async () => {
    const tj = await approved2025(true);
    const admin = await changeYear(tj, 2026);
    const versions = await kontoplanVersions(tj);
    expect(versions).toHaveLength(2);
    expect(versions[1]).toMatchObject({ version_no: 2, created_by: null, file_name: 'KOSTRA for regnskapsår 2026 (fra versjon 1)', kilde: 'system' });
    expect(await storedKostra(tj, '12700')).toBeNull();
    expect(await storedKostra(tj, '12710')).toBe('271');
    expect(await storedKostra(tj, '10100')).toBe('010');
    const log = (await admin.agent.get(`/t/${tj.slug}/logg`)).text;
    expect(log).toContain('Systemet laget kontoplan versjon 2: KOSTRA-artene er utledet på nytt for regnskapsår 2026');
    expect(log).toContain('12700: 270 → ingen; 12710: ingen → 271');
    expect(log).not.toContain('[object Object]');
    expect(log).toContain(`etter at admin ${tj.slug.slice(2)} endret regnskapsåret fra 2025`);
    // the import page names the system as the version's author
    expect((await admin.agent.get(`/t/${tj.slug}/import`)).text).toContain('systemet');
    expect((await admin.agent.get(`/t/${tj.slug}/import/kontoplan/versjoner`)).text).toContain('Laget av systemet: KOSTRA for regnskapsår 2026 (fra versjon 1)');
    // the category on 12700 is now an error line in every kommune: each approval is outdated
    expect((await approvalsForExport(ctx.db, tj.id)).map((k) => k.outdated)).toEqual([true, true, true]);
  });

  it('when the year changes and no derivation or kontostreng changes, then there is no new version and the approvals stay valid', async () => {
    const tj = await approved2025(false);
    await changeYear(tj, 2026);
    expect(await kontoplanVersions(tj)).toHaveLength(1);
    const all = await approvalsForExport(ctx.db, tj.id);
    expect(all.map((k) => [k.status, k.outdated])).toEqual([
      ['godkjent', false],
      ['godkjent', false],
      ['godkjent', false],
    ]);
  });
});

describe('«Kopier kodeverket til nytt regnskapsår»', () => {
  it('when the admin opens it, then the changes between the two years’ SSB lists are shown with what the kodeverk uses of them, before anything changes', async () => {
    const tj = await approved2025(true);
    const admin = await loginAgent(ctx.app, tj.users.admin.email);
    expect((await admin.agent.get(`/t/${tj.slug}/tjeneste`)).text).toContain('Kopier kodeverket til regnskapsår 2026');
    const page = (await admin.agent.get(`/t/${tj.slug}/tjeneste/nytt-regnskapsar`)).text.replace(/\s+/g, ' ');
    expect(page).toContain('Kopier kodeverket til regnskapsår 2026');
    expect(page).toMatch(/<strong>270 [^<]*<\/strong> – erstattes av 271, 272/);
    // TJ is an i_hjemmet category: one kontostreng in each of the 3 kommuner
    expect(page).toContain('Art 12700 Andre tjenester brukes av 1 utbetalingskategori – 3 kontostrenger i 3 kommuner');
    expect(page).toContain('Art 12710 Andre tjenester, ny: KOSTRA ingen → 271');
    expect(page).toContain('Vestvågøy, Flakstad, Moskenes må godkjennes på nytt for 2026');
    expect((await ctx.db.selectFrom('tjeneste').select('regnskapsar').where('id', '=', tj.id).executeTakeFirstOrThrow()).regnskapsar).toBe(2025);
    for (const role of ['regnskap', 'godkjenner', 'lesetilgang'] as const) {
      const other = await loginAgent(ctx.app, tj.users[role].email);
      expect((await other.agent.get(`/t/${tj.slug}/tjeneste/nytt-regnskapsar`)).status).toBe(403);
    }
  });

  it('when the admin confirms, then the tjeneste moves to next year with the registers carried over and re-derived, every approval reset with the reason, and the old year’s export still downloadable and marked with its year', async () => {
    const tj = await approved2025(true);
    const regnskap = await loginAgent(ctx.app, tj.users.regnskap.email);
    expect(
      (
        await regnskap.agent
          .post(`/t/${tj.slug}/eksport/endelig`)
          .type('form')
          .send({ _csrf: await regnskap.csrf() })
      ).status,
    ).toBe(303);
    const admin = await loginAgent(ctx.app, tj.users.admin.email);
    const res = await admin.agent
      .post(`/t/${tj.slug}/tjeneste/nytt-regnskapsar`)
      .type('form')
      .send({ fra: '2025', _csrf: await admin.csrf() });
    expect(res.status).toBe(303);
    const home = (await admin.agent.get(res.headers.location as string)).text;
    expect(home).toContain('Kodeverket gjelder nå regnskapsår 2026. KOSTRA-artene er utledet på nytt (2 endret).');
    expect((await ctx.db.selectFrom('tjeneste').select('regnskapsar').where('id', '=', tj.id).executeTakeFirstOrThrow()).regnskapsar).toBe(2026);
    const reviews = await ctx.db.selectFrom('kommune_review').select(['status', 'comment', 'approved_hash']).where('tjeneste_id', '=', tj.id).execute();
    expect(reviews.map((r) => r.status)).toEqual(['utkast', 'utkast', 'utkast']);
    expect(reviews.every((r) => r.comment === 'Kodeverket er kopiert til regnskapsår 2026 og må godkjennes for det året.' && r.approved_hash !== null)).toBe(true);
    const log = (await admin.agent.get(`/t/${tj.slug}/logg`)).text;
    expect(log).toContain('Kopierte kodeverket til regnskapsår 2026 (fra 2025)');
    expect(log).toContain('Flakstad er tilbake til utkast (var godkjent for 2025)');
    // the godkjenner sees why on the kommune's card
    const godkjenner = await loginAgent(ctx.app, tj.users.godkjenner.email);
    expect((await godkjenner.agent.get(`/t/${tj.slug}/godkjenning`)).text).toContain('«Kodeverket er kopiert til regnskapsår 2026 og må godkjennes for det året.»');
    // registers and kontering carried over: the same versions (the kontoplan re-derived by the system), the same mappings
    expect((await kontoplanVersions(tj)).map((v) => v.created_by === null)).toEqual([true, true]);
    expect(await storedKostra(tj, '12710')).toBe('271');
    expect(await ctx.db.selectFrom('kommune_mapping').select('kommunenummer').where('tjeneste_id', '=', tj.id).execute()).toHaveLength(3);
    const exports = (await regnskap.agent.get(`/t/${tj.slug}/eksport`)).text;
    expect(exports).toMatch(/<td>1<\/td><td>2025<\/td>/);
    expect((await regnskap.agent.get(`/t/${tj.slug}/eksport/1.zip`)).status).toBe(200);
    // the export gate: every kommune must be approved for 2026 first
    expect(
      (
        await regnskap.agent
          .post(`/t/${tj.slug}/eksport/endelig`)
          .type('form')
          .send({ _csrf: await regnskap.csrf() })
      ).status,
    ).not.toBe(303);
  });

  it('when the page was opened for a year that has since moved on, then confirming is refused and nothing changes again', async () => {
    const tj = await approved2025(false);
    const admin = await loginAgent(ctx.app, tj.users.admin.email);
    expect(
      (
        await admin.agent
          .post(`/t/${tj.slug}/tjeneste/nytt-regnskapsar`)
          .type('form')
          .send({ fra: '2025', _csrf: await admin.csrf() })
      ).status,
    ).toBe(303);
    const again = await admin.agent
      .post(`/t/${tj.slug}/tjeneste/nytt-regnskapsar`)
      .type('form')
      .send({ fra: '2025', _csrf: await admin.csrf() });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Regnskapsåret er allerede endret til 2026');
    expect((await ctx.db.selectFrom('tjeneste').select('regnskapsar').where('id', '=', tj.id).executeTakeFirstOrThrow()).regnskapsar).toBe(2026);
  });
});
