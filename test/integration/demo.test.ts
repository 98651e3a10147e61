import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent } from '../support/agent.ts';
import { DEMO_PASSWORD, demoCommand } from '../../server/cli/demo.command.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const run = async (options: { empty: boolean; url: string }) => {
  const out: string[] = [];
  const code = await demoCommand(ctx.db, { stdout: (s) => out.push(s), stderr: (s) => out.push(s) }, options);
  return { code, text: out.join('\n') };
};

describe('demo', () => {
  it('when the demo is made, then every page has content: the example registers, a confirmed mapping, and the login address with the configured port', async () => {
    const first = await run({ empty: false, url: 'http://localhost:4123' });
    expect(first.code).toBe(0);
    expect(first.text).toContain('http://localhost:4123/logg-inn');
    expect(first.text).toContain('Eksempelregistrene er importert: kontoplan, lonnsarter, utbetalingskategorier.');
    expect(first.text).toMatch(/Ansvar og funksjoner er valgt for .*Vestvågøy/);

    const { agent } = await loginAgent(ctx.app, 'regnskap@lofoten.demo', DEMO_PASSWORD);
    const matrix = await agent.get('/t/lofoten/kontering');
    expect(matrix.status).toBe(200);
    expect(matrix.text).not.toContain('Ingen kontoplan er importert');
    expect(matrix.text).not.toContain('Ingen lønnsarter eller utbetalingskategorier er importert');
    expect(matrix.text).toContain('7110'); // Flakstad's ansvar in a kontostreng
    const versions = await ctx.db.selectFrom('register_version').select(['register']).execute();
    expect(versions.map((v) => v.register).sort()).toEqual(['kontoplan', 'lonnsarter', 'utbetalingskategorier']);

    // a second run changes nothing that is there
    const again = await run({ empty: false, url: 'http://localhost:4123' });
    expect(again.text).toContain('fantes fra før');
    expect(again.text).not.toContain('Eksempelregistrene er importert');
    expect(await ctx.db.selectFrom('register_version').select(['id']).execute()).toHaveLength(3);
  });
});
