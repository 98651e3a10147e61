import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Executor } from '../platform/db/database.ts';
import { prepared } from '../platform/db/prepared.ts';
import { batched } from '../platform/db/batch.ts';
import type { SessionReader } from '../platform/http/session.ts';
import type { CurrentTenant, CurrentUser } from '../platform/http/context.ts';

/** Who is signed in: the user and every membership they hold, each with the tjeneste's current kodeverk revision. */
export interface Principal {
  user: CurrentUser;
  memberships: CurrentTenant[];
}

// the memberships of the user row aliased `u` in the surrounding query
const membershipsOf = (db: Executor) =>
  jsonArrayFrom(
    db
      .selectFrom('membership as m')
      .innerJoin('tjeneste as t', 't.id', 'm.tjeneste_id')
      .leftJoin('kodeverk_revision as r', 'r.tjeneste_id', 't.id')
      .select(['t.id', 't.slug', 't.navn', 't.organisasjonsnummer', 't.regnskapsar', 'm.roles'])
      .select((e) => e.fn.coalesce('r.revision', e.lit(0)).as('revision'))
      .where('m.user_id', '=', sql.ref<number>('u.id'))
      .orderBy('t.id'),
  ).as('memberships');

type Row = { id: number | null; email: string | null; navn: string | null; must_change_password: boolean | null; installation_admin: boolean | null; memberships: CurrentTenant[] | null };
const principalOf = (row: Row): Principal | undefined =>
  row.id === null || row.email === null || row.navn === null
    ? undefined
    : {
        user: { id: row.id, email: row.email, navn: row.navn, mustChangePassword: row.must_change_password === true, installationAdmin: row.installation_admin === true },
        memberships: (row.memberships ?? []).map((m) => ({ ...m, revision: Number(m.revision) })),
      };

// every page reads them: compiled once (prepared.ts)
const sessionsWithUser = prepared((db: Executor, sids: string[]) =>
  db
    .selectFrom('app_session as s')
    .leftJoin('app_user as u', (j) => j.on('u.id', '=', sql<number>`(s.data->>'userId')::int`))
    .select(['s.sid', 's.data', 'u.id', 'u.email', 'u.navn', 'u.must_change_password', 'u.installation_admin'])
    .select(membershipsOf(db))
    .where('s.sid', '=', (eb) => eb.fn.any(eb.val(sids)))
    .where('s.expires_at', '>', sql<Date>`now()`),
);
const userById = prepared((db: Executor, userId: number) =>
  db.selectFrom('app_user as u').select(['u.id', 'u.email', 'u.navn', 'u.must_change_password', 'u.installation_admin']).select(membershipsOf(db)).where('u.id', '=', userId),
);

type SessionRow = Awaited<ReturnType<typeof sessionsWithUser>>[number];
// One batch reader per database handle (tests run several), held only as long as the handle. It keeps no data: it joins
// the session reads of one turn of the event loop into one query. Measured (bench/http.bench.ts, 50 connections): with a
// reader per request instead, every page cost ~2.5 ms of server CPU instead of ~1 ms and fell to 0.07–0.09 of the
// baseline's req/s, below the 0.25 target.
const readers = new WeakMap<Executor, (sid: string) => Promise<SessionRow | undefined>>();

/**
 * The session store's read: the session and, in the same round trip, the signed-in user (auth.middleware uses it).
 * The sessions asked for in one turn of the event loop are read together (batch.ts).
 */
export const readSessionWithPrincipal: SessionReader<Principal> = async (db, sid) => {
  let read = readers.get(db);
  if (!read) {
    read = batched(async (sids: string[]) => new Map((await sessionsWithUser(db, sids)).map((r) => [r.sid, r])));
    readers.set(db, read);
  }
  const row = await read(sid);
  return row ? { data: row.data, extra: principalOf(row) } : undefined;
};

/** The user and their memberships by id, when the session read did not bring them. */
export async function findPrincipal(db: Executor, userId: number): Promise<Principal | undefined> {
  const [row] = await userById(db, userId);
  return row ? principalOf(row) : undefined;
}
