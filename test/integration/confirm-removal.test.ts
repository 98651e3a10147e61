import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';
import { prepareApprovedKodeverk } from '../support/kodeverk.ts';
import { loadKommuneReviews } from '../../server/review/review.service.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('removing a kommune or a member shows what is lost first, and a removed kommune comes back', () => {
  it('when an approved kommune is removed and added again, then the page said what it would cost, and its tilknytning and approval history come back with the approval stale and why', async () => {
    const t = await createTjeneste(ctx.db);
    await prepareApprovedKodeverk(ctx.db, t);
    const flakstad = (await loadKommuneReviews(ctx.db, t.id)).find((k) => k.kommunenummer === '1859')!;
    const { agent, csrf } = await loginAgent(ctx.app, t.users.admin.email);

    const list = await agent.get(`/t/${t.slug}/kommuner`);
    expect(list.text).toContain(`href="/t/${t.slug}/kommuner/1859/fjern"`);
    for (const path of ['/kontering/kommuner', '/godkjenning']) expect((await agent.get(`/t/${t.slug}${path}`)).text, path).toContain('id="k-1859"');
    const page = await agent.get(`/t/${t.slug}/kommuner/1859/fjern`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Flakstad har godkjent kontering og ${flakstad.lines.length} kontostrenger i konteringsmatrisen.`);
    expect(page.text).toContain('Tilknytningen: ansvar 7110, funksjon 251, 252, 244.');
    expect(page.text).toContain('legger du Flakstad til igjen, kommer tilknytningen');

    // the form without its confirmation removes nothing: it leads to the page
    const token = await csrf();
    const unconfirmed = await agent.post(`/t/${t.slug}/kommuner/1859/fjern`).type('form').send({ _csrf: token });
    expect(unconfirmed.status).toBe(303);
    expect(unconfirmed.headers.location).toBe(`/t/${t.slug}/kommuner/1859/fjern`);
    expect((await loadKommuneReviews(ctx.db, t.id)).some((k) => k.kommunenummer === '1859')).toBe(true);

    expect((await agent.post(`/t/${t.slug}/kommuner/1859/fjern`).type('form').send({ _csrf: token, bekreft: 'ja' })).status).toBe(303);
    expect((await loadKommuneReviews(ctx.db, t.id)).map((k) => k.kommunenummer)).toEqual(['1860', '1874']);
    // every page that lists kommuner lists the current ones only
    for (const path of ['/kontering/kommuner', '/kontering', '/godkjenning']) {
      const html = (await agent.get(`/t/${t.slug}${path}`)).text;
      expect(html, path).not.toMatch(/id="k-1859"|>Flakstad</);
    }

    expect((await agent.post(`/t/${t.slug}/kommuner`).type('form').send({ _csrf: token, kommunenummer: '1859' })).status).toBe(303);
    const back = (await loadKommuneReviews(ctx.db, t.id)).find((k) => k.kommunenummer === '1859')!;
    expect(back.mapping).toEqual(flakstad.mapping);
    expect(back.lines.length).toBe(flakstad.lines.length);
    expect(back.status).toBe('godkjent');
    expect(back.outdated).toBe(true);
    expect(back.review?.approved_by_label).toBe(flakstad.review?.approved_by_label);
    expect(back.changes.map((c) => c.summary).join('\n')).toMatch(/Flakstad ble fjernet fra tjenesten .* og er lagt til igjen: tilknytningen er hentet tilbake, og godkjenningen må gis på nytt\./);
    const godkjenning = (await agent.get(`/t/${t.slug}/godkjenning`)).text;
    expect(godkjenning).toContain('godkjenningen må gis på nytt');
    // the other kommuner are as they were
    expect((await loadKommuneReviews(ctx.db, t.id)).filter((k) => k.kommunenummer !== '1859').every((k) => k.status === 'godkjent' && !k.outdated)).toBe(true);
  });

  it('when a member is to be removed, then a page says what they lose, and only its form removes them', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.admin.email);
    const list = await agent.get(`/t/${t.slug}/brukere`);
    expect(list.text).toContain(`href="/t/${t.slug}/brukere/${t.users.regnskap.id}/fjern"`);
    const page = await agent.get(`/t/${t.slug}/brukere/${t.users.regnskap.id}/fjern`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`${t.users.regnskap.navn} (${t.users.regnskap.email}) mister tilgangen til tjenesten og rollene Lønn og regnskap.`);
    const token = await csrf();
    expect((await agent.post(`/t/${t.slug}/brukere/${t.users.regnskap.id}/fjern`).type('form').send({ _csrf: token })).status).toBe(303);
    const still = await ctx.db.selectFrom('membership').select('user_id').where('tjeneste_id', '=', t.id).where('user_id', '=', t.users.regnskap.id).execute();
    expect(still).toHaveLength(1);
    expect((await agent.post(`/t/${t.slug}/brukere/${t.users.regnskap.id}/fjern`).type('form').send({ _csrf: token, bekreft: 'ja' })).status).toBe(303);
    const gone = await ctx.db.selectFrom('membership').select('user_id').where('tjeneste_id', '=', t.id).where('user_id', '=', t.users.regnskap.id).execute();
    expect(gone).toHaveLength(0);
  });
});
