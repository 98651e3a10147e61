import crypto from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../log.ts';

interface RequestLog {
  base: Logger;
  bindings: Record<string, unknown>;
  log?: Logger;
}
const logs = new WeakMap<Request, RequestLog>();

/**
 * `req.log`: a child logger bound to the request id (sent back as x-request-id) and, once known, the user and the
 * tjeneste (bindLog). Built on first use: most requests log nothing, and a child logger per step cost more than
 * serving a cached page.
 */
export function requestLogger(base: Logger): RequestHandler {
  return (req, res, next) => {
    const requestId = crypto.randomUUID();
    res.setHeader('x-request-id', requestId);
    const state: RequestLog = { base, bindings: { requestId } };
    logs.set(req, state);
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
  if (state && !state.log) Object.assign(state.bindings, fields);
  else req.log = req.log.child(fields);
}
