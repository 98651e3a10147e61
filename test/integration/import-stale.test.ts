import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';
import { buildWorkbook } from '../support/workbooks.ts';
import { lofotenKontoplan, seedRegisters } from '../support/registers.ts';
import { insertRegisterVersion } from '../../server/registers/registers.writer.ts';
import { uploadAndPreview } from './import-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('commit after the kontoplan changed', () => {
  it('when a new kontoplan arrives between preview and save of lønnsarter, then saving is refused and says to upload again', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id, { kontoplan: lofotenKontoplan() });
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const file = await buildWorkbook([
      {
        name: 'Lønnsarter',
        rows: [
          ['Lønnsart', 'Navn', 'Art'],
          ['2010', 'Fosterhjem arbeidsgodtgjørelse', '10510'],
        ],
      },
    ]);
    const { location, html } = await uploadAndPreview(agent, t.slug, 'lonnsarter', file, 'lonnsarter.xlsx', await csrf());
    expect(html).toContain('Lagre som ny versjon');
    // Another user commits a kontoplan without art 10510 in the meantime.
    await ctx.db.transaction().execute((trx) =>
      insertRegisterVersion(
        trx,
        { tjenesteId: t.id, register: 'kontoplan', fileName: 'ny.xlsx', counts: {}, warnings: [], createdBy: null },
        lofotenKontoplan().filter((k) => k.kode !== '10510'),
      ),
    );
    const res = await agent
      .post(`${location}/lagre`)
      .type('form')
      .send({ _csrf: await csrf() });
    expect(res.status).toBe(409);
    expect(res.text).toContain('Kontoplanen er endret etter at filen ble lest');
    const versions = await ctx.db.selectFrom('register_version').select('id').where('tjeneste_id', '=', t.id).where('register', '=', 'lonnsarter').execute();
    expect(versions).toHaveLength(0);
  });
});
