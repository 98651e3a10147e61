import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildApp, createTestContext, type TestContext } from '../support/app.ts';
import { csrfFrom, loginAgent } from '../support/agent.ts';
import { createTjeneste, PASSWORD } from '../support/factories.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ loginMaxAttempts: 3 });
});
afterAll(() => ctx.close());

const sidOf = (res: request.Response) =>
  res
    .get('Set-Cookie')
    ?.find((c) => c.startsWith('kodeverk.sid='))
    ?.split(';')[0];

describe('login and sessions', () => {
  it('when the password is wrong, then the form says so without saying which part was wrong', async () => {
    const t = await createTjeneste(ctx.db);
    const agent = request.agent(ctx.app);
    const token = csrfFrom((await agent.get('/logg-inn')).text);
    const res = await agent.post('/logg-inn').type('form').send({ email: t.users.regnskap.email, passord: 'feil-passord', _csrf: token });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Feil e-post eller passord.');
  });

  it('when both fields are empty, then each field gets its own message', async () => {
    const agent = request.agent(ctx.app);
    const token = csrfFrom((await agent.get('/logg-inn')).text);
    const res = await agent.post('/logg-inn').type('form').send({ email: '', passord: '', _csrf: token });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Skriv e-postadressen din.');
    expect(res.text).toContain('Skriv passordet ditt.');
  });

  it('when logging in, then the session id changes; after logout the old session is gone', async () => {
    const t = await createTjeneste(ctx.db);
    const agent = request.agent(ctx.app);
    const page = await agent.get('/logg-inn');
    const before = sidOf(page);
    const res = await agent
      .post('/logg-inn')
      .type('form')
      .send({ email: t.users.regnskap.email, passord: PASSWORD, _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    const after = sidOf(res);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect((await agent.get(`/t/${t.slug}`)).status).toBe(200);
    const token = csrfFrom((await agent.get(`/t/${t.slug}`)).text);
    await agent.post('/logg-ut').type('form').send({ _csrf: token }).expect(303);
    const denied = await request(ctx.app).get(`/t/${t.slug}`).set('Cookie', after!);
    expect(denied.status).toBe(303);
    expect(denied.headers.location).toContain('/logg-inn');
  });

  it('when the app restarts, then a logged-in user stays logged in (sessions live in the database)', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent } = await loginAgent(ctx.app, t.users.regnskap.email);
    const res = await agent.get(`/t/${t.slug}`);
    expect(res.status).toBe(200);
    const cookie = (await agent.get('/tjenester')).request.cookies;
    // A second app instance on the same database: nothing is shared in process memory.
    const restarted = buildApp(ctx.db);
    const again = await request(restarted).get(`/t/${t.slug}`).set('Cookie', cookie);
    expect(again.status).toBe(200);
    expect(again.text).toContain(t.navn);
  });

  it('when too many logins fail, then the next attempt is refused for a short while (429, Retry-After), even with the right password', async () => {
    const t = await createTjeneste(ctx.db);
    const agent = request.agent(ctx.app);
    const token = csrfFrom((await agent.get('/logg-inn')).text);
    for (let i = 0; i < 3; i++) await agent.post('/logg-inn').type('form').send({ email: t.users.admin.email, passord: 'feil', _csrf: token }).expect(401);
    const res = await agent.post('/logg-inn').type('form').send({ email: t.users.admin.email, passord: PASSWORD, _csrf: token });
    expect(res.status).toBe(429);
    expect(res.text).toContain('For mange mislykkede innlogginger');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('when a page needs login, then the user is sent to login and back to the page afterwards', async () => {
    const t = await createTjeneste(ctx.db);
    const res = await request(ctx.app).get(`/t/${t.slug}/logg`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/logg-inn?neste=${encodeURIComponent(`/t/${t.slug}/logg`)}`);
    const agent = request.agent(ctx.app);
    const page = await agent.get(String(res.headers.location));
    const login = await agent
      .post('/logg-inn')
      .type('form')
      .send({ email: t.users.admin.email, passord: PASSWORD, neste: `/t/${t.slug}/logg`, _csrf: csrfFrom(page.text) });
    expect(login.headers.location).toBe(`/t/${t.slug}/logg`);
  });

  it('when the next parameter points to another site, then login goes to / instead', async () => {
    const t = await createTjeneste(ctx.db);
    const agent = request.agent(ctx.app);
    const page = await agent.get('/logg-inn');
    const login = await agent
      .post('/logg-inn')
      .type('form')
      .send({ email: t.users.lesetilgang.email, passord: PASSWORD, neste: '//evil.example/x', _csrf: csrfFrom(page.text) });
    expect(login.headers.location).toBe('/');
  });
});

describe('security headers', () => {
  it('when any page is served, then a strict CSP without inline script and an HttpOnly SameSite cookie are set', async () => {
    const res = await request(ctx.app).get('/logg-inn');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    // an anonymous page sets only the form's token cookie (no session until login); it is HttpOnly and SameSite too
    const cookie = (res.get('Set-Cookie') ?? []).join(';');
    expect(cookie).toContain('kodeverk.csrf=');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(res.text).not.toMatch(/<script(?![^>]*src=)/);
  });

  it('when logged in, then the cookie lasts as long as the browser, pages do not send it again, and 12 hours without a request end the session', async () => {
    const t = await createTjeneste(ctx.db);
    const agent = request.agent(ctx.app);
    const page = await agent.get('/logg-inn');
    const res = await agent
      .post('/logg-inn')
      .type('form')
      .send({ email: t.users.regnskap.email, passord: PASSWORD, _csrf: csrfFrom(page.text) });
    const cookie = res.get('Set-Cookie')!.find((c) => c.startsWith('kodeverk.sid='))!;
    expect(cookie).not.toMatch(/Expires=|Max-Age=/i);
    const sid = decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!).slice(2).split('.')[0]!;
    const row = await ctx.db.selectFrom('app_session').select('expires_at').where('sid', '=', sid).executeTakeFirstOrThrow();
    const ahead = new Date(row.expires_at).getTime() - Date.now();
    expect(ahead).toBeGreaterThan(11.9 * 3_600_000);
    expect(ahead).toBeLessThanOrEqual(12 * 3_600_000);

    const view = await agent.get(`/t/${t.slug}`);
    expect(view.status).toBe(200);
    expect(sidOf(view)).toBeUndefined();

    await ctx.db
      .updateTable('app_session')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('sid', '=', sid)
      .execute();
    const after = await agent.get(`/t/${t.slug}`);
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/logg-inn/);
  });
});
