import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../server/audit/audit.repository.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste } from '../support/factories.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** A final export row as the export service stores it (the trigger looks at nothing but the operation). */
async function finalExport(tjenesteId: number, exportNo: number) {
  return ctx.db
    .insertInto('kodeverk_export')
    .values({
      tjeneste_id: tjenesteId,
      export_no: exportNo,
      content_hash: 'h',
      file_name: `kodeverk-${exportNo}.zip`,
      zip_sha256: 's',
      zip: Buffer.from('zip'),
      document: JSON.stringify({}),
      created_by: null,
      created_by_label: 'test',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

describe('immutability at the database level', () => {
  it('when a final export is deleted or the table truncated, then the database refuses and the export and its number stay', async () => {
    const t = await createTjeneste(ctx.db);
    const e = await finalExport(t.id, 1);
    await expect(ctx.db.deleteFrom('kodeverk_export').where('id', '=', e.id).execute()).rejects.toThrow(/append-only: delete is refused/);
    await expect(sql`truncate kodeverk_export`.execute(ctx.db)).rejects.toThrow(/append-only: truncate is refused/);
    await expect(sql`truncate tjeneste cascade`.execute(ctx.db)).rejects.toThrow(/append-only/);
    // deleting the tjeneste would cascade to its exports: refused as well
    await expect(ctx.db.deleteFrom('tjeneste').where('id', '=', t.id).execute()).rejects.toThrow(/append-only/);
    // the number cannot be taken again
    await expect(finalExport(t.id, 1)).rejects.toThrow();
    const left = await ctx.db.selectFrom('kodeverk_export').select(['export_no']).where('tjeneste_id', '=', t.id).execute();
    expect(left).toEqual([{ export_no: 1 }]);
  });

  it('when the audit log is truncated, then the database refuses and every entry stays', async () => {
    const t = await createTjeneste(ctx.db);
    await recordAudit(ctx.db, { tjenesteId: t.id, actor: null, action: 'opprettet', entity: 'kommune', entityId: '1860', summary: 'test' });
    const count = async () =>
      (
        await ctx.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = Number(await count());
    expect(before).toBeGreaterThan(0);
    await expect(sql`truncate audit_log`.execute(ctx.db)).rejects.toThrow(/append-only: truncate is refused/);
    await expect(ctx.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    expect(Number(await count())).toBe(before);
  });
});
