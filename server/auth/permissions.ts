import type { Role } from '../platform/db/schema.ts';

export interface Member {
  userId: number;
  roles: readonly Role[];
}

// One small function per action; services call them and throw ForbiddenError on false.
export const canAdminister = (m: Member) => m.roles.includes('admin');
export const canEditRegisters = (m: Member) => m.roles.includes('regnskap') || m.roles.includes('admin');
export const canEditSettings = (m: Member) => m.roles.includes('regnskap') || m.roles.includes('admin');
/** Holds the godkjenner role: may see the approval forms and reject. Approving needs canApprove as well. */
export const isGodkjenner = (m: Member) => m.roles.includes('godkjenner');
/**
 * Four eyes: a godkjenner may approve a kommune's content only if they neither changed any part of it (registers,
 * settings, mapping) nor sent it since its last approval. `contributors` are those users' ids.
 */
export const canApprove = (m: Member, content: { contributors: readonly number[] }) => isGodkjenner(m) && !content.contributors.includes(m.userId);
export const canRead = (m: Member) => m.roles.length > 0;
/** An installation admin (a flag on the account, not a role in a tjeneste) may create further tjenester. */
export const canCreateTjeneste = (u: { installationAdmin: boolean }) => u.installationAdmin;

export const ROLES: readonly { role: Role; label: string; description: string }[] = [
  // admin may do all regnskap may (canEditRegisters, canEditSettings): in a small service it is often the same person
  { role: 'admin', label: 'Administrator', description: 'Brukere, tjeneste og kommuner – og alt lønn og regnskap kan' },
  { role: 'regnskap', label: 'Lønn og regnskap', description: 'Importerer registre, konterer, fyller ut innstillinger og eksporterer' },
  { role: 'godkjenner', label: 'Godkjenner', description: 'Vertskommunens kontrollør som godkjenner hver kommune' },
  { role: 'lesetilgang', label: 'Lesetilgang', description: 'Kan se alt, men ikke endre' },
];
