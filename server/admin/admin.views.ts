import type { Executor } from '../platform/db/database.ts';
import type { Actor, CurrentTenant } from '../platform/http/context.ts';
import { ROLES } from '../auth/permissions.ts';
import { allKommuner } from '../reference/kommuner.ts';
import { SUPPORTED_REGNSKAPSAR } from '../reference/regnskapsar.ts';
import * as tenancy from '../tenancy/tenancy.service.ts';

// The admin's pages: Tjenesten, Kommuner, Brukere og roller (read only; extra: a refused form's messages and values).

export const ROLE_LABEL = new Map(ROLES.map((r) => [r.role, r.label]));

export function tjenestePage(t: CurrentTenant, extra: Record<string, unknown> = {}) {
  return {
    title: 'Tjenesten',
    years: SUPPORTED_REGNSKAPSAR,
    nextYear: t.regnskapsar + 1,
    values: { navn: t.navn, organisasjonsnummer: t.organisasjonsnummer, regnskapsar: t.regnskapsar },
    ...extra,
  };
}

export async function kommunerPage(db: Executor, tjenesteId: number, extra: Record<string, unknown> = {}) {
  const kommuner = await tenancy.listKommuner(db, tjenesteId);
  const taken = new Set(kommuner.map((k) => k.kommunenummer));
  return { title: 'Kommuner', kommuner, available: allKommuner().filter((k) => !taken.has(k.kommunenummer)), ...extra };
}

/** extra.startPasswordError: a refused start password, shown at the member it was for. */
export async function usersPage(db: Executor, actor: Actor, extra: Record<string, unknown> = {}) {
  const [members, invitations, grants] = await Promise.all([
    tenancy.listMembers(db, actor.tjenesteId),
    tenancy.listInvitations(db, actor.tjenesteId),
    tenancy.listGodkjennerGrants(db, actor.tjenesteId, 20),
  ]);
  const refused = extra['startPasswordError'] as { userId: number; message: string } | undefined;
  return {
    title: 'Brukere og roller',
    roleList: ROLES,
    members: members.map((m) => ({
      ...m,
      isSelf: m.id === actor.userId,
      roleFlags: Object.fromEntries(m.roles.map((x) => [x, true])),
      startPasswordError: refused?.userId === m.id ? refused.message : null,
    })),
    invitations: invitations.map((i) => ({ ...i, roleLabels: i.roles.map((r) => ROLE_LABEL.get(r) ?? r).join(', ') })),
    godkjennerGrants: grants,
    ...extra,
  };
}
