import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase } from '../support/db.ts';
import type { DatabaseHandle } from '../../server/platform/db/database.ts';
import { prepared } from '../../server/platform/db/prepared.ts';
import { readSessionWithPrincipal } from '../../server/auth/principal.repository.ts';
import { createTjeneste } from '../support/factories.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe('prepared queries', () => {
  it('when called with different arguments, then each call gets the rows the query built with those arguments would', async () => {
    const tj = await createTjeneste(handle.db);
    const byNr = prepared((db, tjenesteId: number, nr: string) =>
      db.selectFrom('tjeneste_kommune').select(['kommunenummer', 'navn']).where('tjeneste_id', '=', tjenesteId).where('kommunenummer', '=', nr),
    );
    for (const nr of ['1860', '1859', '9999']) {
      const direct = await handle.db.selectFrom('tjeneste_kommune').select(['kommunenummer', 'navn']).where('tjeneste_id', '=', tj.id).where('kommunenummer', '=', nr).execute();
      expect(await byNr(handle.db, tj.id, nr)).toEqual(direct);
    }
  });

  it('when an argument is not used as a value in the query, then it is refused instead of silently ignored', async () => {
    const wrong = prepared((db, _unused: string) => db.selectFrom('tjeneste').select('id'));
    await expect(wrong(handle.db, 'x')).rejects.toThrow(/not used as a value/);
  });
});

describe('reading sessions with the signed-in user', () => {
  it('when several sessions are read at once, then each gets its own data and user with memberships and revision; expired and unknown ones get nothing', async () => {
    const tj = await createTjeneste(handle.db);
    const later = new Date(Date.now() + 3_600_000);
    const rows = [
      { sid: `a-${tj.id}`, data: JSON.stringify({ userId: tj.users.godkjenner.id, csrfToken: 'A' }), expires_at: later },
      { sid: `b-${tj.id}`, data: JSON.stringify({ userId: tj.users.admin.id, csrfToken: 'B' }), expires_at: later },
      { sid: `anon-${tj.id}`, data: JSON.stringify({ csrfToken: 'C' }), expires_at: later },
      { sid: `old-${tj.id}`, data: JSON.stringify({ userId: tj.users.admin.id }), expires_at: new Date(Date.now() - 1000) },
    ];
    await handle.db.insertInto('app_session').values(rows).execute();
    const revision = Number((await handle.db.selectFrom('kodeverk_revision').select('revision').where('tjeneste_id', '=', tj.id).executeTakeFirst())?.revision ?? 0);

    const [a, b, anon, old, none] = await Promise.all([`a-${tj.id}`, `b-${tj.id}`, `anon-${tj.id}`, `old-${tj.id}`, 'finnes-ikke'].map((sid) => readSessionWithPrincipal(handle.db, sid)));
    expect(a?.data).toMatchObject({ csrfToken: 'A' });
    expect(a?.extra?.user).toEqual({ id: tj.users.godkjenner.id, email: tj.users.godkjenner.email, navn: tj.users.godkjenner.navn, mustChangePassword: false, installationAdmin: false });
    expect(a?.extra?.memberships).toEqual([{ id: tj.id, slug: tj.slug, navn: tj.navn, organisasjonsnummer: '123456785', regnskapsar: 2026, roles: ['godkjenner'], revision }]);
    expect(b?.extra?.user.id).toBe(tj.users.admin.id);
    expect(b?.extra?.memberships.map((m) => m.roles)).toEqual([['admin']]);
    expect(anon?.data).toMatchObject({ csrfToken: 'C' });
    expect(anon?.extra).toBeUndefined();
    expect(old).toBeUndefined();
    expect(none).toBeUndefined();
    await sql`delete from app_session where sid like ${`%-${tj.id}`}`.execute(handle.db);
  });
});
