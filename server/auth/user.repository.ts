import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';

export async function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom('app_user').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

/** mustChangePassword: the password was chosen by someone else (a start password), so the owner replaces it at first login. */
export async function insertUser(db: Executor, u: { email: string; navn: string; passwordHash: string; mustChangePassword?: boolean }) {
  return db
    .insertInto('app_user')
    .values({ email: u.email.trim().toLowerCase(), navn: u.navn, password_hash: u.passwordHash, must_change_password: u.mustChangePassword ?? false })
    .returning(['id', 'email', 'navn'])
    .executeTakeFirstOrThrow();
}

/** mustChange: true for a start password someone else chose, false for the user's own. */
export async function updatePasswordHash(db: Executor, userId: number, passwordHash: string, mustChange = false) {
  await db.updateTable('app_user').set({ password_hash: passwordHash, must_change_password: mustChange }).where('id', '=', userId).execute();
}

export async function findPasswordHash(db: Executor, userId: number): Promise<string | undefined> {
  return (await db.selectFrom('app_user').select('password_hash').where('id', '=', userId).executeTakeFirst())?.password_hash;
}

/** Ends every session of a user but the one given (after a password change, a stolen session no longer works). */
export async function deleteSessionsOf(db: Executor, userId: number, keepSid: string | null) {
  let q = db.deleteFrom('app_session').where(sql<string>`data->>'userId'`, '=', String(userId));
  if (keepSid) q = q.where('sid', '<>', keepSid);
  await q.execute();
}
