import type { Db } from '../platform/db/database.ts';
import type { CurrentUser } from '../platform/http/context.ts';
import { requirePermission } from '../auth/permissions.ts';
import { findUserByEmail } from '../auth/user.repository.ts';
import { createTjenesteWithAdmin } from './tenancy.service.ts';
import * as repo from './tenancy.repository.ts';
import type { NewTjenesteInput } from './tenancy.schemas.ts';

/*
 * Further tjenester of one installation (#14 item 17). Who may create them is a flag on the account, not a role in a
 * tjeneste: the person who set up the installation has it, and whoever runs the server gives it with
 * `kodeverk admin installasjon`. The first admin named gets admin in the new tjeneste at once (like
 * `kodeverk admin legg-til`): the installation admin is trusted with the whole installation, and a tjeneste without an
 * admin could not invite anyone.
 */

export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  return !!(await repo.findTjenesteBySlug(db, slug));
}

export async function createTjenesteAsInstallationAdmin(db: Db, user: CurrentUser, input: NewTjenesteInput) {
  requirePermission(user, 'createTjeneste');
  return createTjenesteWithAdmin(
    db,
    { slug: input.slug, navn: input.navn, organisasjonsnummer: input.organisasjonsnummer, regnskapsar: input.regnskapsar, vertskommune: input.vertskommune, deltakerkommuner: input.deltakerkommuner },
    { navn: input.admin_navn, email: input.admin_email, password: input.admin_passord, mustChangePassword: true },
    { onlyIfFirst: false, actor: { id: user.id, label: `${user.navn} <${user.email}>` } },
  );
}

/** `kodeverk admin installasjon`: gives (or takes) the right to create tjenester; false when the e-mail has no account. */
export async function setInstallationAdmin(db: Db, email: string, on: boolean): Promise<{ found: boolean; changed: boolean }> {
  const user = await findUserByEmail(db, email);
  if (!user) return { found: false, changed: false };
  if (user.installation_admin === on) return { found: true, changed: false };
  await db.updateTable('app_user').set({ installation_admin: on }).where('id', '=', user.id).execute();
  return { found: true, changed: true };
}
