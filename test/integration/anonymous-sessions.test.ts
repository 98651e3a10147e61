import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { csrfFrom, loginAgent } from '../support/agent.ts';
import { createTjeneste, PASSWORD } from '../support/factories.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const sessionRows = async () =>
  Number(
    (
      await ctx.db
        .selectFrom('app_session')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('no session row until one is needed', () => {
  it('when anonymous clients fetch pages (the login form included) 300 times, then no session row is written', async () => {
    const before = await sessionRows();
    const paths = ['/', '/logg-inn', '/helse', '/finnes-ikke', '/t/noe/kontering', '/tjenester', '/logg-inn?neste=%2Ft%2Fx'];
    for (let i = 0; i < 300; i++) {
      const res = await request(ctx.app).get(paths[i % paths.length]!);
      expect(res.status).toBeLessThan(500);
    }
    expect(await sessionRows()).toBe(before);
  });

  it('when an anonymous visitor logs in through the form, then the token from its own cookie is accepted and only then a session row is written; a token without that cookie is refused', async () => {
    const t = await createTjeneste(ctx.db);
    const before = await sessionRows();
    const agent = request.agent(ctx.app);
    const page = await agent.get('/logg-inn');
    const token = csrfFrom(page.text);
    expect(String(page.headers['set-cookie'])).toContain('kodeverk.csrf=');
    expect(String(page.headers['set-cookie'])).not.toContain('kodeverk.sid=');
    // someone else's token, without the cookie it belongs to
    expect((await request(ctx.app).post('/logg-inn').type('form').send({ _csrf: token, email: t.users.admin.email, passord: PASSWORD })).status).toBe(403);
    expect(await sessionRows()).toBe(before);
    const login = await agent.post('/logg-inn').type('form').send({ _csrf: token, email: t.users.admin.email, passord: PASSWORD });
    expect(login.status).toBe(303);
    expect(await sessionRows()).toBe(before + 1);
    expect((await agent.get(`/t/${t.slug}`)).status).toBe(200);
  });
});

describe('state-changing requests from another site', () => {
  it('when the browser says a POST comes from another site (Sec-Fetch-Site or Origin), then it is refused even with a valid token; from this origin it goes through', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.admin.email);
    const token = await csrf();
    const post = () => agent.post(`/t/${t.slug}/kommuner`).type('form');
    expect((await post().set('Sec-Fetch-Site', 'cross-site').send({ _csrf: token, kommunenummer: '1865' })).status).toBe(403);
    expect((await post().set('Sec-Fetch-Site', 'same-site').send({ _csrf: token, kommunenummer: '1865' })).status).toBe(403);
    expect((await post().set('Origin', 'https://angriper.example').send({ _csrf: token, kommunenummer: '1865' })).status).toBe(403);
    expect((await post().set('Origin', 'null').send({ _csrf: token, kommunenummer: '1865' })).status).toBe(403);
    const kommuner = await ctx.db.selectFrom('tjeneste_kommune').select('kommunenummer').where('tjeneste_id', '=', t.id).where('kommunenummer', '=', '1865').execute();
    expect(kommuner).toEqual([]);
    const ok = await post().set('Sec-Fetch-Site', 'same-origin').send({ _csrf: token, kommunenummer: '1865' });
    expect(ok.status, ok.text.slice(0, 300)).toBe(303);
    // supertest starts a server on a new port per request: name the host, as a browser's request does
    const sameOrigin = await post().set('Host', 'kodeverk.example').set('Origin', 'http://kodeverk.example').send({ _csrf: token, kommunenummer: '1866' });
    expect(sameOrigin.status, sameOrigin.text.slice(0, 200)).toBe(303);
  });
});
