import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';
import { lofotenKontoplan } from '../support/registers.ts';
import { buildTemplate } from '../../server/spreadsheet/index.ts';
import { upload, uploadAndPreview } from './import-helpers.ts';
import { definitionFor } from '../../server/registers/registry.ts';

// Its own app: a small upload limit.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ uploadLimitBytes: 20_000 });
});
afterAll(() => ctx.close());

async function insertReading(tjenesteId: number, userId: number, updatedMinutesAgo: number) {
  const id = crypto.randomUUID();
  await ctx.db
    .insertInto('pending_import')
    .values({
      id,
      tjeneste_id: tjenesteId,
      register: 'kontoplan',
      file_name: 'stor.xlsx',
      file_bytes: Buffer.from('x'),
      result: 'null',
      status: 'leser',
      rows_read: 15000,
      created_by: userId,
      expires_at: new Date(Date.now() + 86_400_000),
      updated_at: sql<Date>`now() - make_interval(mins => ${updatedMinutesAgo})`,
    })
    .execute();
  return id;
}

describe('import: limits and progress', () => {
  it('when the file is larger than the upload limit, then the answer is 413 with a Norwegian message and nothing is stored', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const res = await upload(agent, t.slug, 'kontoplan', crypto.randomBytes(60_000), 'stor.xlsx', await csrf());
    expect(res.status).toBe(413);
    expect(res.text).toContain('Filen er større enn');
    expect(res.text).toContain('grensen for opplasting');
    expect(await ctx.db.selectFrom('pending_import').select('id').where('tjeneste_id', '=', t.id).execute()).toHaveLength(0);
  });

  it('when a file under the limit is uploaded, then it is read and previewed', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const file = await buildTemplate(definitionFor('kontoplan'), lofotenKontoplan());
    expect(file.length).toBeLessThan(20_000);
    const { html } = await uploadAndPreview(agent, t.slug, 'kontoplan', file, 'k.xlsx', await csrf());
    expect(html).toContain('Lagre som ny versjon</button>');
  });

  it('when the file is still being read, then the page shows rows read and refreshes itself, and saving is refused', async () => {
    const t = await createTjeneste(ctx.db);
    const id = await insertReading(t.id, t.users.regnskap.id, 0);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const page = await agent.get(`/t/${t.slug}/import/opplasting/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<meta http-equiv="refresh" content="2">');
    expect(page.text).toContain('15');
    expect(page.text).toContain('rader lest så langt');
    const commit = await agent
      .post(`/t/${t.slug}/import/opplasting/${id}/lagre`)
      .type('form')
      .send({ _csrf: await csrf() });
    expect(commit.status).toBe(409);
  });

  it('when a read has made no progress for more than 10 minutes, then it is shown as interrupted without refreshing', async () => {
    const t = await createTjeneste(ctx.db);
    const id = await insertReading(t.id, t.users.regnskap.id, 11);
    const { agent } = await loginAgent(ctx.app, t.users.regnskap.email);
    const page = await agent.get(`/t/${t.slug}/import/opplasting/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Lesingen ble avbrutt – last opp filen på nytt.');
    expect(page.text).not.toContain('http-equiv="refresh"');
  });

  it('when a pending import has expired, then it is gone (404) and the next upload deletes it', async () => {
    const t = await createTjeneste(ctx.db);
    const id = await insertReading(t.id, t.users.regnskap.id, 0);
    await ctx.db
      .updateTable('pending_import')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    expect((await agent.get(`/t/${t.slug}/import/opplasting/${id}`)).status).toBe(404);
    await uploadAndPreview(agent, t.slug, 'kontoplan', await buildTemplate(definitionFor('kontoplan'), lofotenKontoplan()), 'k.xlsx', await csrf());
    expect(await ctx.db.selectFrom('pending_import').select('id').where('id', '=', id).execute()).toHaveLength(0);
  });
});
