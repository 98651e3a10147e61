import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { loginAgent } from '../support/agent.ts';
import { lofotenKontoplan, lofotenLonnsarter, lofotenUtbetalingskategorier } from '../support/registers.ts';
import { actorFor, approveAsShown, mapAllKommuner, prepareApprovedKodeverk } from '../support/kodeverk.ts';
import { saveFunksjonPerKategori } from '../../server/mapping/funksjon-per-kategori.service.ts';
import { submitForReview } from '../../server/review/review.service.ts';
import { seedRegisters } from '../support/registers.ts';
import { uploadAndPreview } from './import-helpers.ts';
import { buildTemplate } from '../../server/spreadsheet/index.ts';
import type { RegisterName } from '../../server/spreadsheet/types.ts';
import { definitionFor, type RegisterRecord } from '../../server/registers/registry.ts';

// #12 item 11: the import preview says what uses each removed or changed code, before «Lagre».
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** The warning block of a preview page, as plain text (tags dropped, spaces folded). */
function impactBlock(html: string): string | null {
  const m = /<section class="warning-box import-impact"[\s\S]*?<\/section>/.exec(html);
  return m ? m[0].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ') : null;
}

async function preview(tj: TestTjeneste, register: RegisterName, records: RegisterRecord[]) {
  const a = await loginAgent(ctx.app, tj.users.regnskap.email);
  const { html } = await uploadAndPreview(a.agent, tj.slug, register, await buildTemplate(definitionFor(register), records as never), `${register}.xlsx`, await a.csrf());
  return html;
}

describe('import preview: what uses a removed or changed code', () => {
  it('when a kontoplan without an art in use is previewed, then the page says which categories and lønnsarter use it, how many kontostrenger break and which approvals go stale', async () => {
    const tj = await createTjeneste(ctx.db);
    await prepareApprovedKodeverk(ctx.db, tj);
    const html = await preview(
      tj,
      'kontoplan',
      lofotenKontoplan().filter((r) => r.kode !== '14700'),
    );
    const block = impactBlock(html);
    expect(block).not.toBeNull();
    // 14700: utbetalingskategori FRI (begge: 2 lines) and lønnsart 2020 (utenfor hjemmet: 1 line), in each of the 3 kommuner
    expect(block).toContain('Art 14700 Overføring til private brukes av 1 utbetalingskategori og 1 lønnsart – 9 kontostrenger i 3 kommuner blir ugyldige.');
    expect(block).toContain('Godkjenningen av Vestvågøy, Flakstad og Moskenes blir utdatert og må gjøres på nytt.');
    // shown before the save button
    expect(html.indexOf('import-impact')).toBeLessThan(html.indexOf('/lagre"'));
  });

  it('when an ansvar a kommune is mapped to is removed, then the page names the kommune and its kontostrenger', async () => {
    const tj = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, tj.id);
    await mapAllKommuner(ctx.db, tj);
    const block = impactBlock(
      await preview(
        tj,
        'kontoplan',
        lofotenKontoplan().filter((r) => r.kode !== '7110'),
      ),
    );
    // Flakstad: lønnsarter 2010 1 + 2020 1 + 2030 2, AGA 2010 1 + 2030 2, BHG 1 + FRI 2 + INST 1 = 11
    expect(block).toContain('Ansvar 7110 Barnevern Flakstad brukes i konteringen til Flakstad – 11 kontostrenger i 1 kommune blir ugyldige.');
    // nothing approved, nothing sent: no approval sentence
    expect(block).not.toContain('Godkjenningen av');
  });

  it('when a funksjon in use is made inactive, then the change is reported as in use; a renamed unused art is not', async () => {
    const tj = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, tj.id);
    await mapAllKommuner(ctx.db, tj);
    const records = lofotenKontoplan().map((r) => (r.kode === '251' ? { ...r, aktiv: false } : r.kode === '10100' ? { ...r, navn: 'Fastlønn (ny)' } : r));
    const block = impactBlock(await preview(tj, 'kontoplan', records));
    // 251: the i_hjemmet lines: per kommune 2030 + its AGA line + BHG + FRI = 4
    expect(block).toContain(
      'Funksjon 251 Barnevernstiltak når barnet ikke er plassert av barnevernet brukes i konteringen til Flakstad, Moskenes og Vestvågøy – 12 kontostrenger i 3 kommuner blir ugyldige.',
    );
    expect(block).not.toContain('10100');
  });

  it('when a lønnsart is removed, then its kontostrenger are said to leave the matrix and the kommuner sent for approval go back to utkast', async () => {
    const tj = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, tj.id);
    await mapAllKommuner(ctx.db, tj);
    const a = await loginAgent(ctx.app, tj.users.regnskap.email);
    expect(
      (
        await a.agent
          .post(`/t/${tj.slug}/godkjenning/send`)
          .type('form')
          .send({ _csrf: await a.csrf() })
      ).status,
    ).toBe(303);
    const block = impactBlock(
      await preview(
        tj,
        'lonnsarter',
        lofotenLonnsarter().filter((l) => l.kode !== '2030'),
      ),
    );
    // 2030 Støttekontakt: 2 wage lines + 2 AGA lines per kommune
    expect(block).toContain('Lønnsart 2030 Støttekontakt har 12 kontostrenger i 3 kommuner – de tas ut av matrisen.');
    expect(block).toContain('Vestvågøy, Flakstad og Moskenes venter på godkjenning og sendes tilbake til utkast');
  });

  it('when the file removes nothing in use, then there is no warning block', async () => {
    const tj = await createTjeneste(ctx.db);
    await prepareApprovedKodeverk(ctx.db, tj);
    const html = await preview(
      tj,
      'kontoplan',
      lofotenKontoplan().filter((r) => r.kode !== '7190'),
    );
    expect(html).toContain('diff-removed');
    expect(impactBlock(html)).toBeNull();
  });

  it('when a kategori has a funksjon of its own (funksjon per kategori), then removing that funksjon is reported, and a file that touches nothing in use leaves the approvals valid', async () => {
    const tj = await createTjeneste(ctx.db);
    const kontoplan = [...lofotenKontoplan(), { dimensjon: 'funksjon' as const, kode: '25185', navn: 'Barnehage og SFO', aktiv: true, kostra: '251', kontoklasse: null }];
    await seedRegisters(ctx.db, tj.id, { kontoplan, lonnsarter: lofotenLonnsarter(), utbetalingskategorier: lofotenUtbetalingskategorier() });
    await mapAllKommuner(ctx.db, tj);
    const saved = await saveFunksjonPerKategori(ctx.db, actorFor(tj, tj.users.regnskap), '1859', { 'utbetalingskategori|i_hjemmet|BHG': '25185' });
    expect(saved.ok).toBe(true);
    await submitForReview(ctx.db, actorFor(tj, tj.users.regnskap), 'alle');
    for (const nr of ['1860', '1859', '1874']) await approveAsShown(ctx.db, tj, nr, null);
    // the kategori's own funksjon stays in place: nothing in use is touched, no approval goes stale
    expect(
      impactBlock(
        await preview(
          tj,
          'kontoplan',
          kontoplan.filter((r) => r.kode !== '7190'),
        ),
      ),
    ).toBeNull();
    const block = impactBlock(
      await preview(
        tj,
        'kontoplan',
        kontoplan.filter((r) => r.kode !== '25185'),
      ),
    );
    expect(block).toContain('Funksjon 25185 Barnehage og SFO brukes som egen funksjon for 1 utbetalingskategori – 1 kontostreng i 1 kommune blir ugyldig.');
    expect(block).toContain('Godkjenningen av Flakstad blir utdatert');
  });
});
