import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** A strict CSP: no inline script or style at all, only our own static files. */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false, // set by the TLS terminator when there is one
  });
}

/**
 * Every page after the static files is someone's own (their tjeneste, their CSRF token): no shared cache may keep it,
 * and the browser asks again each time (a kept page answers 304 when nothing changed). Routes may set stricter.
 */
export const privatePages: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'private, no-cache');
  next();
};
