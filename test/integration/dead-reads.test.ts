import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failDeadReads, insertPendingImport } from '../../server/imports/import.repository.ts';
import { HEARTBEAT_MS, READ_INTERRUPTED } from '../../server/imports/import.service.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loginAgent } from '../support/agent.ts';
import { createTjeneste } from '../support/factories.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('reads left by a crashed process', () => {
  it('when the app starts and a read has had no heartbeat for two intervals, then it is marked failed with a message saying to upload again; a live read is left alone', async () => {
    const t = await createTjeneste(ctx.db);
    const dead = crypto.randomUUID();
    const live = crypto.randomUUID();
    for (const id of [dead, live]) {
      await insertPendingImport(ctx.db, {
        id,
        tjenesteId: t.id,
        register: 'kontoplan',
        fileName: 'k.csv',
        bytes: Buffer.from('Kode;Navn\n'),
        createdBy: t.users.regnskap.id,
        kontoplanVersionNo: null,
        expiresAt: new Date(Date.now() + 86_400_000),
      });
    }
    // the crashed read's last heartbeat was five minutes ago
    await ctx.db.updateTable('pending_import').set({ updated_at: sql<Date>`now() - interval '5 minutes'` }).where('id', '=', dead).execute();
    expect(await failDeadReads(ctx.db, 2 * HEARTBEAT_MS, READ_INTERRUPTED)).toBe(1);
    const rows = await ctx.db.selectFrom('pending_import').select(['id', 'status', 'failure']).where('tjeneste_id', '=', t.id).execute();
    expect(rows.find((r) => r.id === dead)).toMatchObject({ status: 'feilet', failure: READ_INTERRUPTED });
    expect(rows.find((r) => r.id === live)).toMatchObject({ status: 'leser' });
    const { agent } = await loginAgent(ctx.app, t.users.regnskap.email);
    const page = await agent.get(`/t/${t.slug}/import/opplasting/${dead}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Lesingen ble avbrutt');
    expect(page.text).not.toContain('Filen leses …');
  });
});
