import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';

/**
 * How many attempts each key allows before it slows down, and how far its backoff may grow. The tight limit is on one
 * account from one address (a guesser); the account alone gets a larger budget and a short cap, so guesses from many
 * addresses are slowed without locking the owner out; an address alone gets the largest budget (an office behind one
 * NAT address) and a long cap.
 */
export interface ThrottleRule {
  key: string;
  free: number;
  maxDelaySeconds: number;
}

export function loginRules(email: string, ip: string, maxAttempts: number): ThrottleRule[] {
  return [
    { key: `konto+adresse:${email}|${ip}`, free: maxAttempts, maxDelaySeconds: 15 * 60 },
    { key: `konto:${email}`, free: maxAttempts * 3, maxDelaySeconds: 60 },
    { key: `adresse:${ip}`, free: maxAttempts * 10, maxDelaySeconds: 15 * 60 },
  ];
}

/** Attempts older than this are forgotten: a key starts again with its free budget. */
const FORGET_AFTER_MINUTES = 15;

/** Each attempt past the free budget doubles the wait: 2 s, 4 s, 8 s … up to the rule's cap. */
function delaySeconds(attempts: number, rule: ThrottleRule): number {
  const over = attempts - rule.free;
  if (over < 0) return 0;
  return Math.min(2 ** Math.min(over + 1, 20), rule.maxDelaySeconds);
}

export type Charge = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Charges one attempt to every key before the password is checked, all or none, under row locks taken in key order:
 * of 40 parallel guesses exactly the free budget gets through, the rest are refused without being evaluated. A key
 * in backoff refuses until its time has come; the caller resets the account's keys after a correct password.
 */
export async function chargeAttempt(db: Db, rules: ThrottleRule[]): Promise<Charge> {
  const sorted = [...rules].sort((a, b) => a.key.localeCompare(b.key));
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('login_throttle')
      .values(sorted.map((r) => ({ key: r.key })))
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const rows = await trx
      .selectFrom('login_throttle')
      .select([
        'key',
        'attempts',
        sql<boolean>`last_at < now() - make_interval(mins => ${FORGET_AFTER_MINUTES})`.as('forgotten'),
        sql<number>`ceil(extract(epoch from (next_allowed_at - now())))::int`.as('wait'),
      ])
      .where(
        'key',
        'in',
        sorted.map((r) => r.key),
      )
      .orderBy('key')
      .forUpdate()
      .execute();
    const byKey = new Map(rows.map((r) => [r.key, r]));
    let wait = 0;
    for (const r of sorted) {
      const row = byKey.get(r.key)!;
      if (!row.forgotten && row.wait > 0) wait = Math.max(wait, row.wait);
    }
    if (wait > 0) return { ok: false, retryAfterSeconds: wait };
    for (const r of sorted) {
      const row = byKey.get(r.key)!;
      const attempts = (row.forgotten ? 0 : row.attempts) + 1;
      const delay = delaySeconds(attempts, r);
      await trx
        .updateTable('login_throttle')
        .set({ attempts, last_at: sql`now()`, next_allowed_at: sql`now() + make_interval(secs => ${delay})` })
        .where('key', '=', r.key)
        .execute();
    }
    return { ok: true };
  });
}

/**
 * A wrong password: the wait counts from now, when the answer goes out (the check itself takes a while), so the next
 * guess cannot be lined up to arrive as the wait set at the charge runs out.
 */
export async function extendBackoff(db: Db, rules: ThrottleRule[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const r of [...rules].sort((a, b) => a.key.localeCompare(b.key))) {
      const row = await trx.selectFrom('login_throttle').select('attempts').where('key', '=', r.key).forUpdate().executeTakeFirst();
      if (!row) continue;
      const delay = delaySeconds(row.attempts, r);
      if (delay > 0) {
        await trx
          .updateTable('login_throttle')
          .set({ next_allowed_at: sql`greatest(next_allowed_at, now() + make_interval(secs => ${delay}))` })
          .where('key', '=', r.key)
          .execute();
      }
    }
  });
}

/**
 * The right password: the account's own count and that of this address for it start afresh. Other addresses keep
 * theirs — a guesser elsewhere must not get a new budget each time the owner logs in — and so does the address alone.
 */
export async function resetAccount(db: Db, email: string, ip: string): Promise<void> {
  await db
    .deleteFrom('login_throttle')
    .where('key', 'in', [`konto:${email}`, `konto+adresse:${email}|${ip}`])
    .execute();
}

export async function purgeOldThrottles(db: Db): Promise<void> {
  await db.deleteFrom('login_throttle').where('last_at', '<', sql<Date>`now() - make_interval(mins => ${FORGET_AFTER_MINUTES})`).where('next_allowed_at', '<', sql<Date>`now()`).execute();
}
