import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { CsrfError } from './errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A visitor without a session (the login form, the first setup) gets its token in a cookie of its own instead of a
 * session row: a session is stored only once one is needed (login), so anonymous requests write nothing to the
 * database. The form must send back the value of that cookie — which only pages of this origin can know.
 */
const ANON_COOKIE = 'kodeverk.csrf';

function cookieValue(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function newToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/** The request's CSRF token, made when a page first needs one: in the session when there is one, else in a cookie. */
function csrfToken(req: Request, res?: Response): string {
  const session = req.session as typeof req.session | undefined;
  if (session?.csrfToken) return session.csrfToken;
  if (session?.userId !== undefined || !res) {
    session!.csrfToken = newToken();
    return session!.csrfToken;
  }
  const existing = cookieValue(req, ANON_COOKIE);
  if (existing && /^[\w-]{32}$/.test(existing)) return existing;
  const token = newToken();
  res.cookie(ANON_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
  // the same request may render the token twice (layout and form): both get this one
  req.headers.cookie = `${req.headers.cookie ? `${req.headers.cookie}; ` : ''}${ANON_COOKIE}=${token}`;
  return token;
}

function matches(expected: string | undefined, given: unknown): boolean {
  if (!expected || typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** What a state-changing request must match: the session's token, or — before there is a session — the cookie's. */
function expectedToken(req: Request): string | undefined {
  return req.session?.csrfToken ?? (req.session?.userId === undefined ? cookieValue(req, ANON_COOKIE) : undefined);
}

/** Checks the `_csrf` field a multipart form sent before its file; the upload route calls it as soon as the fields are read. */
export function verifyCsrfField(req: Request): void {
  const given = (req.body as Record<string, unknown> | undefined)?._csrf;
  if (!matches(expectedToken(req), given)) throw new CsrfError();
}

/**
 * A browser says where a request came from (Sec-Fetch-Site; Origin on a POST). Where it does, anything but this
 * origin is refused before the token is even looked at; where it does not (old browsers, scripts), the token decides.
 */
function fromElsewhere(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = req.get('origin');
  if (origin === undefined) return false;
  return origin !== `${req.protocol}://${req.get('host') ?? ''}`;
}

/**
 * Synchronizer token kept in the session. Every state-changing request must carry it: in the form body
 * (`_csrf`) or in the `x-csrf-token` header. A multipart upload to one of `multipartPaths` is the exception: its body
 * is read by the upload route, which checks the `_csrf` field (sent before the file) with verifyCsrfField before the
 * file is buffered — so the token never has to sit in the form's URL, where history and logs would keep it.
 */
export function csrfProtection(options: { multipartPaths?: RegExp } = {}): RequestHandler {
  return (req, res, next) => {
    // made on first use (a rendered form), not for every request: most requests render no form
    Object.defineProperty(res.locals, 'csrfToken', { configurable: true, enumerable: true, get: () => csrfToken(req, res) });
    if (SAFE.has(req.method)) return next();
    if (fromElsewhere(req)) return next(new CsrfError());
    const isMultipart = req.is('multipart/form-data') === 'multipart/form-data';
    const header = req.get('x-csrf-token');
    if (isMultipart && header === undefined && options.multipartPaths?.test(req.path)) return next();
    const given = (req.body as Record<string, unknown> | undefined)?._csrf ?? header;
    if (!matches(expectedToken(req), given)) return next(new CsrfError());
    next();
  };
}
