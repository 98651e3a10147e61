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

/** Checks the `_csrf` field a multipart form sent before its file; the upload route calls it as soon as the fields are read. */
export function verifyCsrfField(req: Request): void {
  const given = (req.body as Record<string, unknown> | undefined)?._csrf;
  if (!matches(req.session.csrfToken, given)) throw new CsrfError();
}

/**
 * Synchronizer token kept in the session. Every state-changing request must carry it: in the form body
 * (`_csrf`) or in the `x-csrf-token` header. A multipart upload to one of `multipartPaths` is the exception: its body
 * is read by the upload route, which checks the `_csrf` field (sent before the file) with verifyCsrfField before the
 * file is buffered — so the token never has to sit in the form's URL, where history and logs would keep it.
 */
export function csrfProtection(options: { multipartPaths?: RegExp } = {}): RequestHandler {
  return (req, res, next) => {
    res.locals.csrfToken = csrfToken(req);
    if (SAFE.has(req.method)) return next();
    const isMultipart = req.is('multipart/form-data') === 'multipart/form-data';
    const header = req.get('x-csrf-token');
    if (isMultipart && header === undefined && options.multipartPaths?.test(req.path)) return next();
    const given = (req.body as Record<string, unknown> | undefined)?._csrf ?? header;
    if (!matches(req.session.csrfToken, given)) return next(new CsrfError());
    next();
  };
}
