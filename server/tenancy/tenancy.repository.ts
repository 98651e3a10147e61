import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { Role } from '../platform/roles.ts';

export async function countTjenester(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('tjeneste')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findTjeneste(db: Executor, tjenesteId: number) {
  return db.selectFrom('tjeneste').select(['id', 'slug', 'navn', 'regnskapsar']).where('id', '=', tjenesteId).executeTakeFirst();
}

export async function findTjenesteBySlug(db: Executor, slug: string) {
  return db.selectFrom('tjeneste').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function insertTjeneste(db: Executor, t: { slug: string; navn: string; organisasjonsnummer: string; regnskapsar: number }) {
  return db.insertInto('tjeneste').values(t).returningAll().executeTakeFirstOrThrow();
}

export async function updateTjeneste(db: Executor, id: number, t: { navn: string; organisasjonsnummer: string; regnskapsar: number }) {
  return db.updateTable('tjeneste').set(t).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function listKommuner(db: Executor, tjenesteId: number) {
  return db
    .selectFrom('tjeneste_kommune')
    .select(['kommunenummer', 'navn', 'er_vertskommune'])
    .where('tjeneste_id', '=', tjenesteId)
    .orderBy('er_vertskommune', 'desc')
    .orderBy('kommunenummer')
    .execute();
}

export async function insertKommuner(db: Executor, tjenesteId: number, kommuner: { kommunenummer: string; navn: string; er_vertskommune: boolean }[]) {
  if (kommuner.length === 0) return;
  await db
    .insertInto('tjeneste_kommune')
    .values(kommuner.map((k) => ({ tjeneste_id: tjenesteId, ...k })))
    .execute();
}

export async function deleteKommune(db: Executor, tjenesteId: number, kommunenummer: string) {
  const r = await db.deleteFrom('tjeneste_kommune').where('tjeneste_id', '=', tjenesteId).where('kommunenummer', '=', kommunenummer).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function setVertskommune(db: Executor, tjenesteId: number, kommunenummer: string) {
  await db.updateTable('tjeneste_kommune').set({ er_vertskommune: false }).where('tjeneste_id', '=', tjenesteId).execute();
  await db.updateTable('tjeneste_kommune').set({ er_vertskommune: true }).where('tjeneste_id', '=', tjenesteId).where('kommunenummer', '=', kommunenummer).execute();
}

export async function listMembers(db: Executor, tjenesteId: number) {
  return db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select(['app_user.id', 'app_user.email', 'app_user.navn', 'membership.roles'])
    .where('membership.tjeneste_id', '=', tjenesteId)
    .orderBy('app_user.navn')
    .execute();
}

export async function findMember(db: Executor, tjenesteId: number, userId: number) {
  return db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select(['app_user.id', 'app_user.email', 'app_user.navn', 'membership.roles'])
    .where('membership.tjeneste_id', '=', tjenesteId)
    .where('membership.user_id', '=', userId)
    .executeTakeFirst();
}

export async function upsertMembership(db: Executor, tjenesteId: number, userId: number, roles: Role[]) {
  await db
    .insertInto('membership')
    .values({ tjeneste_id: tjenesteId, user_id: userId, roles })
    .onConflict((oc) => oc.columns(['tjeneste_id', 'user_id']).doUpdateSet({ roles }))
    .execute();
}

export async function deleteMembership(db: Executor, tjenesteId: number, userId: number) {
  await db.deleteFrom('membership').where('tjeneste_id', '=', tjenesteId).where('user_id', '=', userId).execute();
}

export async function countAdmins(db: Executor, tjenesteId: number): Promise<number> {
  const row = await db
    .selectFrom('membership')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tjeneste_id', '=', tjenesteId)
    .where((eb) => eb(eb.val('admin'), '=', eb.fn.any('roles')))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- Invitations (an account's owner accepts them after logging in) ----

export async function upsertInvitation(db: Executor, i: { tjenesteId: number; userId: number; navn: string; roles: Role[]; invitedBy: number; invitedByLabel: string }) {
  const values = { navn: i.navn, roles: i.roles, invited_by: i.invitedBy, invited_by_label: i.invitedByLabel, created_at: new Date() };
  await db
    .insertInto('membership_invitation')
    .values({ tjeneste_id: i.tjenesteId, user_id: i.userId, ...values })
    .onConflict((oc) => oc.columns(['tjeneste_id', 'user_id']).doUpdateSet(values))
    .execute();
}

/** The admin's view: the e-mail asked for and the name the admin typed, never the account's own name. */
export async function listInvitations(db: Executor, tjenesteId: number) {
  return db
    .selectFrom('membership_invitation as i')
    .innerJoin('app_user as u', 'u.id', 'i.user_id')
    .select(['i.user_id', 'u.email', 'i.navn', 'i.roles', 'i.invited_by_label', 'i.created_at'])
    .where('i.tjeneste_id', '=', tjenesteId)
    .orderBy('i.created_at')
    .execute();
}

/** The invitee's view: the tjenester that have invited them. */
export async function listInvitationsForUser(db: Executor, userId: number) {
  return db
    .selectFrom('membership_invitation as i')
    .innerJoin('tjeneste as t', 't.id', 'i.tjeneste_id')
    .select(['i.tjeneste_id', 't.navn as tjeneste_navn', 't.slug', 'i.roles', 'i.invited_by_label', 'i.created_at'])
    .where('i.user_id', '=', userId)
    .orderBy('t.navn')
    .execute();
}

export async function hasInvitations(db: Executor, userId: number): Promise<boolean> {
  return !!(await db.selectFrom('membership_invitation').select('user_id').where('user_id', '=', userId).limit(1).executeTakeFirst());
}

export async function takeInvitation(db: Executor, tjenesteId: number, userId: number) {
  return db.deleteFrom('membership_invitation').where('tjeneste_id', '=', tjenesteId).where('user_id', '=', userId).returning(['navn', 'roles', 'invited_by_label']).executeTakeFirst();
}

/** Who was given the godkjenner role, newest first (audit entries written by tenancy.service). */
export async function listGodkjennerGrants(db: Executor, tjenesteId: number, limit: number) {
  return db
    .selectFrom('audit_log')
    .select(['id', 'at', 'user_label', 'summary'])
    .where('tjeneste_id', '=', tjenesteId)
    .where('entity', '=', 'bruker')
    .where('action', '=', 'godkjenner')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * The account with this e-mail, made with the given name and password hash when there is none. `on conflict do
 * nothing` so two admins inviting the same new e-mail at once both get the one account instead of an error.
 */
export async function findOrCreateAccount(db: Executor, u: { email: string; navn: string; passwordHash: string }): Promise<{ id: number; email: string }> {
  const email = u.email.trim().toLowerCase();
  // the admin chose the start password: the owner replaces it at the first login
  const made = await db
    .insertInto('app_user')
    .values({ email, navn: u.navn, password_hash: u.passwordHash, must_change_password: true })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning(['id', 'email'])
    .executeTakeFirst();
  return made ?? (await db.selectFrom('app_user').select(['id', 'email']).where('email', '=', email).executeTakeFirstOrThrow());
}

/**
 * Serialises the changes that can take a tjeneste's last admin away (role change, removal), per tjeneste, until the
 * transaction ends: two admins removing each other at once would otherwise each count the other still there and
 * leave none. An advisory lock rather than a lock on the tjeneste row, so nothing else that touches that row waits.
 */
export async function lockAdminChanges(trx: Executor, tjenesteId: number): Promise<void> {
  // 7741: this lock's own namespace (the first key), the tjeneste the second
  await sql`select pg_advisory_xact_lock(7741, ${tjenesteId}::int)`.execute(trx);
}

/** How many tjenester an account is a member of (an admin may set a start password only for an account that is theirs alone). */
export async function countMembershipsOf(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('membership')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
