import type { RequestHandler } from 'express';
import type { Db } from '../platform/db/database.ts';
import { findUserById } from './user.repository.ts';

export function loadUser(db: Db): RequestHandler {
  return async (req, _res, next) => {
    const id = req.session.userId;
    if (id) {
      const user = await findUserById(db, id);
      if (user) {
        req.user = user;
        req.log = req.log.child({ userId: user.id });
      } else delete req.session.userId;
    }
    next();
  };
}

export const requireLogin: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  if (req.method === 'GET') {
    const neste = req.originalUrl.startsWith('/') && !req.originalUrl.startsWith('//') ? req.originalUrl : '/';
    return res.redirect(303, `/logg-inn?neste=${encodeURIComponent(neste)}`);
  }
  res.redirect(303, '/logg-inn');
};
