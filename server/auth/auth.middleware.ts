import type { RequestHandler } from 'express';
import { urls } from '../platform/http/urls.ts';
import type { Db } from '../platform/db/database.ts';
import type { DbSessionStore } from '../platform/http/session.ts';
import { bindLog } from '../platform/http/request-log.ts';
import { findPrincipal, type Principal } from './principal.repository.ts';

/**
 * The signed-in user and their memberships (tenantScope picks the one for the URL). The session store read them
 * with the session; only when it brought none (the user no longer exists) is the user looked up again here.
 */
export function loadUser(db: Db, sessions: DbSessionStore<Principal>): RequestHandler {
  return async (req, _res, next) => {
    const id = req.session.userId;
    const brought = sessions.extraOf(req);
    if (id) {
      const principal = brought?.user.id === id ? brought : await findPrincipal(db, id);
      if (principal) {
        req.user = principal.user;
        req.memberships = principal.memberships;
        bindLog(req, { userId: principal.user.id });
      } else delete req.session.userId;
    }
    next();
  };
}

export const requireLogin: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  if (req.method === 'GET') {
    const neste = req.originalUrl.startsWith('/') && !req.originalUrl.startsWith('//') ? req.originalUrl : '/';
    return res.redirect(303, urls.login({ query: `neste=${encodeURIComponent(neste)}` }));
  }
  res.redirect(303, urls.login());
};

// what a user with a start password may still reach: the page to replace it, and logging out
const WHILE_START_PASSWORD = new Set(['/passord', '/logg-ut']);

/** A start password someone else chose is replaced before anything else: every other page leads to «Bytt passord». */
export const requireOwnPassword: RequestHandler = (req, res, next) => {
  if (!req.user?.mustChangePassword || WHILE_START_PASSWORD.has(req.path)) return next();
  res.redirect(303, urls.password());
};
