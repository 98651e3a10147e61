import type { Role } from '../platform/db/schema.ts';

export interface Member { userId: number; roles: readonly Role[] }

// One small function per action; services call them and throw ForbiddenError on false.
export const canAdminister = (m: Member) => m.roles.includes('admin');
export const canEditRegisters = (m: Member) => m.roles.includes('regnskap') || m.roles.includes('admin');
export const canEditSettings = (m: Member) => m.roles.includes('regnskap') || m.roles.includes('admin');
export const canApprove = (m: Member) => m.roles.includes('godkjenner');
export const canRead = (m: Member) => m.roles.length > 0;

export const ROLES: readonly { role: Role; label: string; description: string }[] = [
  { role: 'admin', label: 'Administrator', description: 'Brukere, tjeneste og kommuner' },
  { role: 'regnskap', label: 'Lønn og regnskap', description: 'Importerer registre og fyller ut innstillinger' },
  { role: 'godkjenner', label: 'Godkjenner', description: 'Vertskommunens kontrollør som godkjenner hver kommune' },
  { role: 'lesetilgang', label: 'Lesetilgang', description: 'Kan se alt, men ikke endre' },
];
