import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { loginAgent } from '../support/agent.ts';
import { seedRegisters } from '../support/registers.ts';
import { mapAllKommuner } from '../support/kodeverk.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const cells = (m: string, c: Record<string, string>) => Object.fromEntries(Object.entries(c).map(([k, v]) => [`${m}_${k}`, v]));

async function saveLonnSettings(t: TestTjeneste) {
  const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
  const res = await agent
    .post(`/t/${t.slug}/innstillinger/postering/lonn`)
    .type('form')
    .send({ _csrf: await csrf(), ...cells('lonn', { standard_selskap: '10', standard_motkonto: '14700', standard_bilagsserie: 'L1', k1859_selskap: '20' }) });
  expect(res.status).toBe(303);
}

const preview = (t: TestTjeneste, q: Record<string, string>) => loginAgent(ctx.app, t.users.lesetilgang.email).then(({ agent }) => agent.get(`/t/${t.slug}/innstillinger/forhandsvisning`).query(q));

describe('posting preview', () => {
  it('when registers, mapping and lønn settings are in place, then a lønnsart shows debet kontostreng and kredit motkonto with the kommune override', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    await mapAllKommuner(ctx.db, t);
    await saveLonnSettings(t);
    const res = await preview(t, { item: 'lonnsart:2030', kommune: '1859', tiltakstype: 'utenfor_hjemmet', belop: '1 250,50' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('10500.7110.252');
    expect(res.text).toMatch(/<td>Kredit<\/td><td><strong>14700<\/strong>/);
    expect(res.text).toMatch(/<td>20<\/td><td>L1<\/td>/); // Flakstad's own selskap, the default bilagsserie
    expect(res.text).toContain('1\u00a0250,50');
    expect(res.text).not.toContain('Kan ikke posteres ennå');
  });

  it('when økonomi has no posting settings, then an utbetalingskategori lists exactly what is missing with links', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    await mapAllKommuner(ctx.db, t);
    await saveLonnSettings(t);
    const res = await preview(t, { item: 'utbetalingskategori:FRI', kommune: '1860', tiltakstype: 'i_hjemmet', belop: '500' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Kan ikke posteres ennå');
    expect(res.text).toContain('Mangler selskap, motkonto og bilagsserie for økonomi (utbetalinger) i Vestvågøy.');
    expect(res.text).toContain(`href="/t/${t.slug}/innstillinger/postering#modul-okonomi"`);
    expect(res.text).not.toContain('<td>Debet</td>');
  });

  it('when a kategori is only for children at home and utenfor hjemmet is chosen, then it says so', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    const res = await preview(t, { item: 'utbetalingskategori:BHG', kommune: '1860', tiltakstype: 'utenfor_hjemmet', belop: '100' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('gjelder bare i hjemmet (251), ikke utenfor hjemmet (252)');
  });

  it('when kommuner are not mapped, then the matrix problem is a reason', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    await saveLonnSettings(t);
    const res = await preview(t, { item: 'lonnsart:2010', kommune: '1874', tiltakstype: 'utenfor_hjemmet', belop: '100' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Kan ikke posteres ennå');
    expect(res.text).not.toContain('<td>Debet</td>');
  });

  it('when the form is incomplete or the amount is wrong, then each field gets its message and the choices stay', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    const res = await preview(t, { item: 'lonnsart:2010', kommune: '0301', tiltakstype: 'begge', belop: '12,345' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Velg en av tjenestens kommuner.');
    expect(res.text).toContain('Velg i hjemmet eller utenfor hjemmet.');
    expect(res.text).toContain('høyst to desimaler');
    expect(res.text).toContain('value="lonnsart:2010" selected');
    const zero = await preview(t, { item: 'lonnsart:9999', kommune: '1860', tiltakstype: 'i_hjemmet', belop: '0' });
    expect(zero.status).toBe(400);
    expect(zero.text).toContain('fra listen');
    expect(zero.text).toContain('Beløpet kan ikke være 0.');
  });

  it('when opened without a choice, then the empty form is shown', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    const res = await preview(t, {});
    expect(res.status).toBe(200);
    expect(res.text).toContain('2030 Støttekontakt');
    expect(res.text).toContain('Barnehage');
  });

  it('when the amount is negative (a refusjon), then the kontostreng is credited and the motkonto debited, and the summary reads as one sentence', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    await mapAllKommuner(ctx.db, t);
    await saveLonnSettings(t);
    const res = await preview(t, { item: 'lonnsart:2030', kommune: '1859', tiltakstype: 'utenfor_hjemmet', belop: '-1 250,50' });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('Kan ikke posteres ennå');
    expect(res.text).toMatch(/<td>Kredit<\/td><td><strong>10500\.7110\.252<\/strong>[\s\S]*?<td class="num"><\/td><td class="num">1\u00a0250,50<\/td>/);
    expect(res.text).toMatch(/<td>Debet<\/td><td><strong>14700<\/strong>[\s\S]*?<td class="num">1\u00a0250,50<\/td><td class="num"><\/td>/);
    expect(res.text).toContain('Negativt beløp (refusjon eller kreditering): kontostrengen krediteres og motkontoen debiteres.');
    expect(res.text).toContain('−1\u00a0250,50 kr for lønnsarten «Støttekontakt» i Flakstad, utenfor hjemmet (252) – postert med innstillingene for lønn.');
  });

  it('when an AGA-pliktig lønnsart is previewed for an unmapped kommune, then each reason is said once and every reason starts with a capital', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    const res = await preview(t, { item: 'lonnsart:2010', kommune: '1874', tiltakstype: 'utenfor_hjemmet', belop: '100' });
    const reasons = [...res.text.matchAll(/<li>([^<]*) <a href="[^"]*">Rett opp<\/a><\/li>/g)].map((m) => m[1]!);
    expect(reasons.length).toBeGreaterThanOrEqual(3);
    expect(new Set(reasons).size).toBe(reasons.length);
    for (const r of reasons) expect(r, r).toMatch(/^\p{Lu}/u);
    expect(reasons).toContain('Mangler selskap, motkonto og bilagsserie for økonomi (utbetalinger) i Moskenes.'.replace('økonomi (utbetalinger)', 'lønn'));
    const kategori = await preview(t, { item: 'utbetalingskategori:BHG', kommune: '1860', tiltakstype: 'utenfor_hjemmet', belop: '100' });
    const kReasons = [...kategori.text.matchAll(/<li>([^<]*) <a href="[^"]*">Rett opp<\/a><\/li>/g)].map((m) => m[1]!);
    expect(kReasons).toEqual([
      'Utbetalingskategorien «Barnehage» gjelder bare i hjemmet (251), ikke utenfor hjemmet (252). Velg den andre tiltakstypen, eller endre tiltakstypen i registeret hvis den skal gjelde.',
    ]);
  });
});
