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

const current = (html: string) => [...html.matchAll(/<a href="([^"]*)" aria-current="page">/g)].map((m) => m[1]);

describe('tenant navigation', () => {
  it('when a page of a section is shown, then exactly that tab is marked as the current page', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    const { agent } = await loginAgent(ctx.app, t.users.admin.email);
    const base = `/t/${t.slug}`;
    const cases: [string, string][] = [
      [base, base],
      [`${base}/import`, `${base}/import`],
      [`${base}/import/kontoplan/versjoner`, `${base}/import`],
      [`${base}/kontering`, `${base}/kontering`],
      [`${base}/kontering/kommuner`, `${base}/kontering`],
      [`${base}/godkjenning`, `${base}/godkjenning`],
      [`${base}/innstillinger/postering`, `${base}/innstillinger`],
      [`${base}/innstillinger/forhandsvisning`, `${base}/innstillinger`],
      [`${base}/eksport`, `${base}/eksport`],
      [`${base}/tjeneste`, `${base}/tjeneste`],
      [`${base}/kommuner`, `${base}/kommuner`],
      [`${base}/brukere`, `${base}/brukere`],
      [`${base}/logg`, `${base}/logg`],
    ];
    for (const [url, tab] of cases) {
      const res = await agent.get(url);
      expect(res.status, url).toBe(200);
      expect(current(res.text), url).toEqual([tab]);
    }
    const checklist = await agent.get(`${base}/sjekkliste`);
    expect(checklist.status).toBe(200);
    expect(current(checklist.text)).toEqual([]);
  });
});
