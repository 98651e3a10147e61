import { sql } from 'kysely';
import type { Db, Executor, Trx } from '../platform/db/database.ts';
import type { Role } from '../platform/roles.ts';
import type { Actor } from '../platform/http/context.ts';
import { ConflictError, NotFoundError, BadRequestError } from '../platform/http/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { requirePermission, type Member } from '../auth/permissions.ts';
import { hashPassword } from '../auth/password.ts';
import { deleteSessionsOf, findUserByEmail, insertUser, updatePasswordHash } from '../auth/user.repository.ts';
import { findKommune } from '../reference/kommuner.ts';
import * as repo from './tenancy.repository.ts';
import { archiveKommune, restoreKommune } from './kommune-archive.repository.ts';
import type { SetupInput } from './tenancy.schemas.ts';

const actorRef = (a: Actor) => ({ id: a.userId, label: a.label });

// The reads other capabilities make of the tjeneste, its kommuner and members, in their own transaction: tenancy's
// contract, so its repository stays its own.
export { findTjeneste, findTjenesteBySlug, listGodkjennerGrants, listInvitations, listKommuner, listMembers } from './tenancy.repository.ts';

export async function isSetupDone(db: Db): Promise<boolean> {
  return (await repo.countTjenester(db)) > 0;
}

export interface NewTjeneste {
  slug: string;
  navn: string;
  organisasjonsnummer: string;
  regnskapsar: number;
  vertskommune: string;
  deltakerkommuner: string[];
}

function kommuneRows(t: NewTjeneste) {
  return [t.vertskommune, ...t.deltakerkommuner].map((nr) => {
    const k = findKommune(nr);
    if (!k) throw new BadRequestError(`Ukjent kommunenummer ${nr}.`);
    return { kommunenummer: k.kommunenummer, navn: k.navn, er_vertskommune: nr === t.vertskommune };
  });
}

/** The first admin of a new tjeneste: an existing account (found by e-mail) or a new one with this password. */
export interface FirstAdmin {
  navn: string;
  email: string;
  password: string;
  roles?: Role[];
  /** the password was chosen by someone else (a start password), so the owner replaces it at first login */
  mustChangePassword?: boolean;
}

/**
 * Creates a tjeneste with its kommuner and an administrator in one transaction.
 * `onlyIfFirst` makes it the first-run setup: refused once any tjeneste exists (also under a race).
 * `installationAdmin` gives the first admin the right to create further tjenester (the first-run setup does);
 * `actor` is who created it when that is not the first admin (an installation admin; null from the command line).
 */
export async function createTjenesteWithAdmin(db: Db, t: NewTjeneste, admin: FirstAdmin, opts: { onlyIfFirst: boolean; installationAdmin?: boolean; actor?: { id: number; label: string } | null }) {
  const passwordHash = await hashPassword(admin.password);
  return db.transaction().execute(async (trx) => {
    if (opts.onlyIfFirst) {
      await sql`lock table tjeneste in share row exclusive mode`.execute(trx);
      if ((await repo.countTjenester(trx)) > 0) throw new NotFoundError();
    }
    if (await repo.findTjenesteBySlug(trx, t.slug)) throw new ConflictError(`Kortnavnet «${t.slug}» er allerede i bruk. Velg et annet.`, 'slug_taken');
    const tjeneste = await repo.insertTjeneste(trx, { slug: t.slug, navn: t.navn, organisasjonsnummer: t.organisasjonsnummer, regnskapsar: t.regnskapsar });
    await repo.insertKommuner(trx, tjeneste.id, kommuneRows(t));
    const existing = await findUserByEmail(trx, admin.email);
    const user = existing ?? (await insertUser(trx, { email: admin.email, navn: admin.navn, passwordHash, mustChangePassword: admin.mustChangePassword ?? false }));
    await repo.upsertMembership(trx, tjeneste.id, user.id, admin.roles ?? ['admin']);
    if (opts.installationAdmin) await trx.updateTable('app_user').set({ installation_admin: true }).where('id', '=', user.id).execute();
    const actor = opts.actor === undefined ? { id: user.id, label: `${user.navn} <${user.email}>` } : opts.actor;
    await recordAudit(trx, {
      tjenesteId: tjeneste.id,
      actor,
      action: 'opprettet',
      entity: 'tjeneste',
      entityId: tjeneste.id,
      summary: `Opprettet ${t.navn} med ${t.deltakerkommuner.length + 1} kommuner${actor === null ? ' fra kommandolinjen' : ''}, med ${user.email} som administrator`,
      after: { ...t, administrator: user.email },
    });
    return { tjeneste, user, accountCreated: !existing };
  });
}

export async function setupFirstTjeneste(db: Db, input: SetupInput) {
  return createTjenesteWithAdmin(
    db,
    { slug: input.slug, navn: input.navn, organisasjonsnummer: input.organisasjonsnummer, regnskapsar: input.regnskapsar, vertskommune: input.vertskommune, deltakerkommuner: input.deltakerkommuner },
    { navn: input.admin_navn, email: input.admin_email, password: input.admin_passord },
    // whoever sets up the installation may create its further tjenester (#14 item 17)
    { onlyIfFirst: true, installationAdmin: true },
  );
}

/**
 * Changes the tjeneste's navn, organisasjonsnummer and regnskapsår in the caller's transaction, logged; returns the
 * row before and after, so the caller follows a changed year (regnskapsar.service.ts, updateTjeneste).
 */
export async function changeTjeneste(trx: Trx, actor: Actor, input: { navn: string; organisasjonsnummer: string; regnskapsar: number }) {
  requirePermission(actor, 'administer');
  // locked: the year the KOSTRA arts are re-derived from must be the one this change replaces (a copy to next year locks it too)
  const before = await trx.selectFrom('tjeneste').select(['navn', 'organisasjonsnummer', 'regnskapsar']).where('id', '=', actor.tjenesteId).forUpdate().executeTakeFirstOrThrow();
  const after = await repo.updateTjeneste(trx, actor.tjenesteId, input);
  await recordAudit(trx, {
    tjenesteId: actor.tjenesteId,
    actor: actorRef(actor),
    action: 'endret',
    entity: 'tjeneste',
    entityId: actor.tjenesteId,
    summary: 'Endret tjenestens opplysninger',
    before,
    after: input,
  });
  return { before, after };
}

export async function addKommune(db: Db, actor: Actor, kommunenummer: string) {
  requirePermission(actor, 'administer');
  const k = findKommune(kommunenummer);
  if (!k) throw new BadRequestError('Ukjent kommunenummer.');
  await db.transaction().execute(async (trx) => {
    const existing = await repo.listKommuner(trx, actor.tjenesteId);
    if (existing.some((e) => e.kommunenummer === k.kommunenummer)) throw new ConflictError(`${k.navn} er allerede med i tjenesten.`, 'kommune_exists');
    await repo.insertKommuner(trx, actor.tjenesteId, [{ kommunenummer: k.kommunenummer, navn: k.navn, er_vertskommune: existing.length === 0 }]);
    // added again after a removal: what was set up for it comes back (its approval to be given again)
    const kept = await restoreKommune(trx, actor.tjenesteId, k.kommunenummer);
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: actorRef(actor),
      action: 'opprettet',
      entity: 'kommune',
      entityId: k.kommunenummer,
      summary: kept ? `La til ${k.kommunenummer} ${k.navn} igjen (tilknytning og innstillinger fra før den ble fjernet er hentet tilbake)` : `La til ${k.kommunenummer} ${k.navn}`,
      after: k,
    });
    if (kept?.mapping || kept?.review) {
      // counted as a change of the kommune's own content (kodeverk/changes.ts), so the godkjenner sees why the approval is stale
      await recordAudit(trx, {
        tjenesteId: actor.tjenesteId,
        actor: actorRef(actor),
        action: 'gjenopprettet',
        entity: 'tilknytning',
        entityId: k.kommunenummer,
        summary: `${k.navn} ble fjernet fra tjenesten ${formatDate(kept.removed_at)} og er lagt til igjen: tilknytningen er hentet tilbake, og godkjenningen må gis på nytt.`,
        after: kept.mapping,
      });
    }
  });
}

const formatDate = (d: Date | string) => new Intl.DateTimeFormat('nb-NO', { dateStyle: 'short', timeZone: 'Europe/Oslo' }).format(new Date(d));

export async function removeKommune(db: Db, actor: Actor, kommunenummer: string) {
  requirePermission(actor, 'administer');
  await db.transaction().execute(async (trx) => {
    const kommuner = await repo.listKommuner(trx, actor.tjenesteId);
    const k = kommuner.find((x) => x.kommunenummer === kommunenummer);
    if (!k) throw new NotFoundError();
    if (k.er_vertskommune) throw new ConflictError('Vertskommunen kan ikke fjernes. Gjør en annen kommune til vertskommune først.', 'vert_required');
    // kept, not lost: its tilknytning, review and posting settings come back if it is added again
    await archiveKommune(trx, actor.tjenesteId, kommunenummer, k.navn, actor.label);
    await repo.deleteKommune(trx, actor.tjenesteId, kommunenummer);
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: actorRef(actor),
      action: 'slettet',
      entity: 'kommune',
      entityId: kommunenummer,
      summary: `Fjernet ${k.kommunenummer} ${k.navn} (tilknytning, godkjenning og innstillinger er tatt vare på)`,
      before: k,
    });
  });
}

export async function makeVertskommune(db: Db, actor: Actor, kommunenummer: string) {
  requirePermission(actor, 'administer');
  await db.transaction().execute(async (trx) => {
    const kommuner = await repo.listKommuner(trx, actor.tjenesteId);
    const k = kommuner.find((x) => x.kommunenummer === kommunenummer);
    if (!k) throw new NotFoundError();
    const before = kommuner.find((x) => x.er_vertskommune);
    await repo.setVertskommune(trx, actor.tjenesteId, kommunenummer);
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: actorRef(actor),
      action: 'endret',
      entity: 'kommune',
      entityId: kommunenummer,
      summary: `${k.navn} er nå vertskommune`,
      before: { vertskommune: before?.kommunenummer ?? null },
      after: { vertskommune: kommunenummer },
    });
  });
}

const ROLE_NAMES: Record<Role, string> = { admin: 'administrator', regnskap: 'lønn og regnskap', godkjenner: 'godkjenner', lesetilgang: 'lesetilgang' };
const roleNames = (roles: readonly Role[]) => roles.map((r) => ROLE_NAMES[r]).join(', ');

/**
 * «Legg til bruker» is an invitation, whether or not the e-mail already has an account (#13 item 3): the account's
 * owner accepts it after logging in, so an admin can neither take over an account of another tjeneste nor learn that
 * it exists. The answer, the audit entry and the member list are the same either way; the name shown to the admin
 * is the one they typed. A new account gets the start password; an existing one keeps its own password, untouched.
 * The password is hashed in both cases, so the time taken does not tell either.
 */
export async function inviteMember(db: Db, actor: Actor, input: { navn: string; email: string; roller: Role[]; passord: string }) {
  requirePermission(actor, 'administer');
  const passwordHash = await hashPassword(input.passord);
  await db.transaction().execute(async (trx) => {
    const user = await repo.findOrCreateAccount(trx, { email: input.email, navn: input.navn, passwordHash });
    if (await repo.findMember(trx, actor.tjenesteId, user.id)) throw new ConflictError(`${input.email} er allerede bruker i tjenesten. Endre rollene i listen under.`, 'member_exists');
    await repo.upsertInvitation(trx, { tjenesteId: actor.tjenesteId, userId: user.id, navn: input.navn, roles: input.roller, invitedBy: actor.userId, invitedByLabel: actor.label });
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: actorRef(actor),
      action: 'invitert',
      entity: 'invitasjon',
      entityId: input.email,
      summary: `Inviterte ${input.email} med roller ${roleNames(input.roller)}`,
      after: { email: input.email, roller: input.roller },
    });
  });
}

export async function withdrawInvitation(db: Db, actor: Actor, userId: number): Promise<boolean> {
  requirePermission(actor, 'administer');
  return db.transaction().execute(async (trx) => {
    const email = (await repo.listInvitations(trx, actor.tjenesteId)).find((i) => i.user_id === userId)?.email;
    const taken = await repo.takeInvitation(trx, actor.tjenesteId, userId);
    if (!taken || !email) return false;
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: actorRef(actor),
      action: 'slettet',
      entity: 'invitasjon',
      entityId: email,
      summary: `Trakk tilbake invitasjonen til ${email}`,
      before: { email, roller: taken.roles },
    });
    return true;
  });
}

/** The signed-in user answers an invitation to a tjeneste: accepting makes them a member with the invited roles. */
export async function answerInvitation(db: Db, user: { id: number; email: string; navn: string }, tjenesteId: number, accept: boolean) {
  return db.transaction().execute(async (trx) => {
    const invitation = await repo.takeInvitation(trx, tjenesteId, user.id);
    if (!invitation) throw new NotFoundError();
    const tjeneste = await trx.selectFrom('tjeneste').select(['slug', 'navn']).where('id', '=', tjenesteId).executeTakeFirstOrThrow();
    const me = { id: user.id, label: `${user.navn} <${user.email}>` };
    if (!accept) {
      await recordAudit(trx, { tjenesteId, actor: me, action: 'avslått', entity: 'invitasjon', entityId: user.email, summary: `${user.email} avslo invitasjonen` });
      return { tjeneste, accepted: false };
    }
    await repo.upsertMembership(trx, tjenesteId, user.id, invitation.roles);
    await recordAudit(trx, {
      tjenesteId,
      actor: me,
      action: 'godtatt',
      entity: 'invitasjon',
      entityId: user.email,
      summary: `${user.email} godtok invitasjonen fra ${invitation.invited_by_label} med roller ${roleNames(invitation.roles)}`,
      after: { email: user.email, roller: invitation.roles },
    });
    if (invitation.roles.includes('godkjenner')) await recordGodkjennerGrant(trx, tjenesteId, me, `${user.email} ble godkjenner ved å godta invitasjonen fra ${invitation.invited_by_label}`);
    return { tjeneste, accepted: true };
  });
}

/**
 * Giving someone the godkjenner role lets them approve what others did, so it gets its own audit entry, and the
 * admins' user page lists these (four-eyes is only as good as who holds the role).
 */
async function recordGodkjennerGrant(trx: Executor, tjenesteId: number, actor: { id: number; label: string }, summary: string) {
  await recordAudit(trx, { tjenesteId, actor, action: 'godkjenner', entity: 'bruker', summary });
}

export async function changeRoles(db: Db, actor: Actor, userId: number, roles: Role[]) {
  requirePermission(actor, 'administer');
  await db.transaction().execute(async (trx) => {
    await repo.lockAdminChanges(trx, actor.tjenesteId);
    const member = await repo.findMember(trx, actor.tjenesteId, userId);
    if (!member) throw new NotFoundError();
    await repo.upsertMembership(trx, actor.tjenesteId, userId, roles);
    if ((await repo.countAdmins(trx, actor.tjenesteId)) === 0) throw new ConflictError('Tjenesten må ha minst én administrator.', 'last_admin');
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: actorRef(actor),
      action: 'endret',
      entity: 'bruker',
      entityId: userId,
      summary: `Endret roller for ${member.email}`,
      before: { roller: member.roles },
      after: { roller: roles },
    });
    if (roles.includes('godkjenner') && !member.roles.includes('godkjenner')) await recordGodkjennerGrant(trx, actor.tjenesteId, actorRef(actor), `${actor.label} ga ${member.email} godkjennerrollen`);
  });
}

export async function removeMember(db: Db, actor: Actor, userId: number) {
  requirePermission(actor, 'administer');
  await db.transaction().execute(async (trx) => {
    await repo.lockAdminChanges(trx, actor.tjenesteId);
    const member = await repo.findMember(trx, actor.tjenesteId, userId);
    if (!member) throw new NotFoundError();
    await repo.deleteMembership(trx, actor.tjenesteId, userId);
    if ((await repo.countAdmins(trx, actor.tjenesteId)) === 0) throw new ConflictError('Tjenesten må ha minst én administrator.', 'last_admin');
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: actorRef(actor),
      action: 'slettet',
      entity: 'bruker',
      entityId: userId,
      summary: `Fjernet ${member.email} fra tjenesten`,
      before: { email: member.email, roller: member.roles },
    });
  });
}

/** The names of the tjeneste's members a permission lets do something («who can export?»), for telling others whom to ask. */
export async function membersWho(db: Executor, tjenesteId: number, can: (m: Member) => boolean): Promise<string[]> {
  return (await repo.listMembers(db, tjenesteId)).filter((m) => can({ userId: m.id, roles: m.roles as Role[] })).map((m) => m.navn);
}

/**
 * «Sett nytt startpassord»: an admin gives a member who forgot theirs a start password, to be replaced at the next
 * login; the member's sessions end. Only for an account that belongs to this tjeneste alone: no admin may set the
 * password of an account that is used elsewhere (the takeover the invitations were made to prevent), and not one's own
 * (that is «Bytt passord», which asks for the current one).
 */
export async function setStartPassword(db: Db, actor: Actor, userId: number, password: string) {
  requirePermission(actor, 'administer');
  if (userId === actor.userId) throw new BadRequestError('Ditt eget passord bytter du under «Bytt passord» øverst på siden.', 'own_password');
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const member = await repo.findMember(trx, actor.tjenesteId, userId);
    if (!member) throw new NotFoundError();
    if ((await repo.countMembershipsOf(trx, userId)) > 1) {
      throw new ConflictError(
        `${member.email} bruker kontoen sin også andre steder, så du kan ikke sette passordet. Be brukeren bytte det selv under «Bytt passord», eller ta kontakt med den som administrerer appen.`,
        'account_shared',
      );
    }
    await updatePasswordHash(trx, userId, hash, true);
    await deleteSessionsOf(trx, userId, null);
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: actorRef(actor),
      action: 'endret',
      entity: 'bruker',
      entityId: userId,
      summary: `Satte nytt startpassord for ${member.email} (må byttes ved neste innlogging)`,
    });
  });
}
