import type { Role } from '../platform/roles.ts';
import { ForbiddenError } from '../platform/http/errors.ts';

export interface Member {
  userId: number;
  roles: readonly Role[];
}

// One small predicate per kind of right; requirePermission below names each action that needs one.
export const canAdminister = (m: Member) => m.roles.includes('admin');
export const canEditRegisters = (m: Member) => m.roles.includes('regnskap') || m.roles.includes('admin');
export const canEditSettings = (m: Member) => m.roles.includes('regnskap') || m.roles.includes('admin');
/** Holds the godkjenner role: may see the approval forms and reject. Approving needs canApprove as well. */
export const isGodkjenner = (m: Member) => m.roles.includes('godkjenner');
/**
 * Four eyes: a godkjenner may approve a kommune's content only if they neither changed any part of it (registers,
 * settings, mapping) nor sent it since its last approval. `contributors` are those users' ids.
 */
export const canApprove = (m: Member, kommune: { contributors: readonly number[] }) => isGodkjenner(m) && !kommune.contributors.includes(m.userId);
/** An installation admin (a flag on the account, not a role in a tjeneste) may create further tjenester. */
export const canCreateTjeneste = (u: { installationAdmin: boolean }) => u.installationAdmin;

const EDITORS = 'Bare lønn og regnskap eller en administrator kan';
/** Every action a role is checked for: the predicate that allows it and what a refused user is told. */
const ACTIONS = {
  importRegisters: [canEditRegisters, `${EDITORS} importere registre. Be en administrator om riktig rolle.`],
  editRegisters: [canEditRegisters, `${EDITORS} endre registrene. Be en administrator om riktig rolle.`],
  editMapping: [canEditRegisters, `${EDITORS} endre kommunenes ansvar og funksjoner.`],
  submitForReview: [canEditRegisters, `${EDITORS} sende til godkjenning.`],
  export: [canEditRegisters, `${EDITORS} lage eksport.`],
  decideReview: [isGodkjenner, 'Bare en godkjenner i denne tjenesten kan godkjenne eller avvise.'],
  editSettings: [canEditSettings, `${EDITORS} endre innstillingene.`],
  runMeeting: [canEditSettings, `${EDITORS} endre spørsmål og møter.`],
  administer: [canAdminister, 'Bare en administrator kan endre tjenesten, kommunene og brukerne.'],
  adminPages: [canAdminister, 'Bare en administrator har tilgang til denne siden.'],
  newRegnskapsar: [canAdminister, 'Bare en administrator kan kopiere kodeverket til et nytt regnskapsår.'],
  mailDelivery: [canAdminister, 'Bare en administrator kan se utsendingen av e-post.'],
  createTjeneste: [canCreateTjeneste, 'Bare en installasjonsadministrator kan opprette nye tjenester. Be den som driver appen om å gi deg retten (kodeverk admin installasjon).'],
} as const satisfies Record<string, readonly [(subject: never) => boolean, string]>;
export type Action = keyof typeof ACTIONS;

/**
 * The one check of a right: services call it first, and routes before they read a form or a file, so a refused user
 * gets 403 rather than the form's messages. `subject` is what the action's predicate takes: a Member (an Actor from
 * platform/http/context.ts is one) for a tjeneste's actions, the signed-in user for creating a tjeneste.
 */
export function requirePermission<A extends Action>(subject: Parameters<(typeof ACTIONS)[A][0]>[0], action: A): void {
  const [can, refused] = ACTIONS[action];
  if (!(can as (s: typeof subject) => boolean)(subject)) throw new ForbiddenError(refused);
}

export const ROLES: readonly { role: Role; label: string; description: string }[] = [
  // admin may do all regnskap may (canEditRegisters, canEditSettings): in a small service it is often the same person
  { role: 'admin', label: 'Administrator', description: 'Brukere, tjeneste og kommuner – og alt lønn og regnskap kan' },
  { role: 'regnskap', label: 'Lønn og regnskap', description: 'Importerer registre, konterer, fyller ut innstillinger og eksporterer' },
  { role: 'godkjenner', label: 'Godkjenner', description: 'Vertskommunens kontrollør som godkjenner hver kommune' },
  { role: 'lesetilgang', label: 'Lesetilgang', description: 'Kan se alt, men ikke endre' },
];
