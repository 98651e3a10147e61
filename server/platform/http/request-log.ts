import crypto from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../log.ts';

interface RequestLog {
  base: Logger;
  bindings: Record<string, unknown>;
  log?: Logger;
  /** the pattern of the mount the request went into (`/t/:slug`): req.baseUrl holds the values, and only until an error leaves the router */
  mount?: string;
}
const logs = new WeakMap<Request, RequestLog>();

/**
 * `req.log`: a child logger bound to the request id (sent back as x-request-id) and, once known, the user and the
 * tjeneste (bindLog). Built on first use: most requests log nothing, and a child logger per step cost more than
 * serving a cached page.
 */
export function requestLogger(base: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = crypto.randomUUID();
    res.setHeader('x-request-id', requestId);
    const state: RequestLog = { base, bindings: { requestId } };
    logs.set(req, state);
    // The access log: one line per request when its response is done (or the client went away first).
    let logged = false;
    const access = () => {
      if (logged) return;
      logged = true;
      const route = routePattern(req, state.mount);
      const line = {
        ...state.bindings,
        method: req.method,
        route,
        // no route (a 404, a static file): the path, still without the query string, so a wrong link can be found
        ...(route === null ? { path: (req.originalUrl.split('?')[0] ?? '').slice(0, 200) } : {}),
        status: res.statusCode,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      state.base.info(line, 'request');
    };
    res.once('finish', access);
    res.once('close', access);
    Object.defineProperty(req, 'log', {
      configurable: true,
      enumerable: true,
      get: () => (state.log ??= state.base.child(state.bindings)),
      set: (value: Logger) => {
        state.log = value;
      },
    });
    next();
  };
}

/** Adds fields to the request's log lines from here on. */
export function bindLog(req: Request, fields: Record<string, unknown>): void {
  const state = logs.get(req);
  if (!state) {
    req.log = req.log.child(fields);
    return;
  }
  // the access line is written from the bindings, so they get every field even after req.log was made
  const made = state.log;
  Object.assign(state.bindings, fields);
  if (made) state.log = made.child(fields);
}

/** Marks the mount pattern for the access log; put it first in an `app.use('/t/:slug', …)` with that same pattern. */
export function routeMount(pattern: string): RequestHandler {
  return (req, _res, next) => {
    const state = logs.get(req);
    if (state) state.mount = pattern;
    next();
  };
}

/**
 * The route as written in the routers (`/t/:slug/import/:id`), never the URL: no slugs or ids, no query string
 * (CSRF tokens, filters). null when no route answered (404, static files).
 */
function routePattern(req: Request, mount: string | undefined): string | null {
  const route = req.route as { path?: unknown } | undefined;
  if (!route || typeof route.path !== 'string') return null;
  if (!mount) return route.path;
  return route.path === '/' ? mount : `${mount}${route.path}`;
}
