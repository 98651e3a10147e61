import crypto from 'node:crypto';
import session, { Store, type SessionData } from 'express-session';
import type { RequestHandler } from 'express';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Config } from '../../config.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Sessions live in the database so any app instance can serve any user and a restart logs nobody out. */
export class DbSessionStore extends Store {
  constructor(private readonly db: Db) {
    super();
  }

  override get(sid: string, cb: (err: unknown, session?: SessionData | null) => void): void {
    this.db
      .selectFrom('app_session')
      .select('data')
      .where('sid', '=', sid)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst()
      .then((row) => cb(null, (row?.data as SessionData | undefined) ?? null), cb);
  }

  override set(sid: string, sess: SessionData, cb?: (err?: unknown) => void): void {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires) : new Date(Date.now() + DAY_MS);
    const data = JSON.stringify(sess);
    this.db
      .insertInto('app_session')
      .values({ sid, data, expires_at: expires })
      .onConflict((oc) => oc.column('sid').doUpdateSet({ data, expires_at: expires }))
      .execute()
      .then(() => cb?.(), (err) => cb?.(err));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.db.deleteFrom('app_session').where('sid', '=', sid).execute().then(() => cb?.(), (err) => cb?.(err));
  }

  override touch(sid: string, sess: SessionData, cb?: (err?: unknown) => void): void {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires) : new Date(Date.now() + DAY_MS);
    // Rolling sessions touch on every request; only write when the stored expiry is more than 5 minutes behind.
    this.db
      .updateTable('app_session')
      .set({ expires_at: expires })
      .where('sid', '=', sid)
      .where('expires_at', '<', new Date(expires.getTime() - 5 * 60_000))
      .execute()
      .then(() => cb?.(), (err) => cb?.(err));
  }
}

/** A secret shared by every instance: from the environment, else generated once and kept in the database. */
export async function resolveSessionSecret(db: Db, config: Config): Promise<string> {
  if (config.sessionSecret) return config.sessionSecret;
  const existing = await db.selectFrom('app_setting').select('value').where('key', '=', 'session_secret').executeTakeFirst();
  if (existing) return existing.value;
  const value = crypto.randomBytes(32).toString('hex');
  await db.insertInto('app_setting').values({ key: 'session_secret', value }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await db.selectFrom('app_setting').select('value').where('key', '=', 'session_secret').executeTakeFirstOrThrow();
  return row.value;
}

export async function purgeExpiredSessions(db: Db): Promise<void> {
  await db.deleteFrom('app_session').where('expires_at', '<', sql<Date>`now()`).execute();
}

export function sessionMiddleware(db: Db, secret: string, config: Config): RequestHandler {
  return session({
    name: 'kodeverk.sid',
    secret,
    store: new DbSessionStore(db),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: config.trustProxy,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies === 'auto' ? 'auto' : config.secureCookies === 'true',
      maxAge: 12 * 60 * 60 * 1000,
    },
  });
}

declare module 'express-session' {
  interface SessionData {
    userId?: number;
    csrfToken?: string;
    flash?: { kind: 'ok' | 'info' | 'error'; text: string }[];
  }
}
