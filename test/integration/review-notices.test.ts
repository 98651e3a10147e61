import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste } from '../support/factories.ts';
import { loginAgent } from '../support/agent.ts';
import { actorFor, mapAllKommuner } from '../support/kodeverk.ts';
import { seedRegisters } from '../support/registers.ts';
import { rejectKommune, submitForReview } from '../../server/review/review.service.ts';

/** What the approval asks of whom, said where each person starts and works, not only on the approval page. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function sentAndOneRejected() {
  const t = await createTjeneste(ctx.db);
  await seedRegisters(ctx.db, t.id);
  await mapAllKommuner(ctx.db, t);
  await submitForReview(ctx.db, actorFor(t, t.users.regnskap), 'alle');
  await rejectKommune(ctx.db, actorFor(t, t.users.godkjenner), '1859', 'Flakstad skal ha ansvar 7111, ikke 7110.');
  return t;
}

describe('review notices', () => {
  it('when a kommune is rejected, then regnskap reads who rejected it and why on Oversikt and beside the kommune on Kontering', async () => {
    const t = await sentAndOneRejected();
    const { agent } = await loginAgent(ctx.app, t.users.regnskap.email);
    const oversikt = (await agent.get(`/t/${t.slug}`)).text;
    expect(oversikt).toContain('Flakstad er avvist</strong> av');
    expect(oversikt).toContain('«Flakstad skal ha ansvar 7111, ikke 7110.»');
    expect(oversikt).toContain(`/t/${t.slug}/kontering/kommuner#k-1859`);
    const kontering = (await agent.get(`/t/${t.slug}/kontering/kommuner`)).text;
    const flakstad = kontering.slice(kontering.indexOf('id="k-1859"'), kontering.indexOf('id="k-1874"'));
    expect(flakstad).toContain('«Flakstad skal ha ansvar 7111, ikke 7110.»');
    expect(kontering.slice(kontering.indexOf('id="k-1874"'))).not.toContain('Avvist');
  });

  it("when kommuner wait for approval, then the godkjenner's start page says which, and nobody else is told to approve", async () => {
    const t = await sentAndOneRejected();
    const godkjenner = await loginAgent(ctx.app, t.users.godkjenner.email);
    const page = (await godkjenner.agent.get(`/t/${t.slug}`)).text;
    expect(page).toContain('2 kommuner venter på godkjenning:</strong>');
    expect(page).toMatch(/Vestvågøy, Moskenes|Moskenes, Vestvågøy/);
    const regnskap = await loginAgent(ctx.app, t.users.regnskap.email);
    expect((await regnskap.agent.get(`/t/${t.slug}`)).text).not.toContain('venter på godkjenning:');
  });

  it('when a godkjenner opens Eksport, then they are told who makes the package', async () => {
    const t = await sentAndOneRejected();
    const { agent } = await loginAgent(ctx.app, t.users.godkjenner.email);
    const page = (await agent.get(`/t/${t.slug}/eksport`)).text;
    expect(page).toContain('lages av lønn og regnskap eller en administrator');
    expect(page).toContain(t.users.regnskap.navn);
    expect(page).toContain(t.users.admin.navn);
    expect(page).not.toContain(`(${t.users.godkjenner.navn}`);
  });
});
