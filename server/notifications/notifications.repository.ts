import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { Role } from '../platform/roles.ts';

export interface Recipient {
  id: number;
  email: string;
  navn: string;
}

/** Members of the tjeneste with one of the roles, except those who turned the category off. */
export async function membersWithRole(db: Executor, tjenesteId: number, roles: readonly Role[], category: string): Promise<Recipient[]> {
  const rows = await db
    .selectFrom('membership as m')
    .innerJoin('app_user as u', 'u.id', 'm.user_id')
    .leftJoin('mail_preference as p', (j) => j.onRef('p.user_id', '=', 'u.id').on('p.category', '=', category))
    .select(['u.id', 'u.email', 'u.navn', 'm.roles', 'p.enabled'])
    .where('m.tjeneste_id', '=', tjenesteId)
    .orderBy('u.id')
    .execute();
  return rows.filter((r) => r.enabled !== false && r.roles.some((x) => roles.includes(x))).map(({ id, email, navn }) => ({ id, email, navn }));
}

/** One member (if still a member and the category is on). */
export async function member(db: Executor, tjenesteId: number, userId: number, category: string): Promise<Recipient | null> {
  const r = await db
    .selectFrom('membership as m')
    .innerJoin('app_user as u', 'u.id', 'm.user_id')
    .leftJoin('mail_preference as p', (j) => j.onRef('p.user_id', '=', 'u.id').on('p.category', '=', category))
    .select(['u.id', 'u.email', 'u.navn', 'p.enabled'])
    .where('m.tjeneste_id', '=', tjenesteId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
  return r && r.enabled !== false ? { id: r.id, email: r.email, navn: r.navn } : null;
}

/** Who last sent the kommune to approval: the audit log's entry of the sending (the review row keeps only a label). */
export async function lastSubmitter(db: Executor, tjenesteId: number, kommunenummer: string): Promise<number | null> {
  const r = await db
    .selectFrom('audit_log')
    .select('user_id')
    .where('tjeneste_id', '=', tjenesteId)
    .where('entity', '=', 'godkjenning')
    .where('action', '=', 'sendt')
    .where('entity_id', '=', kommunenummer)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.user_id ?? null;
}

export async function tjenesteOf(db: Executor, tjenesteId: number) {
  return db.selectFrom('tjeneste').select(['navn', 'slug']).where('id', '=', tjenesteId).executeTakeFirstOrThrow();
}

export interface OutboxRow {
  tjeneste_id: number;
  recipient_user_id: number;
  to_address: string;
  category: string;
  subject: string;
  body: string;
}
export async function insertOutbox(db: Executor, rows: readonly OutboxRow[]) {
  if (rows.length)
    await db
      .insertInto('mail_outbox')
      .values([...rows])
      .execute();
}

export async function listForUser(db: Executor, tjenesteId: number, userId: number, limit = 50) {
  return db
    .selectFrom('mail_outbox')
    .select(['id', 'category', 'subject', 'body', 'status', 'created_at', 'sent_at'])
    .where('tjeneste_id', '=', tjenesteId)
    .where('recipient_user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function listForTjeneste(db: Executor, tjenesteId: number, limit = 100) {
  return db
    .selectFrom('mail_outbox')
    .select(['id', 'to_address', 'category', 'subject', 'status', 'attempts', 'next_attempt_at', 'last_error', 'created_at', 'sent_at'])
    .where('tjeneste_id', '=', tjenesteId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function countByStatus(db: Executor, tjenesteId: number) {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tjeneste_id', '=', tjenesteId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>;
}

export async function preferencesOf(db: Executor, userId: number): Promise<Record<string, boolean>> {
  const rows = await db.selectFrom('mail_preference').select(['category', 'enabled']).where('user_id', '=', userId).execute();
  return Object.fromEntries(rows.map((r) => [r.category, r.enabled]));
}

export async function setPreferences(db: Executor, userId: number, prefs: Record<string, boolean>) {
  const rows = Object.entries(prefs).map(([category, enabled]) => ({ user_id: userId, category, enabled }));
  if (rows.length)
    await db
      .insertInto('mail_preference')
      .values(rows)
      .onConflict((oc) => oc.columns(['user_id', 'category']).doUpdateSet((eb) => ({ enabled: eb.ref('excluded.enabled') })))
      .execute();
}

/**
 * Takes up to `limit` due mails for sending: each gets a lease (next attempt pushed out) in the same statement, so
 * two instances never send one mail twice, and a crash mid-send only delays it to the lease's end.
 */
export async function claimDue(db: Executor, now: Date, leaseUntil: Date, limit: number) {
  return db
    .updateTable('mail_outbox')
    .set({ next_attempt_at: leaseUntil })
    .where('id', 'in', (eb) => eb.selectFrom('mail_outbox').select('id').where('status', '=', 'venter').where('next_attempt_at', '<=', now).orderBy('id').limit(limit).forUpdate().skipLocked())
    .returning(['id', 'to_address', 'subject', 'body', 'attempts', 'created_at'])
    .execute();
}

export async function markSent(db: Executor, id: number, at: Date) {
  await db.updateTable('mail_outbox').set({ status: 'sendt', sent_at: at, last_error: null, attempts: sql`attempts + 1` }).where('id', '=', id).execute();
}

export async function markFailed(db: Executor, id: number, attempts: number, next: Date | null, error: string) {
  await db
    .updateTable('mail_outbox')
    .set({ attempts, last_error: error.slice(0, 500), ...(next ? { next_attempt_at: next } : { status: 'feilet' as const }) })
    .where('id', '=', id)
    .execute();
}

export async function markStale(db: Executor, id: number) {
  await db.updateTable('mail_outbox').set({ status: 'foreldet' }).where('id', '=', id).execute();
}
