import crypto from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { CsrfError } from './errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfToken(req: Request): string {
  if (!req.session.csrfToken) req.session.csrfToken = crypto.randomBytes(24).toString('base64url');
  return req.session.csrfToken;
}

function matches(expected: string | undefined, given: unknown): boolean {
  if (!expected || typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * Synchronizer token kept in the session. Every state-changing request must carry it: in the form body
 * (`_csrf`), in the `x-csrf-token` header, or — for multipart uploads, whose body is read later by the
 * upload route — in the query string of the form's action.
 */
export function csrfProtection(): RequestHandler {
  return (req, res, next) => {
    res.locals.csrfToken = csrfToken(req);
    if (SAFE.has(req.method)) return next();
    const isMultipart = req.is('multipart/form-data') === 'multipart/form-data';
    const given = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token') ?? (isMultipart ? req.query._csrf : undefined);
    if (!matches(req.session.csrfToken, given)) return next(new CsrfError());
    next();
  };
}
