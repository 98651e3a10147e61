import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste } from '../support/factories.ts';
import { actorFor, prepareApprovedKodeverk } from '../support/kodeverk.ts';
import { kommuneApprovalOf, kommuneApprovalsOf } from '../../server/kodeverk/kodeverk.approvals.ts';
import { loadKodeverkState } from '../../server/kodeverk/kodeverk.state.ts';
import { markDeltAnsvar, saveMapping } from '../../server/mapping/mapping.service.ts';

// server/kodeverk/: the whole state in one statement, and one kommune's approval without the others'.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('the kodeverk state', () => {
  it('when the state is read in one statement, then every row, time and snapshot is what a plain select of its table gives', async () => {
    const t = await createTjeneste(ctx.db);
    await prepareApprovedKodeverk(ctx.db, t);
    const state = await loadKodeverkState(ctx.db, t.id);

    const reviews = await ctx.db.selectFrom('kommune_review').selectAll().where('tjeneste_id', '=', t.id).execute();
    expect(state.reviews).toHaveLength(3);
    for (const r of reviews) {
      const s = state.reviews.find((x) => x.kommunenummer === r.kommunenummer)!;
      // the approval's time is in the export: it must be the same millisecond as the column read alone
      expect(s.approved_at?.getTime()).toBe(new Date(r.approved_at!).getTime());
      expect(s.submitted_at?.getTime()).toBe(new Date(r.submitted_at!).getTime());
      expect(s.approved_snapshot).toEqual(r.approved_snapshot);
      expect(JSON.stringify(s.approved_snapshot)).toBe(JSON.stringify(r.approved_snapshot));
      expect(s.approved_hash).toBe(r.approved_hash);
    }
    const mappings = await ctx.db.selectFrom('kommune_mapping').selectAll().where('tjeneste_id', '=', t.id).execute();
    for (const m of mappings) expect(state.matrix.mappings.get(m.kommunenummer)?.updatedAt.getTime()).toBe(new Date(m.updated_at as Date).getTime());
    const kommuner = await ctx.db
      .selectFrom('tjeneste_kommune')
      .select(['kommunenummer', 'navn', 'er_vertskommune'])
      .where('tjeneste_id', '=', t.id)
      .orderBy('er_vertskommune', 'desc')
      .orderBy('kommunenummer')
      .execute();
    expect(state.kommuner).toEqual(kommuner);
    const versions = await ctx.db.selectFrom('register_version').select(['register', 'version_no', 'created_at']).where('tjeneste_id', '=', t.id).execute();
    expect(state.registers.kontoplan?.version.createdAt.getTime()).toBe(new Date(versions.find((v) => v.register === 'kontoplan')!.created_at as Date).getTime());
    const audit = await ctx.db.selectFrom('audit_log').select(['id', 'at']).where('tjeneste_id', '=', t.id).execute();
    for (const c of state.changes) expect(c.at.getTime()).toBe(new Date(audit.find((a) => Number(a.id) === c.id)!.at as Date).getTime());
    expect(state.tjeneste).toMatchObject({ id: t.id, slug: t.slug });
  });

  it('when one kommune’s approval is computed alone, then it is exactly that kommune’s part of the whole tjeneste’s, shared ansvar included', async () => {
    const t = await createTjeneste(ctx.db);
    await prepareApprovedKodeverk(ctx.db, t);
    const regnskap = actorFor(t, t.users.regnskap);
    // Moskenes takes Flakstad's ansvar, marked as shared: each one's content names the other
    const r = await saveMapping(ctx.db, regnskap, '1874', {
      version: 1,
      ansvar: '7110',
      funksjon_i_hjemmet: '251',
      funksjon_utenfor_hjemmet: '252',
      funksjon_administrasjon: '244',
      orig_ansvar: '7120',
      orig_funksjon_i_hjemmet: '251',
      orig_funksjon_utenfor_hjemmet: '252',
      orig_funksjon_administrasjon: '244',
    });
    expect(r.ok).toBe(true);
    expect((await markDeltAnsvar(ctx.db, regnskap, { ansvar: '7110', begrunnelse: 'Felles barnevernleder' })).ok).toBe(true);

    // a fresh state each time, and one kommune first: nothing remembered from the whole tjeneste's computation
    const alone = new Map<string, ReturnType<typeof kommuneApprovalOf>>();
    for (const nr of ['1859', '1860', '1874']) alone.set(nr, kommuneApprovalOf(await loadKodeverkState(ctx.db, t.id), nr));
    const all = kommuneApprovalsOf(await loadKodeverkState(ctx.db, t.id));
    for (const [nr, a] of alone) {
      expect(a?.hash, nr).toBe(all.get(nr)!.hash);
      expect(a?.content).toEqual(all.get(nr)!.content);
      expect(a?.lines.length).toBe(all.get(nr)!.lines.length);
    }
    expect(alone.get('1874')?.content.deltAnsvar).toMatchObject({ ansvar: '7110', begrunnelse: 'Felles barnevernleder' });
    expect(kommuneApprovalOf(await loadKodeverkState(ctx.db, t.id), '9999')).toBeUndefined();
  });
});
