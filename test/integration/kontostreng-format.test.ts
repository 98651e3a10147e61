import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste } from '../support/factories.ts';
import { loginAgent } from '../support/agent.ts';
import { lofotenLonnsarter, seedRegisters } from '../support/registers.ts';
import { prepareApprovedKodeverk } from '../support/kodeverk.ts';
import { insertRegisterVersion } from '../../server/registers/registers.writer.ts';
import { kontostrengOf, kontostrengText } from '../../server/kodeverk/kontostreng.ts';

// #14 item 14: one kontostreng format everywhere — the package's 10510.7100.2510.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('one kontostreng format', () => {
  it('when written, then it is art.ansvar.funksjon, with «?» for a missing part when read', () => {
    expect(kontostrengOf({ art: '10510', ansvar: '7100', funksjon: '2510' })).toBe('10510.7100.2510');
    expect(kontostrengOf({ art: '10510', ansvar: null, funksjon: '2510' })).toBeNull();
    expect(kontostrengText({ art: '10510', ansvar: null, funksjon: '252' })).toBe('10510.?.252');
  });

  it('when the same line is shown on the matrix page, the approval card and the posting preview, then all three write it the same dotted way', async () => {
    const t = await createTjeneste(ctx.db);
    await prepareApprovedKodeverk(ctx.db, t);
    // a new lønnsart after the approval: the godkjenner's card lists its kontostrenger as new
    await ctx.db
      .transaction()
      .execute((trx) =>
        insertRegisterVersion(trx, { tjenesteId: t.id, register: 'lonnsarter', fileName: 'lonnsarter-2.xlsx', counts: {}, warnings: [], createdBy: null }, [
          ...lofotenLonnsarter(),
          { kode: '2040', navn: 'Tilsynsfører', art: '11600', skattepliktig: false, aga: false, feriepengegrunnlag: false, amelding_beskrivelse: null, tiltakstype: 'begge', fordel: null },
        ]),
      );
    const { agent, csrf } = await loginAgent(ctx.app, t.users.regnskap.email);
    const cells = { lonn_standard_selskap: '10', lonn_standard_motkonto: '14700', lonn_standard_bilagsserie: 'L1' };
    expect(
      (
        await agent
          .post(`/t/${t.slug}/innstillinger/postering/lonn`)
          .type('form')
          .send({ _csrf: await csrf(), ...cells })
      ).status,
    ).toBe(303);
    const matrix = await agent.get(`/t/${t.slug}/kontering?kommune=1859`);
    expect(matrix.text).toMatch(/Lønnsart 2040 Tilsynsfører<\/td>\s*<td class="nowrap"><code>11600\.7110\.251<\/code>/);
    expect(matrix.text).not.toMatch(/<code>\d+<\/code> · <code>/);
    const review = await agent.get(`/t/${t.slug}/godkjenning`);
    expect(review.text).toContain('Lønnsart 2040 Tilsynsfører, i hjemmet: 11600.7110.251');
    const preview = await agent.get(`/t/${t.slug}/innstillinger/forhandsvisning`).query({ item: 'lonnsart:2040', kommune: '1859', tiltakstype: 'i_hjemmet', belop: '100' });
    expect(preview.text).toContain('<strong>11600.7110.251</strong>');
  });

  it('when a kommune has no ansvar yet, then the matrix shows the incomplete kontostreng in the same form with «?»', async () => {
    const t = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, t.id);
    const { agent } = await loginAgent(ctx.app, t.users.lesetilgang.email);
    const matrix = await agent.get(`/t/${t.slug}/kontering?kommune=1859`);
    expect(matrix.text).toContain('<code>10500.?.?</code>');
  });
});
