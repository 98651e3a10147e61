import type { Db } from '../platform/db/database.ts';
import { TooManyRequestsError } from '../platform/http/errors.ts';
import { dummyVerify, verifyPassword } from './password.ts';
import { clearLoginFailures, countRecentLoginFailures, findUserByEmail, recordLoginFailure } from './user.repository.ts';
import { recordAudit } from '../audit/audit.repository.ts';

const WINDOW_MINUTES = 15;

/**
 * Checks e-mail and password. Failed attempts are counted in the database (per e-mail and per client address,
 * so several app instances share the limit) and block further attempts for 15 minutes.
 */
export async function authenticate(db: Db, input: { email: string; password: string; ip: string }, maxAttempts: number) {
  const email = input.email.trim().toLowerCase();
  const keys = [`email:${email}`, `ip:${input.ip}`];
  // One address may serve a whole office behind NAT, so it gets a larger budget than one e-mail.
  const [byEmail, byIp] = await Promise.all([
    countRecentLoginFailures(db, [keys[0]!], WINDOW_MINUTES),
    countRecentLoginFailures(db, [keys[1]!], WINDOW_MINUTES),
  ]);
  if (byEmail >= maxAttempts || byIp >= maxAttempts * 5) {
    throw new TooManyRequestsError(`For mange mislykkede innlogginger. Vent ${WINDOW_MINUTES} minutter og prøv igjen, eller be en administrator om nytt passord.`);
  }
  const user = await findUserByEmail(db, email);
  const ok = user ? await verifyPassword(user.password_hash, input.password) : await dummyVerify(input.password);
  if (!user || !ok) {
    await recordLoginFailure(db, keys);
    return null;
  }
  await clearLoginFailures(db, `email:${email}`);
  await recordAudit(db, { tjenesteId: null, actor: { id: user.id, label: `${user.navn} <${user.email}>` }, action: 'innlogget', entity: 'bruker', entityId: user.id, summary: 'Logget inn' });
  return { id: user.id, email: user.email, navn: user.navn };
}
