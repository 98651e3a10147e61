import crypto from 'node:crypto';
import session, { Store, type SessionData } from 'express-session';
import type { RequestHandler } from 'express';
import { sql } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { Config } from '../../config.ts';

/**
 * A session ends after 12 hours without a request: the expiry in the database, moved on by each request (touch).
 * The cookie itself is a browser-session cookie, so closing the browser ends the session too, and no response has to
 * send the cookie again to keep it alive.
 */
const IDLE_MS = 12 * 60 * 60 * 1000;

/**
 * How the store reads a live session (undefined when unknown or past its expires_at): its data, and whatever else the
 * same round trip brings along (the app reads the signed-in user with it, so a page needs one query, not two).
 */
export type SessionReader<X> = (db: Executor, sid: string) => Promise<{ data: unknown; extra: X | undefined } | undefined>;

// what a read brought along rides on the session data under a symbol: never copied into the session, never saved
const EXTRA = Symbol('session extra');

/** Sessions live in the database so any app instance can serve any user and a restart logs nobody out. */
export class DbSessionStore<X> extends Store {
  /** when this process last wrote each session's expiry: a touch within 5 minutes needs no round trip */
  private readonly touchedAt = new Map<string, number>();
  private readonly extras = new WeakMap<Express.Request, X>();

  constructor(
    private readonly db: Db,
    private readonly read: SessionReader<X>,
  ) {
    super();
  }

  /** What the read of this request's session brought along (undefined: nothing, or no session). */
  extraOf(req: Express.Request): X | undefined {
    return this.extras.get(req);
  }

  // express-session turns what get() returned into req.session here, with the request at hand
  override createSession(req: Express.Request, sess: SessionData): session.Session & Partial<SessionData> {
    const carrier = sess as SessionData & { [EXTRA]?: X };
    if (carrier[EXTRA] !== undefined) this.extras.set(req, carrier[EXTRA]);
    delete carrier[EXTRA];
    return super.createSession(req as Parameters<Store['createSession']>[0], sess);
  }

  private noteTouched(sid: string) {
    // bounded: forgetting only costs one more write
    if (this.touchedAt.size > 50_000) this.touchedAt.clear();
    this.touchedAt.set(sid, Date.now());
  }

  override get(sid: string, cb: (err: unknown, session?: SessionData | null) => void): void {
    this.read(this.db, sid).then((row) => {
      if (!row) return cb(null, null);
      const data = row.data as SessionData & { [EXTRA]?: X };
      if (row.extra !== undefined) data[EXTRA] = row.extra;
      cb(null, data);
    }, cb);
  }

  override set(sid: string, sess: SessionData, cb?: (err?: unknown) => void): void {
    const expires = new Date(Date.now() + IDLE_MS);
    const data = JSON.stringify(sess);
    this.db
      .insertInto('app_session')
      .values({ sid, data, expires_at: expires })
      .onConflict((oc) => oc.column('sid').doUpdateSet({ data, expires_at: expires }))
      .execute()
      .then(
        () => {
          this.noteTouched(sid);
          cb?.();
        },
        (err) => cb?.(err),
      );
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.touchedAt.delete(sid);
    this.db
      .deleteFrom('app_session')
      .where('sid', '=', sid)
      .execute()
      .then(
        () => cb?.(),
        (err) => cb?.(err),
      );
  }

  override touch(sid: string, _sess: SessionData, cb?: (err?: unknown) => void): void {
    const expires = new Date(Date.now() + IDLE_MS);
    // Every request touches; only write when the stored expiry is more than 5 minutes behind (and skip the round
    // trip when this process wrote it within those 5 minutes).
    if (Date.now() - (this.touchedAt.get(sid) ?? 0) < 5 * 60_000) {
      cb?.();
      return;
    }
    this.db
      .updateTable('app_session')
      .set({ expires_at: expires })
      .where('sid', '=', sid)
      .where('expires_at', '<', new Date(expires.getTime() - 5 * 60_000))
      .execute()
      .then(
        () => {
          this.noteTouched(sid);
          cb?.();
        },
        (err) => cb?.(err),
      );
  }
}

/** A secret shared by every instance: from the environment, else generated once and kept in the database. */
export async function resolveSessionSecret(db: Db, config: Config): Promise<string> {
  if (config.sessionSecret) return config.sessionSecret;
  const existing = await db.selectFrom('app_setting').select('value').where('key', '=', 'session_secret').executeTakeFirst();
  if (existing) return existing.value;
  const value = crypto.randomBytes(32).toString('hex');
  await db
    .insertInto('app_setting')
    .values({ key: 'session_secret', value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('app_setting').select('value').where('key', '=', 'session_secret').executeTakeFirstOrThrow();
  return row.value;
}

export async function purgeExpiredSessions(db: Db): Promise<void> {
  await db.deleteFrom('app_session').where('expires_at', '<', sql<Date>`now()`).execute();
}

export function sessionMiddleware<X>(store: DbSessionStore<X>, secret: string, config: Config): RequestHandler {
  return session({
    name: 'kodeverk.sid',
    secret,
    store,
    resave: false,
    saveUninitialized: false,
    // the app's 'trust proxy' (hops or addresses) decides whether X-Forwarded-Proto counts
    proxy: config.trustProxy === false ? false : undefined,
    // no maxAge: a browser-session cookie, sent once; the idle limit is kept in the database (IDLE_MS)
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies === 'auto' ? 'auto' : config.secureCookies === 'true',
    },
  });
}

/**
 * express-session sends a response's headers before the session is saved and holds back only its last byte. A
 * redirect's headers are all a browser needs to follow it, so the next request could read the session as it was
 * before: just after logging in, the user would land on the login page again, and a flash message would miss its
 * page. A changed session is therefore saved before the redirect goes out.
 */
export const saveSessionBeforeRedirect: RequestHandler = (req, res, next) => {
  // what the session held when the request came in, by reference: our values are primitives, and flash() replaces
  // its array (a change made inside a value would still be saved, only after the redirect, as before)
  const loaded = req.session;
  const before = snapshot(loaded);
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    const session = req.session as typeof req.session | undefined;
    if (!session || (session === loaded && sameSnapshot(before, snapshot(session)))) return redirect(...args);
    session.save((err) => (err ? next(err) : redirect(...args)));
  }) as typeof res.redirect;
  next();
};

function snapshot(session: object): [string, unknown][] {
  return Object.entries(session).filter(([key]) => key !== 'cookie');
}

function sameSnapshot(a: [string, unknown][], b: [string, unknown][]): boolean {
  return a.length === b.length && a.every(([key, value], i) => b[i]![0] === key && b[i]![1] === value);
}

declare module 'express-session' {
  interface SessionData {
    userId?: number;
    csrfToken?: string;
    flash?: { kind: 'ok' | 'info' | 'error'; text: string }[];
  }
}
