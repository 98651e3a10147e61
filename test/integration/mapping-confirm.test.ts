import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';
import { lofotenKontoplan, seedRegisters } from '../support/registers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('confirm all sure proposals', () => {
  it('when every kommune has a sure proposal, then one click saves them all; a second click saves nothing', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    expect((await agent.get(`/t/${t.slug}/kontering/kommuner`)).text).toContain('Bekreft alle sikre forslag');
    const res = await agent
      .post(`/t/${t.slug}/kontering/kommuner/bekreft-forslag`)
      .type('form')
      .send({ _csrf: await csrf() });
    expect(res.status).toBe(303);
    const rows = await ctx.db.selectFrom('kommune_mapping').selectAll().where('tjeneste_id', '=', t.id).execute();
    expect(rows).toHaveLength(3);
    const page = await agent.get(`/t/${t.slug}/kontering/kommuner`);
    expect(page.text).toContain('Lagret forslaget for');
    expect(page.text).not.toContain('Bekreft alle sikre forslag');
  });

  it('when a kommune has no sure ansvar, then it is left for a person and named in the message', async () => {
    const t = await createTjeneste(ctx.db);
    // Moskenes' ansvar is renamed so no ansvar mentions the kommune.
    await seedRegisters(ctx.db, t.id, { kontoplan: lofotenKontoplan().map((k) => (k.kode === '7120' ? { ...k, navn: 'Barnevern sør' } : k)) });
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    await agent
      .post(`/t/${t.slug}/kontering/kommuner/bekreft-forslag`)
      .type('form')
      .send({ _csrf: await csrf() })
      .expect(303);
    const page = await agent.get(`/t/${t.slug}/kontering/kommuner`);
    expect(page.text).toContain('Velg selv for Moskenes');
    const rows = await ctx.db.selectFrom('kommune_mapping').selectAll().where('tjeneste_id', '=', t.id).execute();
    expect(rows).toHaveLength(2);
  });

  it('when lesetilgang tries it, then 403 and nothing is saved', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.lesetilgang.email);
    expect(
      (
        await agent
          .post(`/t/${t.slug}/kontering/kommuner/bekreft-forslag`)
          .type('form')
          .send({ _csrf: await csrf() })
      ).status,
    ).toBe(403);
  });
});
