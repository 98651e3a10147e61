import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent, type Agent } from '../support/agent.ts';
import { createTjeneste, PASSWORD, type TestTjeneste } from '../support/factories.ts';

// #13 item 3: adding an e-mail that has an account elsewhere is an invitation its owner accepts; no admin sets or
// learns that account's password, and the answer does not tell whether the account exists. #13 item 5: giving the
// godkjenner role is audited and shown to the admins.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

type Login = { agent: Agent; csrf: () => Promise<string> };
const B_PASSWORD = 'passord-som-b-valgte';

async function invite(admin: Login, t: TestTjeneste, email: string, navn: string, roller: string[] = ['regnskap']) {
  const res = await admin.agent
    .post(`/t/${t.slug}/brukere`)
    .type('form')
    .send({ navn, email, roller, passord: B_PASSWORD, _csrf: await admin.csrf() });
  const page = await admin.agent.get(`/t/${t.slug}/brukere`);
  return { res, page: page.text };
}
/** The page an admin sees after adding an e-mail, with that e-mail, the typed name and the per-request tokens taken out. */
const normalised = (html: string, email: string, navn: string) =>
  html
    .replaceAll(email, '<e-post>')
    .replaceAll(navn, '<navn>')
    .replace(/name="_csrf" value="[^"]+"/g, '')
    .replace(/\d{2}\.\d{2}\.\d{4},? \d{2}:\d{2}/g, '<tid>')
    .replace(/\/brukere\/(invitasjoner\/)?\d+\//g, '/brukere/$1<id>/');

describe('adding an e-mail that has an account in another tjeneste', () => {
  it('when B’s admin adds A’s user with a password of B’s choosing, then the password is not set, B cannot log in as them and A’s roles stay A’s', async () => {
    const a = await createTjeneste(ctx.db);
    const b = await createTjeneste(ctx.db);
    const bAdmin = await loginAgent(ctx.app, b.users.admin.email);
    const victim = a.users.regnskap;
    const { res, page } = await invite(bAdmin, b, victim.email, 'Falskt Navn');
    expect(res.status).toBe(303);
    // B's password does not open the account; the owner's own still does
    await expect(loginAgent(ctx.app, victim.email, B_PASSWORD)).rejects.toThrow(/login failed/);
    const owner = await loginAgent(ctx.app, victim.email, PASSWORD);
    // not a member of B until the owner says so, and still only what A gave them in A
    expect((await owner.agent.get(`/t/${b.slug}`)).status).toBe(404);
    const inA = await ctx.db.selectFrom('membership').select('roles').where('tjeneste_id', '=', a.id).where('user_id', '=', victim.id).executeTakeFirstOrThrow();
    expect(inA.roles).toEqual(['regnskap']);
    // B's admin sees the name B typed, never the account's real name
    expect(page).toContain('Falskt Navn');
    expect(page).not.toContain(victim.navn);
  });

  it('when the answer to adding an existing e-mail is compared with the answer for a new one, then they are the same', async () => {
    const a = await createTjeneste(ctx.db);
    const b = await createTjeneste(ctx.db);
    const bAdmin = await loginAgent(ctx.app, b.users.admin.email);
    const existing = await invite(bAdmin, b, a.users.lesetilgang.email, 'Navn En');
    const fresh = await invite(bAdmin, b, `ny-${b.slug}@test.no`, 'Navn To');
    expect(existing.res.status).toBe(fresh.res.status);
    expect(existing.res.headers.location).toBe(fresh.res.headers.location);
    // the message and the waiting invitation's row differ only in the e-mail and name typed
    const flashOf = (html: string) => /<p class="flash flash-\w+" role="status">([^<]*)<\/p>/.exec(html)?.[1] ?? '';
    expect(normalised(flashOf(existing.page), a.users.lesetilgang.email, 'Navn En')).toBe(normalised(flashOf(fresh.page), `ny-${b.slug}@test.no`, 'Navn To'));
    expect(flashOf(fresh.page)).toContain('er invitert.');
    const rowOf = (html: string, email: string) => new RegExp(`<tr>(?:(?!</tr>)[\\s\\S])*?${email.replaceAll('.', '\\.')}[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';
    const rowExisting = normalised(rowOf(fresh.page, a.users.lesetilgang.email), a.users.lesetilgang.email, 'Navn En');
    expect(rowExisting).toContain('Trekk tilbake');
    expect(rowExisting).toBe(normalised(rowOf(fresh.page, `ny-${b.slug}@test.no`), `ny-${b.slug}@test.no`, 'Navn To'));
    // the endringslogg (which every member of B reads) says the same for both
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'entity', 'summary']).where('tjeneste_id', '=', b.id).where('entity', '=', 'invitasjon').orderBy('id').execute();
    expect(audit.map((x) => x.summary.replace(/\S+@test\.no/, '<e-post>'))).toEqual(['Inviterte <e-post> med roller lønn og regnskap', 'Inviterte <e-post> med roller lønn og regnskap']);
  });

  it('when the owner logs in, then the invitation is shown on the tjeneste choice page, and accepting makes them a member of B with B’s roles', async () => {
    const a = await createTjeneste(ctx.db);
    const b = await createTjeneste(ctx.db);
    const bAdmin = await loginAgent(ctx.app, b.users.admin.email);
    const user = a.users.godkjenner;
    await invite(bAdmin, b, user.email, 'Gunn Godkjenner', ['lesetilgang']);
    const owner = await loginAgent(ctx.app, user.email);
    // with one membership the start page would go straight to A; the invitation takes them to the choice page
    expect((await owner.agent.get('/')).headers.location).toBe('/tjenester');
    const choice = (await owner.agent.get('/tjenester')).text;
    expect(choice).toContain(`<strong>${b.navn}</strong> inviterer deg som Lesetilgang`);
    expect(choice).toContain(`action="/invitasjoner/${b.id}/godta"`);
    const accepted = await owner.agent
      .post(`/invitasjoner/${b.id}/godta`)
      .type('form')
      .send({ _csrf: await owner.csrf() });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.location).toBe(`/t/${b.slug}`);
    expect((await owner.agent.get(`/t/${b.slug}`)).status).toBe(200);
    const roles = await ctx.db.selectFrom('membership').select('roles').where('tjeneste_id', '=', b.id).where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(roles.roles).toEqual(['lesetilgang']);
    // answered: gone from the choice page and from B's list of waiting invitations
    expect((await owner.agent.get('/tjenester')).text).not.toContain('/godta');
    expect((await bAdmin.agent.get(`/t/${b.slug}/brukere`)).text).not.toContain('Invitasjoner som venter på svar');
  });

  it('when the owner declines, or the admin withdraws, then no membership is made; nobody can answer an invitation that is not theirs', async () => {
    const a = await createTjeneste(ctx.db);
    const b = await createTjeneste(ctx.db);
    const bAdmin = await loginAgent(ctx.app, b.users.admin.email);
    await invite(bAdmin, b, a.users.regnskap.email, 'R');
    await invite(bAdmin, b, a.users.regnskap2.email, 'R2');
    // someone else (A's admin, not invited) cannot accept B's invitation for themselves
    const stranger = await loginAgent(ctx.app, a.users.admin.email);
    expect(
      (
        await stranger.agent
          .post(`/invitasjoner/${b.id}/godta`)
          .type('form')
          .send({ _csrf: await stranger.csrf() })
      ).status,
    ).toBe(404);

    const owner = await loginAgent(ctx.app, a.users.regnskap.email);
    expect(
      (
        await owner.agent
          .post(`/invitasjoner/${b.id}/avslaa`)
          .type('form')
          .send({ _csrf: await owner.csrf() })
      ).status,
    ).toBe(303);
    const r2 = await ctx.db.selectFrom('app_user').select('id').where('email', '=', a.users.regnskap2.email).executeTakeFirstOrThrow();
    expect(
      (
        await bAdmin.agent
          .post(`/t/${b.slug}/brukere/invitasjoner/${r2.id}/trekk`)
          .type('form')
          .send({ _csrf: await bAdmin.csrf() })
      ).status,
    ).toBe(303);
    const second = await loginAgent(ctx.app, a.users.regnskap2.email);
    expect(
      (
        await second.agent
          .post(`/invitasjoner/${b.id}/godta`)
          .type('form')
          .send({ _csrf: await second.csrf() })
      ).status,
    ).toBe(404);
    const members = await ctx.db
      .selectFrom('membership')
      .select('user_id')
      .where('tjeneste_id', '=', b.id)
      .where('user_id', 'in', [a.users.regnskap.id, a.users.regnskap2.id, a.users.admin.id])
      .execute();
    expect(members).toEqual([]);
  });
});

describe('two invitations at once', () => {
  it('when the admins of two tjenester invite the same new e-mail at the same moment, then both are answered and there is one account', async () => {
    const a = await createTjeneste(ctx.db);
    const b = await createTjeneste(ctx.db);
    const [aAdmin, bAdmin] = [await loginAgent(ctx.app, a.users.admin.email), await loginAgent(ctx.app, b.users.admin.email)];
    const email = `samtidig-${a.slug}@test.no`;
    const [ta, tb] = [await aAdmin.csrf(), await bAdmin.csrf()];
    const [ra, rb] = await Promise.all([
      aAdmin.agent.post(`/t/${a.slug}/brukere`).type('form').send({ navn: 'A', email, roller: 'regnskap', passord: B_PASSWORD, _csrf: ta }),
      bAdmin.agent.post(`/t/${b.slug}/brukere`).type('form').send({ navn: 'B', email, roller: 'regnskap', passord: B_PASSWORD, _csrf: tb }),
    ]);
    expect([ra.status, rb.status]).toEqual([303, 303]);
    const accounts = await ctx.db.selectFrom('app_user').select('id').where('email', '=', email).execute();
    expect(accounts).toHaveLength(1);
    const invitations = await ctx.db.selectFrom('membership_invitation').select('tjeneste_id').where('user_id', '=', accounts[0]!.id).execute();
    expect(invitations.map((i) => i.tjeneste_id).sort()).toEqual([a.id, b.id].sort());
  });
});

describe('the godkjenner role', () => {
  it('when an admin gives a user the godkjenner role, then it is audited and the other admins see it on the users page', async () => {
    const t = await createTjeneste(ctx.db);
    // a second admin in the same tjeneste
    await ctx.db
      .updateTable('membership')
      .set({ roles: ['admin', 'regnskap'] })
      .where('tjeneste_id', '=', t.id)
      .where('user_id', '=', t.users.regnskap.id)
      .execute();
    const admin = await loginAgent(ctx.app, t.users.admin.email);
    const res = await admin.agent
      .post(`/t/${t.slug}/brukere/${t.users.regnskap2.id}/roller`)
      .type('form')
      .send({ roller: ['regnskap', 'godkjenner'], _csrf: await admin.csrf() });
    expect(res.status).toBe(303);
    const entry = await ctx.db.selectFrom('audit_log').select(['user_id', 'summary']).where('tjeneste_id', '=', t.id).where('action', '=', 'godkjenner').executeTakeFirstOrThrow();
    expect(entry).toEqual({ user_id: t.users.admin.id, summary: `${t.users.admin.navn} <${t.users.admin.email}> ga ${t.users.regnskap2.email} godkjennerrollen` });
    const other = await loginAgent(ctx.app, t.users.regnskap.email);
    const page = (await other.agent.get(`/t/${t.slug}/brukere`)).text;
    expect(page).toContain('Hvem har fått godkjennerrollen');
    expect(page).toContain(`ga ${t.users.regnskap2.email} godkjennerrollen`);

    // an invitation with the role is recorded when it is accepted: that is when the role is given
    const outsider = await createTjeneste(ctx.db);
    await admin.agent
      .post(`/t/${t.slug}/brukere`)
      .type('form')
      .send({ navn: 'Ny G', email: outsider.users.lesetilgang.email, roller: ['godkjenner'], passord: B_PASSWORD, _csrf: await admin.csrf() });
    const invitee = await loginAgent(ctx.app, outsider.users.lesetilgang.email);
    await invitee.agent
      .post(`/invitasjoner/${t.id}/godta`)
      .type('form')
      .send({ _csrf: await invitee.csrf() });
    expect((await other.agent.get(`/t/${t.slug}/brukere`)).text).toContain(`${outsider.users.lesetilgang.email} ble godkjenner ved å godta invitasjonen`);
  });
});
