import type { Db } from '../platform/db/database.ts';
import { TooManyRequestsError } from '../platform/http/errors.ts';
import { dummyVerify, verifyPassword } from './password.ts';
import { findUserByEmail } from './user.repository.ts';
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
