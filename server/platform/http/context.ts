import type { Logger } from 'pino';
import type { Role } from '../roles.ts';

/** mustChangePassword: signed in with a start password someone else chose; every page but «Bytt passord» waits */
export interface CurrentUser {
  id: number;
  email: string;
  navn: string;
  mustChangePassword: boolean;
  /** may create further tjenester (set by the first-run setup and `kodeverk admin installasjon`) */
  installationAdmin: boolean;
}
export interface CurrentTenant {
  id: number;
  slug: string;
  navn: string;
  organisasjonsnummer: string;
  regnskapsar: number;
  roles: Role[];
  /** the tjeneste's kodeverk revision when the request began: changes with every committed change to what pages show */
  revision: number;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      log: Logger;
      user?: CurrentUser;
      tenant?: CurrentTenant;
      /** every membership of the signed-in user, read with the user; tenantScope picks the one for the URL */
      memberships?: CurrentTenant[];
    }
  }
}

/** The acting member of the current tjeneste: what services need for permissions and the audit log. */
export interface Actor {
  userId: number;
  label: string;
  roles: readonly Role[];
  tjenesteId: number;
}

export function actorOf(req: Express.Request): Actor {
  const { user, tenant } = req;
  if (!user || !tenant) throw new Error('actorOf called outside the tenant scope');
  return { userId: user.id, label: `${user.navn} <${user.email}>`, roles: tenant.roles, tjenesteId: tenant.id };
}

export function tenantOf(req: Express.Request): CurrentTenant {
  if (!req.tenant) throw new Error('tenantOf called outside the tenant scope');
  return req.tenant;
}
