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

const marked = (html: string) => [...html.matchAll(/<a href="([^"]*)" aria-current="page">/g)].map((m) => m[1]);
const navOf = (html: string, cls: string) => new RegExp(`<nav class="${cls}"[\\s\\S]*?</nav>`).exec(html)?.[0] ?? '';
const current = (html: string) => marked(navOf(html, 'tabs'));

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

  it('when a settings page is shown, then its link in the settings sub-navigation is marked as the current page, also for a refused form shown at its own address', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const base = `/t/${t.slug}/innstillinger`;
    const cases: [string, string][] = [
      [base, base],
      [`${base}/moduler`, `${base}/moduler`],
      [`${base}/postering`, `${base}/postering`],
      [`${base}/mva`, `${base}/mva`],
      [`${base}/autopay`, `${base}/autopay`],
      [`${base}/forhandsvisning`, `${base}/forhandsvisning`],
    ];
    for (const [url, link] of cases) {
      const res = await agent.get(url);
      expect(res.status, url).toBe(200);
      expect(marked(navOf(res.text, 'subnav')), url).toEqual([link]);
    }
    const refused = await agent
      .post(`${base}/aga-art`)
      .type('form')
      .send({ aga_art: '55555', _csrf: await csrf() });
    expect(refused.status).toBe(400);
    expect(marked(navOf(refused.text, 'subnav'))).toEqual([`${base}/postering`]);
    // and the visible mark is in the style sheet
    expect((await agent.get('/static/app.css')).text).toMatch(/\.subnav a\[aria-current=page\] \{[^}]*font-weight:600/);
  });
});
