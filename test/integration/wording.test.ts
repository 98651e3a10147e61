import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste } from '../support/factories.ts';
import { loginAgent } from '../support/agent.ts';
import { mapAllKommuner } from '../support/kodeverk.ts';
import { seedRegisters } from '../support/registers.ts';

/** Small things a new user read aloud and stumbled on (what a page says, not what it does). */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('wording', () => {
  it('when an admin looks at the users, then «Fjern» is offered on every row but their own', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent } = await loginAgent(ctx.app, t.users.admin.email);
    const page = await agent.get(`/t/${t.slug}/brukere`);
    expect(page.text).toContain(`/brukere/${t.users.regnskap.id}/fjern`);
    expect(page.text).not.toContain(`/brukere/${t.users.admin.id}/fjern`);
  });

  it("when a kommune is chosen from SSB's list, then a name that already carries its fylke is not given it twice", async () => {
    const t = await createTjeneste(ctx.db);
    const { agent } = await loginAgent(ctx.app, t.users.admin.email);
    const page = await agent.get(`/t/${t.slug}/kommuner`);
    expect(page.text).toContain('1515 Herøy (Møre og Romsdal)</option>');
    expect(page.text).not.toContain('(Møre og Romsdal) (Møre og Romsdal)');
    expect(page.text).toContain('1804 Bodø (Nordland)</option>');
  });

  it('when the posting settings are shown, then the page has one form with one «Lagre postering», and Autopay says whose agreement it asks about', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent } = await loginAgent(ctx.app, t.users.regnskap.email);
    const postering = await agent.get(`/t/${t.slug}/innstillinger/postering`);
    expect(postering.text.match(/<form method="post" action="[^"]*\/innstillinger\/postering[^"]*"/g)).toEqual([`<form method="post" action="/t/${t.slug}/innstillinger/postering"`]);
    expect(postering.text).toContain('Lagre postering</button>');
    expect(postering.text).not.toContain('Lagre Lønn');
    const autopay = await agent.get(`/t/${t.slug}/innstillinger/autopay`);
    expect(autopay.text).toContain('Har vertskommunen Autopay-avtale');
  });
});

describe('roles as the app describes them', () => {
  it('when an admin adds a user, then the roles say what each may do — admin includes what lønn og regnskap may', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent } = await loginAgent(ctx.app, t.users.admin.email);
    const page = (await agent.get(`/t/${t.slug}/brukere`)).text;
    expect(page).toContain('Brukere, tjeneste og kommuner – og alt lønn og regnskap kan');
    // and so it is: an admin-only user may import (the access matrix test checks every route the same way)
    expect((await agent.get(`/t/${t.slug}/import`)).text).toContain('Last opp og forhåndsvis');
  });
});

describe('read-only for lesetilgang', () => {
  it('when a lesetilgang user opens any page, then each says it is read-only, and no field of Kontering can be changed', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    await mapAllKommuner(ctx.db, t);
    const reader = await loginAgent(ctx.app, t.users.lesetilgang.email);
    for (const page of ['', '/import', '/kontering', '/kontering/kommuner', '/godkjenning', '/innstillinger/postering', '/innstillinger/autopay', '/eksport', '/logg']) {
      const html = (await reader.agent.get(`/t/${t.slug}${page}`)).text;
      expect(html, page).toContain('Du har lesetilgang: du kan se alt i tjenesten, men ikke endre noe.');
    }
    const kontering = (await reader.agent.get(`/t/${t.slug}/kontering/kommuner`)).text;
    const selects = [...kontering.matchAll(/<select id="[^"]*" name="(ansvar|funksjon_[a-z_]+)"[^>]*>/g)].map((m) => m[0]);
    expect(selects.length).toBeGreaterThan(0);
    expect(selects.filter((s) => !s.includes(' disabled'))).toEqual([]);
    // someone who may change things is not told otherwise
    const regnskap = await loginAgent(ctx.app, t.users.regnskap.email);
    expect((await regnskap.agent.get(`/t/${t.slug}/kontering/kommuner`)).text).not.toContain('Du har lesetilgang');
  });
});

describe('grid errors name their row', () => {
  it('when a posting grid is refused, then the summary at the top names the kommune and module of each message', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const cells: Record<string, string> = {};
    for (const scope of ['standard', 'k1860', 'k1859', 'k1874']) for (const f of ['selskap', 'motkonto', 'bilagsserie']) cells[`lonn_${scope}_${f}`] = '';
    cells['lonn_k1859_bilagsserie'] = 'B/S';
    const res = await agent
      .post(`/t/${t.slug}/innstillinger/postering/lonn`)
      .type('form')
      .send({ _csrf: await csrf(), ...cells });
    expect(res.status).toBe(400);
    const summary = res.text.slice(res.text.indexOf('class="error-summary"'), res.text.indexOf('</div>', res.text.indexOf('class="error-summary"')));
    expect(summary).toContain('Flakstad, lønn: Bilagsserie kan bare');
  });
});
