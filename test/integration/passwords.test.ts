import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste, PASSWORD } from '../support/factories.ts';
import { csrfFrom, loginAgent } from '../support/agent.ts';
import { insertTjeneste, upsertMembership } from '../../server/tenancy/tenancy.repository.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const NEW = 'blå båter seiler sakte hjem';

async function login(email: string, password: string) {
  const agent = request.agent(ctx.app);
  const page = await agent.get('/logg-inn');
  const res = await agent
    .post('/logg-inn')
    .type('form')
    .send({ email, passord: password, _csrf: csrfFrom(page.text) });
  return { agent, res };
}

describe('passwords', () => {
  it('when a user changes their own password, then the current one is asked for, the policy applies, and other sessions end', async () => {
    const t = await createTjeneste(ctx.db);
    const me = t.users.regnskap;
    const elsewhere = await loginAgent(ctx.app, me.email);
    const { agent, csrf } = await loginAgent(ctx.app, me.email);
    const page = await agent.get('/passord');
    expect(page.status).toBe(200);
    const wrong = await agent
      .post('/passord')
      .type('form')
      .send({ _csrf: await csrf(), gjeldende: 'ikke-riktig-passord', nytt: NEW, gjenta: NEW });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Passordet du har nå, er ikke riktig.');
    const weak = await agent
      .post('/passord')
      .type('form')
      .send({ _csrf: await csrf(), gjeldende: PASSWORD, nytt: '            ', gjenta: '            ' });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('Passordet må ha minst 12 tegn.');
    const ok = await agent
      .post('/passord')
      .type('form')
      .send({ _csrf: await csrf(), gjeldende: PASSWORD, nytt: NEW, gjenta: NEW });
    expect(ok.status).toBe(303);
    expect((await agent.get(`/t/${t.slug}`)).status).toBe(200); // this session goes on
    expect((await elsewhere.agent.get(`/t/${t.slug}`)).headers.location).toMatch(/^\/logg-inn/); // the other one ended
    expect((await login(me.email, PASSWORD)).res.status).toBe(401);
    expect((await login(me.email, NEW)).res.status).toBe(303);
  });

  it('when an admin sets a start password, then the member must choose their own at the next login before any page opens', async () => {
    const t = await createTjeneste(ctx.db);
    const admin = await loginAgent(ctx.app, t.users.admin.email);
    const start = 'midlertidig passord for lise';
    const set = await admin.agent
      .post(`/t/${t.slug}/brukere/${t.users.lesetilgang.id}/passord`)
      .type('form')
      .send({ _csrf: await admin.csrf(), startpassord: start });
    expect(set.status).toBe(303);
    const { agent, res } = await login(t.users.lesetilgang.email, start);
    expect(res.status).toBe(303);
    const page = await agent.get(`/t/${t.slug}`);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/passord');
    const form = await agent.get('/passord');
    expect(form.text).toContain('startpassord som noen andre har valgt');
    const changed = await agent
      .post('/passord')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), gjeldende: start, nytt: NEW, gjenta: NEW });
    expect(changed.status).toBe(303);
    expect((await agent.get(`/t/${t.slug}`)).status).toBe(200);
  });

  it("when the account is also used in another tjeneste, or is the admin's own, then no start password can be set", async () => {
    const t = await createTjeneste(ctx.db);
    const other = await insertTjeneste(ctx.db, { slug: `annen-${t.slug}`, navn: 'Annen tjeneste', organisasjonsnummer: '123456785', regnskapsar: 2026 });
    await upsertMembership(ctx.db, other.id, t.users.regnskap.id, ['regnskap']);
    const admin = await loginAgent(ctx.app, t.users.admin.email);
    const shared = await admin.agent
      .post(`/t/${t.slug}/brukere/${t.users.regnskap.id}/passord`)
      .type('form')
      .send({ _csrf: await admin.csrf(), startpassord: 'et godt nok startpassord' });
    expect(shared.status).toBe(409);
    expect(shared.text).toContain('bruker kontoen sin også andre steder');
    expect((await login(t.users.regnskap.email, PASSWORD)).res.status).toBe(303); // unchanged
    const own = await admin.agent
      .post(`/t/${t.slug}/brukere/${t.users.admin.id}/passord`)
      .type('form')
      .send({ _csrf: await admin.csrf(), startpassord: 'et godt nok startpassord' });
    expect(own.status).toBe(400);
    const weak = await admin.agent
      .post(`/t/${t.slug}/brukere/${t.users.godkjenner.id}/passord`)
      .type('form')
      .send({ _csrf: await admin.csrf(), startpassord: 'passord123' });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('error-summary');
  });

  it('when an invitation makes a new account, then its start password must be replaced at the first login', async () => {
    const t = await createTjeneste(ctx.db);
    const admin = await loginAgent(ctx.app, t.users.admin.email);
    const email = `ny-${t.slug}@test.no`;
    const start = 'startpassord til nina nå';
    const invited = await admin.agent
      .post(`/t/${t.slug}/brukere`)
      .type('form')
      .send({ _csrf: await admin.csrf(), navn: 'Nina Ny', email, roller: 'lesetilgang', passord: start });
    expect(invited.status).toBe(303);
    const { agent, res } = await login(email, start);
    expect(res.status).toBe(303);
    expect((await agent.get('/tjenester')).headers.location).toBe('/passord');
  });
});
