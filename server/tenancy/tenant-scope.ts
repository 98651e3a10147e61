import type { RequestHandler } from 'express';
import type { Db } from '../platform/db/database.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import { findMembershipBySlug } from './tenancy.repository.ts';

/** Every URL under /t/:slug is reached only through the user's membership: another tjeneste's slug is a 404. */
export function tenantScope(db: Db): RequestHandler {
  return async (req, res, next) => {
    const slug = String(req.params.slug ?? '');
    if (!req.user || !/^[a-z0-9-]{2,40}$/.test(slug)) throw new NotFoundError();
    const m = await findMembershipBySlug(db, req.user.id, slug);
    if (!m) throw new NotFoundError();
    req.tenant = { id: m.id, slug: m.slug, navn: m.navn, organisasjonsnummer: m.organisasjonsnummer, regnskapsar: m.regnskapsar, roles: m.roles };
    req.log = req.log.child({ tjeneste: m.slug });
    res.locals.tenant = req.tenant;
    res.locals.base = `/t/${m.slug}`;
    res.locals.roles = Object.fromEntries(m.roles.map((r) => [r, true]));
    next();
  };
}
