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
  it('when two previews were made from the same version and both are saved, then the second is refused and its preview shows the diff against the version the first saved; saving again then works', async () => {
    const t = await createTjeneste(ctx.db);
    const a = await loginAgent(ctx.app, t.users.regnskap.email);
    const b = await loginAgent(ctx.app, t.users.regnskap2.email);
    const [ta, tb] = await Promise.all([a.csrf(), b.csrf()]);
    const fileA = csvBytes('Dimensjon;Kode;Navn\nart;10100;Fastlønn\nart;10500;Feriepenger\n', { encoding: 'utf8' });
    const fileB = csvBytes('Dimensjon;Kode;Navn\nart;10100;Fastlønn\nart;10900;Overtid\n', { encoding: 'utf8' });
    const pa = await uploadAndPreview(a.agent, t.slug, 'kontoplan', fileA, 'a.csv', ta);
    const pb = await uploadAndPreview(b.agent, t.slug, 'kontoplan', fileB, 'b.csv', tb);
    expect((await a.agent.post(`${pa.location}/lagre`).type('form').send({ _csrf: ta })).status).toBe(303);
    const refused = await b.agent.post(`${pb.location}/lagre`).type('form').send({ _csrf: tb });
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toBe(pb.location);
    const page = await b.agent.get(pb.location);
    expect(page.text).toContain('Ikke lagret: en annen har lagret versjon 1');
    // the diff is now against version 1 (A's file): Feriepenger would go, Overtid come
    expect(page.text).toContain('Feriepenger');
    expect(page.text).toContain('Overtid');
    let versions = await ctx.db.selectFrom('register_version').select(['version_no', 'file_name']).where('tjeneste_id', '=', t.id).orderBy('version_no').execute();
    expect(versions).toEqual([{ version_no: 1, file_name: 'a.csv' }]);
    // having seen it, B saves on top of version 1
    expect((await b.agent.post(`${pb.location}/lagre`).type('form').send({ _csrf: tb })).status).toBe(303);
    versions = await ctx.db.selectFrom('register_version').select(['version_no', 'file_name']).where('tjeneste_id', '=', t.id).orderBy('version_no').execute();
    expect(versions).toEqual([
      { version_no: 1, file_name: 'a.csv' },
      { version_no: 2, file_name: 'b.csv' },
    ]);
  });

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

  it.runIf(!!process.env.DATABASE_URL)(
    'when a register commit holds its transaction open, then other writes in the same tjeneste (adding a kommune) go through at once; a second commit of the same register waits',
    async () => {
      const t = await createTjeneste(ctx.db);
      const { agent, csrf } = await loginAgent(ctx.app, t.users.admin.email);
      const token = await csrf();
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let inside!: () => void;
      const started = new Promise<void>((r) => (inside = r));
      const commit = ctx.db.transaction().execute(async (trx) => {
        await insertRegisterVersion(trx, { tjenesteId: t.id, register: 'kontoplan', fileName: 'stor.csv', counts: {}, warnings: [], createdBy: null }, [
          { dimensjon: 'art', kode: '10100', navn: 'Fastlønn', aktiv: true, kostra: '010', kontoklasse: 'drift' } as never,
        ]);
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
    },
  );
});
