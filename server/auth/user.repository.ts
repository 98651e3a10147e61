import type { Executor } from '../platform/db/database.ts';

export async function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom('app_user').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export async function findUserById(db: Executor, id: number) {
  return db.selectFrom('app_user').select(['id', 'email', 'navn']).where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Executor, u: { email: string; navn: string; passwordHash: string }) {
  return db
    .insertInto('app_user')
    .values({ email: u.email.trim().toLowerCase(), navn: u.navn, password_hash: u.passwordHash })
    .returning(['id', 'email', 'navn'])
    .executeTakeFirstOrThrow();
}

export async function updatePasswordHash(db: Executor, userId: number, passwordHash: string) {
  await db.updateTable('app_user').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

