import type { RequestHandler } from 'express';
import { NotFoundError } from '../platform/http/errors.ts';
import { bindLog } from '../platform/http/request-log.ts';
import { kostraListNote } from '../reference/kostra.ts';

/** Every URL under /t/:slug is reached only through the user's membership: another tjeneste's slug is a 404. */
export function tenantScope(): RequestHandler {
  return (req, res, next) => {
    const slug = String(req.params.slug ?? '');
    // the memberships were read with the user (loadUser), each with its kodeverk revision
    const m = req.user ? req.memberships?.find((x) => x.slug === slug) : undefined;
    if (!m) throw new NotFoundError();
    req.tenant = m;
    bindLog(req, { tjeneste: m.slug });
    res.locals.tenant = m;
    // a regnskapsår without SSB lists of its own is checked against the newest: every page of the tjeneste says so
    res.locals.kostraNote = kostraListNote(m.regnskapsar);
    res.locals.roles = Object.fromEntries(m.roles.map((r) => [r, true]));
    next();
  };
}
