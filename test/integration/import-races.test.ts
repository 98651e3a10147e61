import { sql } from 'kysely';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRegisterVersion } from '../../server/registers/registers.writer.ts';
import { buildApp, createTestContext, type TestContext } from '../support/app.ts';
import { csrfFrom, loginAgent } from '../support/agent.ts';
import { createTjeneste, PASSWORD } from '../support/factories.ts';
import { csvBytes } from '../support/workbooks.ts';
import { uploadAndPreview } from './import-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('import races', () => {
  it('when a preview has expired, then it can be neither saved nor downloaded with error marks', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const token = await csrf();
    const { location } = await uploadAndPreview(agent, t.slug, 'kontoplan', csvBytes('Dimensjon;Kode;Navn\nart;10100;Fastlønn\nart;10500;Feriepenger\n', { encoding: 'utf8' }), 'k.csv', token);
    // the same database a day and an hour later
    const later = buildApp(ctx.db, {}, () => new Date(Date.now() + 25 * 60 * 60 * 1000));
    const agentLater = request.agent(later);
    const form = csrfFrom((await agentLater.get('/logg-inn')).text);
    expect((await agentLater.post('/logg-inn').type('form').send({ _csrf: form, email: t.users.regnskap.email, passord: PASSWORD })).status).toBe(303);
    const tokenLater = csrfFrom((await agentLater.get('/tjenester')).text);
    const save = await agentLater.post(`${location}/lagre`).type('form').send({ _csrf: tokenLater });
    expect(save.status).toBe(404);
    expect(save.text).toContain('finnes ikke lenger');
    expect((await agentLater.get(`${location}/feilmarkering.xlsx`)).status).toBe(404);
    const versions = await ctx.db.selectFrom('register_version').select('id').where('tjeneste_id', '=', t.id).execute();
    expect(versions).toEqual([]);
  });

  it.runIf(!!process.env.DATABASE_URL)('when a register commit holds its transaction open, then other writes in the same tjeneste (adding a kommune) go through at once; a second commit of the same register waits', async () => {
    const t = await createTjeneste(ctx.db);
    const { agent, csrf } = await loginAgent(ctx.app, t.users.admin.email);
    const token = await csrf();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inside!: () => void;
    const started = new Promise<void>((r) => (inside = r));
    const commit = ctx.db.transaction().execute(async (trx) => {
      await insertRegisterVersion(trx, { tjenesteId: t.id, register: 'kontoplan', fileName: 'stor.csv', counts: {}, warnings: [], createdBy: null }, [{ dimensjon: 'art', kode: '10100', navn: 'Fastlønn', aktiv: true, kostra: '010', kontoklasse: 'drift' } as never]);
      inside();
      await held;
    });
    await started;
    try {
      const t0 = Date.now();
      const res = await agent.post(`/t/${t.slug}/kommuner`).type('form').send({ _csrf: token, kommunenummer: '1865' });
      expect(res.status).toBe(303);
      expect(Date.now() - t0).toBeLessThan(3_000);
      // a second commit of the kontoplan must wait for the first (version numbers stay in order)
      const second = ctx.db.transaction().execute(async (trx) => {
        await sql`set local lock_timeout = '300ms'`.execute(trx);
        await insertRegisterVersion(trx, { tjenesteId: t.id, register: 'kontoplan', fileName: 'annen.csv', counts: {}, warnings: [], createdBy: null }, []);
      });
      await expect(second).rejects.toMatchObject({ code: '55P03' });
    } finally {
      release();
      await commit;
    }
  });
});
