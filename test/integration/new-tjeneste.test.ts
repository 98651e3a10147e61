import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import crypto from 'node:crypto';
import { createTestContext, type TestContext } from '../support/app.ts';
import { csrfFrom, loginAgent } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';
import { setInstallationAdmin } from '../../server/tenancy/installation.service.ts';
import { tjenesteCommand } from '../../server/cli/tjeneste.command.ts';
import { adminCommand } from '../../server/cli/admin.command.ts';

// #14 item 17: an installation admin creates a second tjeneste, in the browser or on the command line.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const tag = () => crypto.randomBytes(3).toString('hex');
const form = (slug: string, email: string) => ({
  navn: 'Vesterålen barneverntjeneste',
  slug,
  organisasjonsnummer: '123 456 785',
  regnskapsar: '2026',
  vertskommune: '1866',
  deltakerkommuner: ['1867', '1868'],
  admin_navn: 'Vera Vesterålen',
  admin_email: email,
  admin_passord: 'et-langt-startpassord',
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) }, out, err };
}

const tjenesteBySlug = (slug: string) => ctx.db.selectFrom('tjeneste').selectAll().where('slug', '=', slug).executeTakeFirst();

describe('Ny tjeneste in the browser', () => {
  it('when an installation admin fills in the form, then the tjeneste, its kommuner and its first admin exist, and that admin must replace the start password', async () => {
    const t = await createTjeneste(ctx.db);
    expect((await setInstallationAdmin(ctx.db, t.users.admin.email, true)).changed).toBe(true);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.admin.email);
    expect((await agent.get('/tjenester')).text).toContain('href="/tjenester/ny"');
    const page = await agent.get('/tjenester/ny');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ny tjeneste');
    const slug = `ves-${tag()}`;
    const email = `vera-${slug}@test.no`;
    const res = await agent
      .post('/tjenester/ny')
      .type('form')
      .send({ ...form(slug, email), _csrf: await csrf() });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/tjenester'); // the creator is not a member of it
    const done = await agent.get('/tjenester');
    expect(done.text).toContain('Vesterålen barneverntjeneste er opprettet');
    const created = await tjenesteBySlug(slug);
    expect(created).toMatchObject({ navn: 'Vesterålen barneverntjeneste', organisasjonsnummer: '123456785', regnskapsar: 2026 });
    const kommuner = await ctx.db.selectFrom('tjeneste_kommune').select(['kommunenummer', 'er_vertskommune']).where('tjeneste_id', '=', created!.id).orderBy('kommunenummer').execute();
    expect(kommuner).toEqual([
      { kommunenummer: '1866', er_vertskommune: true },
      { kommunenummer: '1867', er_vertskommune: false },
      { kommunenummer: '1868', er_vertskommune: false },
    ]);
    const audit = await ctx.db.selectFrom('audit_log').select(['summary', 'user_label']).where('tjeneste_id', '=', created!.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.user_label).toContain(t.users.admin.email);
    // the new admin logs in with the start password, must replace it first, then administers the new tjeneste
    const vera = request.agent(ctx.app);
    const veraToken = csrfFrom((await vera.get('/logg-inn')).text);
    const login = await vera.post('/logg-inn').type('form').send({ email, passord: 'et-langt-startpassord', _csrf: veraToken });
    expect(login.status).toBe(303);
    expect((await vera.get(`/t/${slug}/brukere`)).headers.location).toBe('/passord');
    await ctx.db.updateTable('app_user').set({ must_change_password: false }).where('email', '=', email).execute();
    expect((await vera.get(`/t/${slug}/brukere`)).status).toBe(200);
    // and the creator has no access to it
    expect((await agent.get(`/t/${slug}`)).status).toBe(404);
  });

  it('when the installation admin names themselves, then they are its admin and land in it; an existing account keeps its password', async () => {
    const t = await createTjeneste(ctx.db);
    await setInstallationAdmin(ctx.db, t.users.admin.email, true);
    const before = await ctx.db.selectFrom('app_user').select('password_hash').where('id', '=', t.users.admin.id).executeTakeFirstOrThrow();
    const { agent, csrf } = await loginAgent(ctx.app, t.users.admin.email);
    const slug = `egen-${tag()}`;
    const res = await agent
      .post('/tjenester/ny')
      .type('form')
      .send({ ...form(slug, t.users.admin.email), _csrf: await csrf() });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/t/${slug}`);
    expect((await agent.get(`/t/${slug}/brukere`)).status).toBe(200);
    const after = await ctx.db.selectFrom('app_user').select(['password_hash', 'must_change_password']).where('id', '=', t.users.admin.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ password_hash: before.password_hash, must_change_password: false });
  });

  it('when the form has mistakes or the kortnavn is taken, then every field gets its message, the values stay and nothing is created', async () => {
    const t = await createTjeneste(ctx.db);
    await setInstallationAdmin(ctx.db, t.users.admin.email, true);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.admin.email);
    const count = async () => (await ctx.db.selectFrom('tjeneste').select('id').execute()).length;
    const n = await count();
    const bad = await agent
      .post('/tjenester/ny')
      .type('form')
      .send({ ...form('X', 'ikke-epost'), organisasjonsnummer: '123456789', vertskommune: '1867', admin_passord: 'kort', _csrf: await csrf() });
    expect(bad.status).toBe(400);
    for (const m of ['Kortnavn kan bare ha', 'feil kontrollsiffer (MOD11)', 'Skriv en gyldig e-postadresse', 'minst 12 tegn', 'Vertskommunen skal ikke også stå som deltakerkommune'])
      expect(bad.text).toContain(m);
    expect(bad.text).toContain('value="Vesterålen barneverntjeneste"');
    const taken = await agent
      .post('/tjenester/ny')
      .type('form')
      .send({ ...form(t.slug, `x-${tag()}@test.no`), _csrf: await csrf() });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain(`Kortnavnet «${t.slug}» er allerede i bruk`);
    expect(await count()).toBe(n);
  });

  it('when an admin of a tjeneste without the installation right asks for the page or posts the form, then 403 and nothing is created', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.admin.email);
    expect((await agent.get('/tjenester')).text).not.toContain('/tjenester/ny');
    const page = await agent.get('/tjenester/ny');
    expect(page.status).toBe(403);
    expect(page.text).toContain('installasjonsadministrator');
    const slug = `nei-${tag()}`;
    const res = await agent
      .post('/tjenester/ny')
      .type('form')
      .send({ ...form(slug, t.users.admin.email), _csrf: await csrf() });
    expect(res.status).toBe(403);
    expect(await tjenesteBySlug(slug)).toBeUndefined();
  });
});

describe('kodeverk tjeneste opprett and kodeverk admin installasjon', () => {
  it('when the command gets every field, then the tjeneste exists with its kommuner and a new admin with a start password shown once', async () => {
    const slug = `cli-${tag()}`;
    const email = `ny-${slug}@test.no`;
    const run = io();
    const args = ['opprett', '--slug', slug, '--navn', 'Salten barneverntjeneste', '--orgnr', '123456785', '--vertskommune', '1804', '--deltakere', '1838,1839', '--regnskapsar', '2026'];
    expect(await tjenesteCommand(ctx.db, [...args, '--admin-email', email, '--admin-navn', 'Siri Salten'], run.io)).toBe(0);
    const out = run.out.join('\n');
    expect(out).toContain(`Salten barneverntjeneste (${slug}) er opprettet med 1804 Bodø, 1838 Gildeskål, 1839 Beiarn`);
    const password = /Startpassord .*: (\S+)$/m.exec(out)?.[1];
    expect(password).toBeDefined();
    const created = await tjenesteBySlug(slug);
    const members = await ctx.db
      .selectFrom('membership')
      .innerJoin('app_user', 'app_user.id', 'membership.user_id')
      .select(['email', 'roles', 'must_change_password'])
      .where('tjeneste_id', '=', created!.id)
      .execute();
    expect(members).toEqual([{ email, roles: ['admin'], must_change_password: true }]);
    const agent = request.agent(ctx.app);
    const token = csrfFrom((await agent.get('/logg-inn')).text);
    const login = await agent.post('/logg-inn').type('form').send({ email, passord: password, _csrf: token });
    expect(login.status).toBe(303);
    expect((await agent.get(`/t/${slug}`)).headers.location).toBe('/passord');
    const audit = await ctx.db.selectFrom('audit_log').select('summary').where('tjeneste_id', '=', created!.id).execute();
    expect(audit.map((a) => a.summary)).toEqual([`Opprettet Salten barneverntjeneste med 3 kommuner fra kommandolinjen, med ${email} som administrator`]);

    // the same kortnavn again is refused
    const again = io();
    expect(await tjenesteCommand(ctx.db, [...args, '--admin-email', email], again.io)).toBe(1);
    expect(again.err.join('\n')).toContain('allerede i bruk');
  });

  it('when fields are missing or wrong, then it says which flag and creates nothing', async () => {
    const slug = `feil-${tag()}`;
    const run = io();
    expect(await tjenesteCommand(ctx.db, ['opprett', '--slug', slug, '--navn', 'X', '--orgnr', '123456789', '--vertskommune', '9999', '--admin-email', 'nei'], run.io)).toBe(2);
    const err = run.err.join('\n');
    expect(err).toContain('--orgnr: Organisasjonsnummeret har feil kontrollsiffer');
    expect(err).toContain('--vertskommune: Fant ingen kommune');
    expect(err).toContain('--admin-email: Skriv en gyldig e-postadresse');
    const noName = io();
    expect(await tjenesteCommand(ctx.db, ['opprett', '--slug', slug, '--navn', 'X', '--orgnr', '123456785', '--vertskommune', '1804', '--admin-email', `ny-${slug}@test.no`], noName.io)).toBe(2);
    expect(noName.err.join('\n')).toContain('--admin-navn');
    expect(await tjenesteBySlug(slug)).toBeUndefined();
    const usage = io();
    expect(await tjenesteCommand(ctx.db, ['slett'], usage.io)).toBe(2);
    expect(usage.err.join('\n')).toContain('kodeverk tjeneste opprett');
  });

  it('when the command gives an account the installation right, then «Ny tjeneste» opens for it; --fjern closes it again', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent } = await loginAgent(ctx.app, t.users.regnskap.email);
    expect((await agent.get('/tjenester/ny')).status).toBe(403);
    const on = io();
    expect(await adminCommand(ctx.db, ['installasjon', '--email', t.users.regnskap.email], on.io)).toBe(0);
    expect(on.out.join('\n')).toContain('kan nå opprette nye tjenester');
    expect((await agent.get('/tjenester/ny')).status).toBe(200);
    const off = io();
    expect(await adminCommand(ctx.db, ['installasjon', '--email', t.users.regnskap.email, '--fjern'], off.io)).toBe(0);
    expect((await agent.get('/tjenester/ny')).status).toBe(403);
    const unknown = io();
    expect(await adminCommand(ctx.db, ['installasjon', '--email', `ingen-${tag()}@test.no`], unknown.io)).toBe(1);
    expect(unknown.err.join('\n')).toContain('har ingen konto');
  });
});
