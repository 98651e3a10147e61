import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { csrfFrom } from '../support/agent.ts';

// Its own database: setup only exists while there is no tjeneste at all.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const valid = {
  navn: 'Lofoten barneverntjeneste',
  slug: 'lofoten',
  organisasjonsnummer: '123 456 785',
  regnskapsar: '2026',
  vertskommune: '1860',
  deltakerkommuner: ['1859', '1874'],
  admin_navn: 'Ada',
  admin_email: 'Ada@Example.no',
  admin_passord: 'et-langt-passord',
  admin_passord2: 'et-langt-passord',
};

describe('first-run setup', () => {
  it('when the database is empty, then / leads to the setup page', async () => {
    const res = await request(ctx.app).get('/');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/oppsett');
    const page = await request(ctx.app).get('/oppsett');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Oppsett av barneverntjenesten');
  });

  it('when the form has several mistakes, then every field gets its message and the values stay', async () => {
    const agent = request.agent(ctx.app);
    const token = csrfFrom((await agent.get('/oppsett')).text);
    const res = await agent
      .post('/oppsett')
      .type('form')
      .send({ ...valid, _csrf: token, organisasjonsnummer: '123456784', slug: 'Å!', admin_passord2: 'noe-annet-helt', deltakerkommuner: ['1860'] });
    expect(res.status).toBe(400);
    expect(res.text).toContain('feil kontrollsiffer (MOD11)');
    expect(res.text).toContain('Kortnavn kan bare ha');
    expect(res.text).toContain('Passordene er ikke like');
    expect(res.text).toContain('Vertskommunen skal ikke også stå som deltakerkommune');
    expect(res.text).toContain('value="Lofoten barneverntjeneste"');
  });

  it('when setup succeeds, then the admin is logged in, kommuner exist, and setup is gone (404)', async () => {
    const agent = request.agent(ctx.app);
    const token = csrfFrom((await agent.get('/oppsett')).text);
    const res = await agent
      .post('/oppsett')
      .type('form')
      .send({ ...valid, _csrf: token });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/t/lofoten');
    const dash = await agent.get('/t/lofoten');
    expect(dash.status).toBe(200);
    expect(dash.text).toContain('Vestvågøy');
    expect(dash.text).toContain('Flakstad');
    const kommuner = await ctx.db.selectFrom('tjeneste_kommune').selectAll().orderBy('kommunenummer').execute();
    expect(kommuner.map((k) => [k.kommunenummer, k.er_vertskommune])).toEqual([
      ['1859', false],
      ['1860', true],
      ['1874', false],
    ]);
    const t = await ctx.db.selectFrom('tjeneste').selectAll().executeTakeFirstOrThrow();
    expect(t.organisasjonsnummer).toBe('123456785');
    // whoever set up the installation may create its further tjenester (#14 item 17)
    const ada = await ctx.db.selectFrom('app_user').select('installation_admin').where('email', '=', 'ada@example.no').executeTakeFirstOrThrow();
    expect(ada.installation_admin).toBe(true);
    expect((await agent.get('/tjenester')).text).toContain('href="/tjenester/ny"');

    expect((await request(ctx.app).get('/oppsett')).status).toBe(404);
    const again = request.agent(ctx.app);
    const t2 = csrfFrom((await again.get('/logg-inn')).text);
    const second = await again
      .post('/oppsett')
      .type('form')
      .send({ ...valid, slug: 'annen', _csrf: t2 });
    expect(second.status).toBe(404);
    expect(await ctx.db.selectFrom('tjeneste').select('id').execute()).toHaveLength(1);
  });
});
