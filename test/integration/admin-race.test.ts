import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCommand } from '../../server/cli/admin.command.ts';
import { countAdmins, upsertMembership } from '../../server/tenancy/tenancy.repository.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent, csrfFrom } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) }, out, err };
}

describe('the last admin under concurrency', () => {
  it("when two admins remove each other (or take each other's admin role) at the same moment, then one succeeds, the other is refused, and the tjeneste always keeps an admin", async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 6; round++) {
      const t = await createTjeneste(ctx.db);
      // a second admin: the regnskap user gets admin too
      await upsertMembership(ctx.db, t.id, t.users.regnskap.id, ['admin', 'regnskap']);
      const a = await loginAgent(ctx.app, t.users.admin.email);
      const b = await loginAgent(ctx.app, t.users.regnskap.email);
      const [ta, tb] = await Promise.all([a.csrf(), b.csrf()]);
      const viaRoles = round % 2 === 1;
      const [ra, rb] = await Promise.all([
        viaRoles
          ? a.agent.post(`/t/${t.slug}/brukere/${t.users.regnskap.id}/roller`).type('form').send({ _csrf: ta, roller: 'regnskap' })
          : a.agent.post(`/t/${t.slug}/brukere/${t.users.regnskap.id}/fjern`).type('form').send({ _csrf: ta, bekreft: 'ja' }),
        viaRoles
          ? b.agent.post(`/t/${t.slug}/brukere/${t.users.admin.id}/roller`).type('form').send({ _csrf: tb, roller: 'lesetilgang' })
          : b.agent.post(`/t/${t.slug}/brukere/${t.users.admin.id}/fjern`).type('form').send({ _csrf: tb, bekreft: 'ja' }),
      ]);
      outcomes.push(`${ra.status}/${rb.status}`);
      expect(await countAdmins(ctx.db, t.id), `round ${round}: ${ra.status}/${rb.status}`).toBe(1);
      // one got through, the other was refused (409: the last admin; or 403/404 once its own admin role was gone)
      expect([ra.status, rb.status].filter((s) => s === 303)).toHaveLength(1);
    }
  });
});

describe('kodeverk admin legg-til', () => {
  it('when a tjeneste has no admin left, then the command makes an existing member admin (keeping their roles), and it can log in and administer again', async () => {
    const t = await createTjeneste(ctx.db);
    // the state the race once left: nobody is admin
    await ctx.db
      .updateTable('membership')
      .set({ roles: ['lesetilgang'] })
      .where('tjeneste_id', '=', t.id)
      .where('user_id', '=', t.users.admin.id)
      .execute();
    expect(await countAdmins(ctx.db, t.id)).toBe(0);
    const run = io();
    expect(await adminCommand(ctx.db, ['legg-til', '--tjeneste', t.slug, '--email', t.users.regnskap.email], run.io)).toBe(0);
    expect(run.out.join('\n')).toContain('er nå administrator');
    const m = await ctx.db.selectFrom('membership').select('roles').where('tjeneste_id', '=', t.id).where('user_id', '=', t.users.regnskap.id).executeTakeFirstOrThrow();
    expect([...m.roles].sort()).toEqual(['admin', 'regnskap']);
    const audit = await ctx.db.selectFrom('audit_log').select(['summary', 'user_label']).where('tjeneste_id', '=', t.id).where('summary', 'like', '%kommandolinjen%').execute();
    expect(audit).toHaveLength(1);
    const { agent } = await loginAgent(ctx.app, t.users.regnskap.email);
    expect((await agent.get(`/t/${t.slug}/brukere`)).status).toBe(200);
    // running it again changes nothing
    const again = io();
    expect(await adminCommand(ctx.db, ['legg-til', '--tjeneste', t.slug, '--email', t.users.regnskap.email], again.io)).toBe(0);
    expect(again.out.join('\n')).toContain('allerede administrator');
  });

  it('when the e-mail has no account, then --navn creates it with a random start password shown once; without --navn, or with an unknown tjeneste, it says what is missing', async () => {
    const t = await createTjeneste(ctx.db);
    const missing = io();
    expect(await adminCommand(ctx.db, ['legg-til', '--tjeneste', t.slug, '--email', `ny-${t.slug}@x.no`], missing.io)).toBe(2);
    expect(missing.err.join('\n')).toContain('--navn');
    const unknown = io();
    expect(await adminCommand(ctx.db, ['legg-til', '--tjeneste', 'finnes-ikke', '--email', `ny-${t.slug}@x.no`], unknown.io)).toBe(1);
    expect(unknown.err.join('\n')).toContain('Fant ingen tjeneste');
    const run = io();
    expect(await adminCommand(ctx.db, ['legg-til', '--tjeneste', t.slug, '--email', `ny-${t.slug}@x.no`, '--navn', 'Ny Admin'], run.io)).toBe(0);
    const password = /Startpassord \(vises bare nå, må byttes ved første innlogging\): (\S+)/.exec(run.out.join('\n'))?.[1];
    expect(password).toMatch(/^[\w-]{24}$/);
    const { agent } = await loginAgent(ctx.app, `ny-${t.slug}@x.no`, password);
    // a start password: the new admin chooses their own first, then has the tjeneste
    expect((await agent.get(`/t/${t.slug}/brukere`)).headers.location).toBe('/passord');
    const form = await agent.get('/passord');
    const own = 'ny admin velger sitt eget passord';
    expect(
      (
        await agent
          .post('/passord')
          .type('form')
          .send({ _csrf: csrfFrom(form.text), gjeldende: password, nytt: own, gjenta: own })
      ).status,
    ).toBe(303);
    expect((await agent.get(`/t/${t.slug}/brukere`)).status).toBe(200);
  });
});
