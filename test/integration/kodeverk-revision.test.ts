import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste } from '../support/factories.ts';
import { seedRegisters } from '../support/registers.ts';
import { mapAllKommuner } from '../support/kodeverk.ts';
import { REVISION_TABLES as FIRST_REVISION_TABLES } from '../../migrations/2026-12-01T0900-kodeverk-revision.ts';
import { REVISION_TABLES as DELT_ANSVAR_TABLES } from '../../migrations/2026-12-01T1800-delt-ansvar.ts';
import { MEETING_REVISION_TABLES } from '../../migrations/2026-12-01T1700-meeting.ts';
import { REVISION_TABLES as FUNKSJON_PER_KATEGORI_TABLES } from '../../migrations/2026-12-01T2200-funksjon-per-kategori.ts';

// Later migrations that add a kodeverk table put it under the trigger themselves (the meeting's questions and
// agenda show on the Oversikt, which is cached by revision).
const REVISION_TABLES = [...FIRST_REVISION_TABLES, ...DELT_ANSVAR_TABLES, ...MEETING_REVISION_TABLES, ...FUNKSJON_PER_KATEGORI_TABLES];

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/**
 * Tables with a tjeneste_id that pages may show without being revision-tracked, and why. A new table must be added
 * to REVISION_TABLES (and get the trigger) or here: the page cache would otherwise show it stale.
 */
const NOT_TRACKED: Record<string, string> = {
  removed_kommune: 'kept rows of a removed kommune, read only by the admin pages that remove and add kommuner (not cached); restoring writes the tracked tables',
  membership: 'roles are read with the session on every request and are part of the page key',
  audit_log: 'the Endringslogg page is not cached; the Godkjenning page reads the entries of content changes (kodeverk/changes.ts), each written in the transaction of a change to a tracked table',
  membership_invitation: 'read only by the users page and the tjeneste choice page, neither cached',
  pending_import: 'import pages are not cached; progress changes too often to be worth it',
  column_mapping: 'read only by the import flow, which is not cached',
  value_mapping: 'value mappings chosen in the preview: read only by the import flow, which is not cached',
  kontoplan_scheme: 'the art scheme choice is read only by the import flow, which is not cached',
  kodeverk_revision: 'the revision itself',
  mail_outbox: 'mail waiting or sent: shown only on the Varsler pages, which are not cached',
};

const revisionOf = async (tjenesteId: number) => Number((await ctx.db.selectFrom('kodeverk_revision').select('revision').where('tjeneste_id', '=', tjenesteId).executeTakeFirst())?.revision ?? 0);

describe('kodeverk revision', () => {
  it('when a table has a tjeneste_id, then it is revision-tracked with the trigger, or listed as not tracked with a reason', async () => {
    const tables = await sql<{ table_name: string }>`select table_name from information_schema.columns where column_name = 'tjeneste_id' and table_schema = current_schema()`.execute(ctx.db);
    const withTjeneste = tables.rows.map((r) => r.table_name).sort();
    const tracked = new Set<string>(REVISION_TABLES);
    for (const t of withTjeneste) expect(tracked.has(t) || t in NOT_TRACKED, `${t} is neither revision-tracked nor listed as not tracked`).toBe(true);

    const triggers = await sql<{
      tgname: string;
      relname: string;
    }>`select t.tgname, c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid where t.tgname like '%_kodeverk_revision'`.execute(ctx.db);
    expect(triggers.rows.map((r) => r.relname).sort()).toEqual([...REVISION_TABLES].sort());
  });

  it('when anything a page shows is written, then the revision changes at commit, and a rolled-back write leaves it as it was', async () => {
    const tj = await createTjeneste(ctx.db);
    const seen = new Set<number>([await revisionOf(tj.id)]);
    const expectNew = async () => {
      const r = await revisionOf(tj.id);
      expect(seen.has(r), `revision ${r} was seen before`).toBe(false);
      seen.add(r);
    };
    await seedRegisters(ctx.db, tj.id);
    await expectNew();
    await mapAllKommuner(ctx.db, tj);
    await expectNew();
    await ctx.db.updateTable('tjeneste').set({ navn: 'Nytt navn' }).where('id', '=', tj.id).execute();
    await expectNew();
    await ctx.db.updateTable('tjeneste_kommune').set({ navn: 'Flakstad kommune' }).where('tjeneste_id', '=', tj.id).where('kommunenummer', '=', '1859').execute();
    await expectNew();
    await ctx.db.deleteFrom('kommune_mapping').where('tjeneste_id', '=', tj.id).where('kommunenummer', '=', '1874').execute();
    await expectNew();

    const before = await revisionOf(tj.id);
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await trx.updateTable('tjeneste').set({ navn: 'Angret' }).where('id', '=', tj.id).execute();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await revisionOf(tj.id)).toBe(before);
  });

  it('when another tjeneste changes, then this one keeps its revision; when a tjeneste is deleted, then nothing fails', async () => {
    const a = await createTjeneste(ctx.db);
    const b = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, a.id);
    const before = await revisionOf(a.id);
    await seedRegisters(ctx.db, b.id);
    await mapAllKommuner(ctx.db, b);
    expect(await revisionOf(a.id)).toBe(before);
    // a tjeneste with an audit trail cannot be deleted (the log is append-only); one without can, triggers and all
    const c = await createTjeneste(ctx.db);
    await seedRegisters(ctx.db, c.id);
    expect(await revisionOf(c.id)).toBeGreaterThan(0);
    await ctx.db.deleteFrom('tjeneste').where('id', '=', c.id).execute();
    expect(await ctx.db.selectFrom('kodeverk_revision').select('revision').where('tjeneste_id', '=', c.id).execute()).toEqual([]);
  });
});
