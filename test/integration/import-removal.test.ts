import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';
import { lofotenKontoplan, lofotenLonnsarter, seedRegisters } from '../support/registers.ts';
import { buildTemplate } from '../../server/spreadsheet/index.ts';
import { uploadAndPreview } from './import-helpers.ts';
import type { LonnsartRecord } from '../../server/lonnsarter/lonnsarter.definition.ts';
import { definitionFor } from '../../server/registers/registry.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const versionCount = async (tjenesteId: number, register: string) =>
  (await ctx.db.selectFrom('register_version').select('id').where('tjeneste_id', '=', tjenesteId).where('register', '=', register).execute()).length;

const ten = (): LonnsartRecord[] => Array.from({ length: 10 }, (_, i) => ({ ...(lofotenLonnsarter()[0] as LonnsartRecord), kode: String(3000 + i), navn: `Lønnsart ${i}` }));

async function setup(lonnsarter: LonnsartRecord[]) {
  const t = await createTjeneste(ctx.db);
  await seedRegisters(ctx.db, t.id, { kontoplan: lofotenKontoplan(), lonnsarter });
  const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
  return { t, agent, token: await csrf() };
}

describe('an import that removes much of a register asks first', () => {
  it('when a lønnsarter file has 2 of the 10 lønnsarter, then the preview asks, saving without the box is refused, and with it the version is saved', async () => {
    const { t, agent, token } = await setup(ten());
    const file = await buildTemplate(definitionFor('lonnsarter'), ten().slice(0, 2));
    const { location, html } = await uploadAndPreview(agent, t.slug, 'lonnsarter', file, 'lonnsarter.xlsx', token);
    expect(html).toContain('Filen har bare 2 av 10 lønnsarter – skal de 8 andre fjernes?');
    expect(html).toContain('name="bekreft_fjerning"');

    const refused = await agent.post(`${location}/lagre`).type('form').send({ _csrf: token });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Ikke lagret: kryss av for at radene skal fjernes');
    expect(await versionCount(t.id, 'lonnsarter')).toBe(1);

    const saved = await agent.post(`${location}/lagre`).type('form').send({ _csrf: token, bekreft_fjerning: 'ja' });
    expect(saved.status).toBe(303);
    expect(await versionCount(t.id, 'lonnsarter')).toBe(2);
  });

  it('when a kontoplan file has only arter, then emptying ansvar and funksjon is named and refused until confirmed', async () => {
    const { t, agent, token } = await setup(lofotenLonnsarter());
    const file = await buildTemplate(
      definitionFor('kontoplan'),
      lofotenKontoplan().filter((r) => r.dimensjon === 'art'),
    );
    const { location, html } = await uploadAndPreview(agent, t.slug, 'kontoplan', file, 'bare-arter.xlsx', token);
    expect(html).toContain('Filen har ingen ansvar: alle 4 ansvar i gjeldende versjon blir fjernet.');
    expect(html).toContain('Filen har ingen funksjoner: alle 3 funksjoner i gjeldende versjon blir fjernet.');
    expect((await agent.post(`${location}/lagre`).type('form').send({ _csrf: token })).status).toBe(400);
    expect(await versionCount(t.id, 'kontoplan')).toBe(1);
    expect((await agent.post(`${location}/lagre`).type('form').send({ _csrf: token, bekreft_fjerning: 'ja' })).status).toBe(303);
    expect(await versionCount(t.id, 'kontoplan')).toBe(2);
  });

  it('when a file removes fewer than half and empties no dimension, then it saves without asking', async () => {
    const { t, agent, token } = await setup(ten());
    const file = await buildTemplate(definitionFor('lonnsarter'), ten().slice(0, 6));
    const { location, html } = await uploadAndPreview(agent, t.slug, 'lonnsarter', file, 'lonnsarter.xlsx', token);
    expect(html).not.toContain('name="bekreft_fjerning"');
    expect((await agent.post(`${location}/lagre`).type('form').send({ _csrf: token })).status).toBe(303);
    expect(await versionCount(t.id, 'lonnsarter')).toBe(2);
  });
});
