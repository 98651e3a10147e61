import type { Db } from '../platform/db/database.ts';
import { TooManyRequestsError } from '../platform/http/errors.ts';
import { dummyVerify, verifyPassword } from './password.ts';
import { deleteSessionsOf, findPasswordHash, findUserByEmail, updatePasswordHash } from './user.repository.ts';
import { hashPassword } from './password.ts';
import { passwordProblem } from './password-policy.ts';
import { chargeAttempt, extendBackoff, loginRules, resetAccount } from './login-throttle.ts';
import { recordAudit } from '../audit/audit.repository.ts';

export class LoginThrottledError extends TooManyRequestsError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      retryAfterSeconds < 90
        ? `For mange mislykkede innlogginger. Vent ${retryAfterSeconds} sekunder og prøv igjen.`
        : `For mange mislykkede innlogginger. Vent ${Math.ceil(retryAfterSeconds / 60)} minutter og prøv igjen, eller be en administrator om nytt passord.`,
    );
  }
}

/**
 * Checks e-mail and password. Every attempt is charged first (login-throttle.ts: per account and address, per
 * account, per address, with backoff), so a guesser is slowed while the owner — from another address at once, from
 * the same one after a short wait — still gets in; the right password clears the account's count.
 */
export async function authenticate(db: Db, input: { email: string; password: string; ip: string }, maxAttempts: number) {
  const email = input.email.trim().toLowerCase();
  const rules = loginRules(email, input.ip, maxAttempts);
  const charged = await chargeAttempt(db, rules);
  if (!charged.ok) throw new LoginThrottledError(charged.retryAfterSeconds);
  const user = await findUserByEmail(db, email);
  const ok = user ? await verifyPassword(user.password_hash, input.password) : await dummyVerify(input.password);
  if (!user || !ok) {
    await extendBackoff(db, rules);
    return null;
  }
  await resetAccount(db, email, input.ip);
  await recordAudit(db, { tjenesteId: null, actor: { id: user.id, label: `${user.navn} <${user.email}>` }, action: 'innlogget', entity: 'bruker', entityId: user.id, summary: 'Logget inn' });
  return { id: user.id, email: user.email, navn: user.navn };
}

/**
 * «Bytt passord»: the current password is checked (a session left open on a shared PC must not be enough), the new
 * one must pass the policy and not be the user's name or e-mail; the user's other sessions end. Returns the field and
 * message of a refusal, or null when changed.
 */
export async function changeOwnPassword(
  db: Db,
  user: { id: number; email: string; navn: string },
  input: { gjeldende: string; nytt: string },
  keepSid: string,
): Promise<{ field: 'gjeldende' | 'nytt'; message: string } | null> {
  const hash = await findPasswordHash(db, user.id);
  if (!hash || !(await verifyPassword(hash, input.gjeldende))) return { field: 'gjeldende', message: 'Passordet du har nå, er ikke riktig.' };
  const problem = passwordProblem(input.nytt, { email: user.email, navn: user.navn });
  if (problem) return { field: 'nytt', message: problem };
  const newHash = await hashPassword(input.nytt);
  await db.transaction().execute(async (trx) => {
    await updatePasswordHash(trx, user.id, newHash, false);
    await deleteSessionsOf(trx, user.id, keepSid);
    await recordAudit(trx, { tjenesteId: null, actor: { id: user.id, label: `${user.navn} <${user.email}>` }, action: 'endret', entity: 'passord', entityId: user.id, summary: 'Byttet passord' });
  });
  return null;
}
