import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { csrfFrom, loginAgent } from '../support/agent.ts';
import { seedRegisters } from '../support/registers.ts';
import { actorFor, mapAllKommuner } from '../support/kodeverk.ts';
import { submitForReview } from '../../server/review/review.service.ts';

// Kodeverk pages are kept rendered per revision (server/platform/http/page-cache.ts); these tests make sure a kept
// page is never one the user should not see: stale, another role's, another session's, or a one-time message.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function mapped(): Promise<TestTjeneste> {
  const tj = await createTjeneste(ctx.db);
  await seedRegisters(ctx.db, tj.id);
  await mapAllKommuner(ctx.db, tj);
  return tj;
}

describe('kept pages', () => {
  it('when the kodeverk changes in the database (another instance, the command line), then the next page view shows it', async () => {
    const tj = await mapped();
    const { agent } = await loginAgent(ctx.app, tj.users.regnskap.email);
    const url = `/t/${tj.slug}/kontering?kommune=1859`;
    const first = await agent.get(url);
    expect(first.status).toBe(200);
    // the kommune's ansvar inside its kontostrenger (art.ansvar.funksjon)
    expect(first.text).toMatch(/<code>\d+\.7110\.\d+<\/code>/);
    expect((await agent.get(url)).text).toMatch(/<code>\d+\.7110\.\d+<\/code>/);

    // straight into the table, past every service: only the revision trigger can tell the app
    await ctx.db.updateTable('kommune_mapping').set({ ansvar: '7120' }).where('tjeneste_id', '=', tj.id).where('kommunenummer', '=', '1859').execute();
    const after = await agent.get(url);
    expect(after.text).toMatch(/<code>\d+\.7120\.\d+<\/code>/);
    expect(after.text).not.toMatch(/<code>\d+\.7110\.\d+<\/code>/);

    const dashboard = await agent.get(`/t/${tj.slug}`);
    await ctx.db.deleteFrom('kommune_mapping').where('tjeneste_id', '=', tj.id).where('kommunenummer', '=', '1874').execute();
    const changed = await agent.get(`/t/${tj.slug}`);
    expect(dashboard.text).not.toContain('Mangler ansvar eller funksjon for Moskenes');
    expect(changed.text).toContain('Mangler ansvar eller funksjon for Moskenes');
  });

  it('when users with different roles open the same page of the same revision, then each sees their own buttons', async () => {
    const tj = await mapped();
    await submitForReview(ctx.db, actorFor(tj, tj.users.regnskap), 'alle');
    const approve = `action="/t/${tj.slug}/godkjenning/1859/godkjenn"`;
    const godkjenner = await loginAgent(ctx.app, tj.users.godkjenner.email);
    const lese = await loginAgent(ctx.app, tj.users.lesetilgang.email);
    expect((await godkjenner.agent.get(`/t/${tj.slug}/godkjenning`)).text).toContain(approve);
    const seen = await lese.agent.get(`/t/${tj.slug}/godkjenning`);
    expect(seen.status).toBe(200);
    expect(seen.text).not.toContain(approve);
    expect(seen.text).toContain(tj.users.lesetilgang.navn);
    expect(seen.text).not.toContain(tj.users.godkjenner.navn);
  });

  it('when one user has two sessions, then each page carries its own session’s CSRF token, and the other’s is refused', async () => {
    const tj = await mapped();
    const a = await loginAgent(ctx.app, tj.users.regnskap.email);
    const b = await loginAgent(ctx.app, tj.users.regnskap.email);
    const tokenA = csrfFrom((await a.agent.get(`/t/${tj.slug}/godkjenning`)).text);
    const tokenB = csrfFrom((await b.agent.get(`/t/${tj.slug}/godkjenning`)).text);
    expect(tokenA).not.toBe(tokenB);
    expect(tokenA).toBe(await a.csrf());
    expect(tokenB).toBe(await b.csrf());
    expect((await b.agent.post(`/t/${tj.slug}/godkjenning/send`).type('form').send({ _csrf: tokenA })).status).toBe(403);
    expect((await b.agent.post(`/t/${tj.slug}/godkjenning/send`).type('form').send({ _csrf: tokenB })).status).toBe(303);
  });

  it('when the browser takes gzip, then the page comes compressed and is the same page; without, it comes plain', async () => {
    const tj = await mapped();
    const { agent } = await loginAgent(ctx.app, tj.users.regnskap.email);
    const plain = await agent.get(`/t/${tj.slug}/kontering`).set('Accept-Encoding', 'identity');
    const gz = await agent.get(`/t/${tj.slug}/kontering`).set('Accept-Encoding', 'gzip, deflate, br');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toMatch(/Accept-Encoding/);
    expect(Number(gz.headers['content-length'])).toBeLessThan(Buffer.byteLength(plain.text) / 4);
    expect(gz.text).toBe(plain.text);
    expect(gz.headers['content-security-policy']).toContain("default-src 'none'");
    expect(gz.headers.etag).toBe(plain.headers.etag);
    expect(gz.headers['cache-control']).toBe('private, no-cache');
    // the browser asking again with the ETag gets 304 and no body
    const again = await agent.get(`/t/${tj.slug}/kontering`).set('If-None-Match', String(gz.headers.etag));
    expect(again.status).toBe(304);
  });

  it('when a page carries a one-time message, then it shows once and the next view of the same page is without it', async () => {
    const tj = await mapped();
    const a = await loginAgent(ctx.app, tj.users.regnskap.email);
    const url = `/t/${tj.slug}/godkjenning`;
    await a.agent.get(url);
    const sent = await a.agent
      .post(`${url}/send`)
      .type('form')
      .send({ _csrf: await a.csrf() });
    expect(sent.status).toBe(303);
    expect((await a.agent.get(url)).text).toContain('Sendt til godkjenning');
    expect((await a.agent.get(url)).text).not.toContain('Sendt til godkjenning:');
  });
});
