import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';
import { approveHashFrom, mapAllKommuner } from '../support/kodeverk.ts';
import { seedRegisters } from '../support/registers.ts';

/** Counts the statements the app sends (through Kysely), per request. */
class CountQueries implements KyselyPlugin {
  n = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.n++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

// The database round trips of the heavy pages and actions, measured through the front door (session and login
// included; the pages' own caches warm, as after the first visit) on a filled Lofoten tjeneste with three kommuner. The bounds are today's counts with a little room: a
// change that adds queries to these paths shows here; a final export stays within 10.
describe('queries per request', () => {
  it('stays within the measured counts for the dashboard, Kontering, Godkjenning, approving one kommune, the draft and the final export', async () => {
    const counter = new CountQueries();
    const app = buildApp(ctx.db.withPlugin(counter));
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    await mapAllKommuner(ctx.db, t);
    const regnskap = await loginAgent(app, t.users.regnskap.email);
    const godkjenner = await loginAgent(app, t.users.godkjenner.email);
    const base = `/t/${t.slug}`;
    const measured: Record<string, number> = {};
    const count = async (name: string, run: () => Promise<{ status: number }>, status: number) => {
      counter.n = 0;
      const res = await run();
      expect(res.status, name).toBe(status);
      measured[name] = counter.n;
    };
    await count('GET oversikt', () => regnskap.agent.get(base), 200);
    await count('GET kontering', () => regnskap.agent.get(`${base}/kontering`), 200);
    await count(
      'POST send alle til godkjenning',
      async () =>
        regnskap.agent
          .post(`${base}/godkjenning/send`)
          .type('form')
          .send({ _csrf: await regnskap.csrf() }),
      303,
    );
    const page = await godkjenner.agent.get(`${base}/godkjenning`);
    await count('GET godkjenning', () => godkjenner.agent.get(`${base}/godkjenning`), 200);
    for (const nr of ['1860', '1859']) {
      const hash = approveHashFrom(page.text, nr);
      await count(
        `POST godkjenn ${nr}`,
        async () =>
          godkjenner.agent
            .post(`${base}/godkjenning/${nr}/godkjenn`)
            .type('form')
            .send({ _csrf: await godkjenner.csrf(), hash }),
        303,
      );
    }
    const last = approveHashFrom((await godkjenner.agent.get(`${base}/godkjenning`)).text, '1874');
    await godkjenner.agent
      .post(`${base}/godkjenning/1874/godkjenn`)
      .type('form')
      .send({ _csrf: await godkjenner.csrf(), hash: last });
    await count('GET eksport', () => regnskap.agent.get(`${base}/eksport`), 200);
    await count(
      'POST utkast',
      async () =>
        regnskap.agent
          .post(`${base}/eksport/utkast`)
          .type('form')
          .send({ _csrf: await regnskap.csrf() }),
      200,
    );
    await count(
      'POST endelig eksport',
      async () =>
        regnskap.agent
          .post(`${base}/eksport/endelig`)
          .type('form')
          .send({ _csrf: await regnskap.csrf() }),
      303,
    );
    console.log(
      Object.entries(measured)
        .map(([k, v]) => `${k.padEnd(34)} ${v}`)
        .join('\n'),
    );
    // Before the kodeverk state was read in one statement (server/kodeverk/): oversikt 15, send 23, godkjenn 20–21,
    // eksport 13, utkast 32, endelig 51. A final export now: the session, the tjeneste lock, the state, the latest
    // export, the insert, the audit entry, the admins' mail (who, the tjeneste's name, the outbox) and the session save.
    const bounds: Record<string, number> = {
      'GET oversikt': 6,
      'GET kontering': 1,
      'POST send alle til godkjenning': 14,
      'GET godkjenning': 1,
      'POST godkjenn 1860': 11,
      'POST godkjenn 1859': 11,
      'GET eksport': 4,
      'POST utkast': 2,
      'POST endelig eksport': 10,
    };
    // more queries on one of these paths: make them fewer, or raise the bound here and say why in the commit
    for (const [name, n] of Object.entries(measured)) expect(n, `${name}: ${n} queries`).toBeLessThanOrEqual(bounds[name]!);
  });
});
