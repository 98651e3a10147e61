import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../support/app.ts';
import { loginAgent } from '../support/agent.ts';
import { createTestDatabase } from '../support/db.ts';
import { createTjeneste, type TestTjeneste } from '../support/factories.ts';
import { mapAllKommuner } from '../support/kodeverk.ts';
import { seedRegisters } from '../support/registers.ts';
import type { DatabaseHandle } from '../../server/platform/db/database.ts';

// The process's caches (server/platform/cache.ts) key what they keep by the database as well as the tjeneste: two
// databases in one process (test files sharing a worker, an app re-created on another database) may both have
// tjeneste 1 at the same revision.
let a: DatabaseHandle;
let b: DatabaseHandle;
beforeAll(async () => {
  [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

async function filled(handle: DatabaseHandle, ansvar1859: string): Promise<TestTjeneste> {
  const tj = await createTjeneste(handle.db);
  await seedRegisters(handle.db, tj.id);
  await mapAllKommuner(handle.db, tj);
  // one write past every service in each database, so both end at the same revision
  await handle.db.updateTable('kommune_mapping').set({ ansvar: ansvar1859 }).where('tjeneste_id', '=', tj.id).where('kommunenummer', '=', '1859').execute();
  return tj;
}

const revisionOf = async (handle: DatabaseHandle, id: number) => (await handle.db.selectFrom('kodeverk_revision').select('revision').where('tjeneste_id', '=', id).executeTakeFirst())?.revision;

describe('caches and databases', () => {
  it('when two databases in one process have the same tjeneste id at the same revision, then each app shows its own kodeverk', async () => {
    const inA = await filled(a, '7120');
    const inB = await filled(b, '7100');
    // what would make one database's cache entry answer for the other's
    expect(inB.id).toBe(inA.id);
    expect(await revisionOf(b, inB.id)).toBe(await revisionOf(a, inA.id));

    const appA = buildApp(a.db);
    const appB = buildApp(b.db);
    const userA = await loginAgent(appA, inA.users.regnskap.email);
    const userB = await loginAgent(appB, inB.users.regnskap.email);
    const seenA = await userA.agent.get(`/t/${inA.slug}/kontering?kommune=1859`);
    const seenB = await userB.agent.get(`/t/${inB.slug}/kontering?kommune=1859`);
    expect(seenA.status).toBe(200);
    expect(seenB.status).toBe(200);
    expect(seenA.text).toMatch(/<code>\d+\.7120\.\d+<\/code>/);
    expect(seenB.text).toMatch(/<code>\d+\.7100\.\d+<\/code>/);
    expect(seenB.text).not.toMatch(/<code>\d+\.7120\.\d+<\/code>/);
    expect((await userB.agent.get(`/t/${inB.slug}/godkjenning`)).text).not.toContain(inA.navn);
  });
});
