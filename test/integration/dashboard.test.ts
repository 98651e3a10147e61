import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste } from '../support/factories.ts';
import { loginAgent } from '../support/agent.ts';
import { seedRegisters } from '../support/registers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('readiness checklist on the dashboard', () => {
  it('when nothing is done, then the items say so and link to where to fix them', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent } = await loginAgent(ctx.app, t.users.lesetilgang.email);
    const res = await agent.get(`/t/${t.slug}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Ingen kontoplan er importert ennå.');
    expect(res.text).toContain(`href="/t/${t.slug}/import/kontoplan"`);
    expect(res.text).toContain('Ikke avklart: økonomi og lønn');
    expect(res.text).toContain(`href="/t/${t.slug}/innstillinger/autopay"`);
    expect(res.text).toContain(`href="/t/${t.slug}/sjekkliste"`);
  });

  it('when lønn is set to ikke i bruk and registers are imported, then lønn items are marked not in use', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    await agent
      .post(`/t/${t.slug}/innstillinger/moduler`)
      .type('form')
      .send({ _csrf: await csrf(), okonomi_status: 'i_drift', lonn_status: 'ikke_i_bruk' });
    const res = await agent.get(`/t/${t.slug}`);
    expect(res.text).toMatch(/status-ikke_relevant">\s*<span class="badge">Ikke i bruk<\/span>\s*<a href="[^"]+\/import\/lonnsarter">Lønnsarter importert/);
    expect(res.text).toMatch(/status-ok">\s*<span class="badge">Ferdig<\/span>\s*<a href="[^"]+">Kontoplan importert/);
    expect(res.text).toMatch(/status-ok">\s*<span class="badge">Ferdig<\/span>\s*<a href="[^"]+">Funksjoner for 251 og 252/);
  });

  it('when the printable checklist is opened, then it lists every item on one page without the forms', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent } = await loginAgent(ctx.app, t.users.godkjenner.email);
    const res = await agent.get(`/t/${t.slug}/sjekkliste`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Sjekkliste for kodeverket');
    for (const label of [
      'Moduler valgt',
      'Kontoplan importert',
      'Funksjoner for 251 og 252',
      'Lønnsarter importert',
      'Utbetalingskategorier importert',
      'Posteringsinnstillinger for økonomi',
      'Autopay avklart',
      'Alle kommuner godkjent',
    ])
      expect(res.text).toContain(label);
  });
});
