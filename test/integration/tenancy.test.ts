import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { csrfFrom, loginAgent } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('tenant isolation', () => {
  it('when a user of tjeneste A asks for any page of tjeneste B, then 404 and none of B shows', async () => {
    const a = await createTjeneste(ctx.db);
    const b = await createTjeneste(ctx.db);
    const { agent } = await loginAgent(ctx.app, a.users.admin.email);
    for (const path of ['', '/tjeneste', '/kommuner', '/brukere', '/logg']) {
      const res = await agent.get(`/t/${b.slug}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.text).not.toContain(b.navn);
    }
  });

  it("when a user of A posts to B with A's valid CSRF token, then 404 and B is unchanged", async () => {
    const a = await createTjeneste(ctx.db);
    const b = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, a.users.admin.email);
    const res = await agent
      .post(`/t/${b.slug}/tjeneste`)
      .type('form')
      .send({ navn: 'Kapret', organisasjonsnummer: '123456785', regnskapsar: '2026', _csrf: await csrf() });
    expect(res.status).toBe(404);
    const row = await ctx.db.selectFrom('tjeneste').select('navn').where('id', '=', b.id).executeTakeFirstOrThrow();
    expect(row.navn).toBe(b.navn);
  });

  it('when a user belongs to two tjenester, then both are listed to switch between', async () => {
    const a = await createTjeneste(ctx.db);
    const b = await createTjeneste(ctx.db);
    await ctx.db
      .insertInto('membership')
      .values({ tjeneste_id: b.id, user_id: a.users.regnskap.id, roles: ['lesetilgang'] })
      .execute();
    const { agent } = await loginAgent(ctx.app, a.users.regnskap.email);
    const list = await agent.get('/tjenester');
    expect(list.text).toContain(a.navn);
    expect(list.text).toContain(b.navn);
    expect((await agent.get(`/t/${b.slug}`)).status).toBe(200);
  });
});

describe('CSRF', () => {
  it('when a POST comes without a token or with a wrong one, then it is refused with 403 and nothing changes', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent } = await loginAgent(ctx.app, t.users.admin.email);
    const none = await agent.post(`/t/${t.slug}/tjeneste`).type('form').send({ navn: 'Uten token', organisasjonsnummer: '123456785', regnskapsar: '2026' });
    expect(none.status).toBe(403);
    expect(none.text).toContain('Skjemaet var utløpt');
    const wrong = await agent
      .post(`/t/${t.slug}/tjeneste`)
      .type('form')
      .send({ navn: 'Feil token', organisasjonsnummer: '123456785', regnskapsar: '2026', _csrf: 'x'.repeat(32) });
    expect(wrong.status).toBe(403);
    const row = await ctx.db.selectFrom('tjeneste').select('navn').where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row.navn).toBe(t.navn);
  });

  it('when the login form is posted without a token, then it is refused too', async () => {
    const res = await request(ctx.app).post('/logg-inn').type('form').send({ email: 'a@b.no', passord: 'x' });
    expect(res.status).toBe(403);
  });
});

describe('roles', () => {
  it('when lesetilgang or regnskap tries the admin pages, then 403; admin gets them', async () => {
    const t = await createTjeneste(ctx.db);
    for (const who of [t.users.lesetilgang, t.users.regnskap, t.users.godkjenner]) {
      const { agent, csrf } = await loginAgent(ctx.app, who.email);
      expect((await agent.get(`/t/${t.slug}/brukere`)).status).toBe(403);
      const post = await agent
        .post(`/t/${t.slug}/brukere`)
        .type('form')
        .send({ navn: 'Ny', email: 'ny@x.no', roller: 'admin', passord: 'et-langt-passord', _csrf: await csrf() });
      expect(post.status).toBe(403);
      const kommune = await agent
        .post(`/t/${t.slug}/kommuner`)
        .type('form')
        .send({ kommunenummer: '1865', _csrf: await csrf() });
      expect(kommune.status).toBe(403);
    }
    const { agent } = await loginAgent(ctx.app, t.users.admin.email);
    expect((await agent.get(`/t/${t.slug}/brukere`)).status).toBe(200);
    const members = await ctx.db.selectFrom('membership').select('user_id').where('tjeneste_id', '=', t.id).execute();
    expect(members).toHaveLength(5);
  });

  it('when the admin adds a user with roles, then the user can log in and it is in the audit log', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.admin.email);
    const res = await agent
      .post(`/t/${t.slug}/brukere`)
      .type('form')
      .send({ navn: 'Nina Ny', email: `nina-${t.slug}@x.no`, roller: ['regnskap', 'lesetilgang'], passord: 'et-nytt-langt-passord', _csrf: await csrf() });
    expect(res.status).toBe(303);
    const nina = await loginAgent(ctx.app, `nina-${t.slug}@x.no`, 'et-nytt-langt-passord');
    // the admin chose her start password: she chooses her own before anything else
    const form = await nina.agent.get('/passord');
    const own = 'nina har sitt eget passord';
    expect(
      (
        await nina.agent
          .post('/passord')
          .type('form')
          .send({ _csrf: csrfFrom(form.text), gjeldende: 'et-nytt-langt-passord', nytt: own, gjenta: own })
      ).status,
    ).toBe(303);
    // an invitation: no access until Nina accepts it
    expect((await nina.agent.get(`/t/${t.slug}`)).status).toBe(404);
    expect(
      (
        await nina.agent
          .post(`/invitasjoner/${t.id}/godta`)
          .type('form')
          .send({ _csrf: await nina.csrf() })
      ).status,
    ).toBe(303);
    expect((await nina.agent.get(`/t/${t.slug}`)).status).toBe(200);
    const log = await agent.get(`/t/${t.slug}/logg`);
    expect(log.text).toContain(`Inviterte nina-${t.slug}@x.no med roller lønn og regnskap, lesetilgang`);
    expect(log.text).toContain(`nina-${t.slug}@x.no godtok invitasjonen`);
  });

  it('when the admin form has mistakes, then every field says what is wrong', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.admin.email);
    const res = await agent
      .post(`/t/${t.slug}/brukere`)
      .type('form')
      .send({ navn: '', email: 'ikke-epost', passord: 'kort', _csrf: await csrf() });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Navn må fylles ut.');
    expect(res.text).toContain('Skriv en gyldig e-postadresse.');
    expect(res.text).toContain('Velg minst én rolle.');
    expect(res.text).toContain('Passordet må ha minst 12 tegn.');
  });

  it('when the last admin would lose the admin role, then it is refused', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.admin.email);
    const res = await agent
      .post(`/t/${t.slug}/brukere/${t.users.admin.id}/roller`)
      .type('form')
      .send({ roller: 'regnskap', _csrf: await csrf() });
    expect(res.status).toBe(409);
    expect(res.text).toContain('minst én administrator');
    // headed by what it is, not «Endret av en annen» (a 409 is often not about someone else)
    expect(res.text).toContain('Ikke mulig nå');
    expect(res.text).not.toContain('Endret av en annen');
    const m = await ctx.db.selectFrom('membership').select('roles').where('tjeneste_id', '=', t.id).where('user_id', '=', t.users.admin.id).executeTakeFirstOrThrow();
    expect(m.roles).toEqual(['admin']);
  });
});

describe('tjeneste and kommuner admin', () => {
  it('when the admin changes the tjeneste with a bad orgnr, then the field says MOD11; a good one saves and is audited', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.admin.email);
    const bad = await agent
      .post(`/t/${t.slug}/tjeneste`)
      .type('form')
      .send({ navn: 'Nytt navn', organisasjonsnummer: '123456784', regnskapsar: '2026', _csrf: await csrf() });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('MOD11');
    expect(bad.text).toContain('value="Nytt navn"');
    const good = await agent
      .post(`/t/${t.slug}/tjeneste`)
      .type('form')
      .send({ navn: 'Nytt navn', organisasjonsnummer: '889640782', regnskapsar: '2025', _csrf: await csrf() });
    expect(good.status).toBe(303);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('tjeneste_id', '=', t.id).where('entity', '=', 'tjeneste').executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ navn: t.navn });
    expect(audit.after).toMatchObject({ navn: 'Nytt navn', regnskapsar: 2025 });
  });

  it('when the admin adds, moves the vert role and removes kommuner, then the list follows and the vert cannot be removed', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.admin.email);
    await agent
      .post(`/t/${t.slug}/kommuner`)
      .type('form')
      .send({ kommunenummer: '1865', _csrf: await csrf() })
      .expect(303);
    const dup = await agent
      .post(`/t/${t.slug}/kommuner`)
      .type('form')
      .send({ kommunenummer: '1865', _csrf: await csrf() });
    expect(dup.status).toBe(409);
    const unknown = await agent
      .post(`/t/${t.slug}/kommuner`)
      .type('form')
      .send({ kommunenummer: '9999', _csrf: await csrf() });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('Fant ingen kommune');
    expect(
      (
        await agent
          .post(`/t/${t.slug}/kommuner/1860/fjern`)
          .type('form')
          .send({ _csrf: await csrf(), bekreft: 'ja' })
      ).status,
    ).toBe(409);
    await agent
      .post(`/t/${t.slug}/kommuner/1859/vert`)
      .type('form')
      .send({ _csrf: await csrf() })
      .expect(303);
    await agent
      .post(`/t/${t.slug}/kommuner/1860/fjern`)
      .type('form')
      .send({ _csrf: await csrf(), bekreft: 'ja' })
      .expect(303);
    const rows = await ctx.db.selectFrom('tjeneste_kommune').select(['kommunenummer', 'er_vertskommune']).where('tjeneste_id', '=', t.id).orderBy('kommunenummer').execute();
    expect(rows).toEqual([
      { kommunenummer: '1859', er_vertskommune: true },
      { kommunenummer: '1865', er_vertskommune: false },
      { kommunenummer: '1874', er_vertskommune: false },
    ]);
  });

  it('when someone tries to rewrite the audit log in the database, then the database refuses', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.admin.email);
    await agent
      .post(`/t/${t.slug}/kommuner`)
      .type('form')
      .send({ kommunenummer: '1865', _csrf: await csrf() })
      .expect(303);
    await expect(ctx.db.updateTable('audit_log').set({ summary: 'x' }).where('tjeneste_id', '=', t.id).execute()).rejects.toThrow(/append-only/);
    await expect(ctx.db.deleteFrom('audit_log').where('tjeneste_id', '=', t.id).execute()).rejects.toThrow(/append-only/);
  });
});
