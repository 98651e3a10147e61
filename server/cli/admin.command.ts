import crypto from 'node:crypto';
import type { Db } from '../platform/db/database.ts';
import type { Role } from '../platform/roles.ts';
import { hashPassword } from '../auth/password.ts';
import { findUserByEmail, insertUser } from '../auth/user.repository.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import * as repo from '../tenancy/tenancy.repository.ts';
import { parseArgs, type CliIo } from './io.ts';

export const ADMIN_USAGE = `Bruk: kodeverk admin legg-til --tjeneste SLUG --email E-POST [--navn "NAVN"]
  Gjør brukeren til administrator i tjenesten (for når tjenesten står uten administrator).
  Finnes ikke e-postadressen, opprettes brukeren (--navn må da oppgis) med et tilfeldig startpassord som skrives ut én gang.
     kodeverk admin installasjon --email E-POST [--fjern]
  Gir brukeren retten til å opprette nye tjenester i appen («Opprett ny tjeneste» under «Velg tjeneste»);
  --fjern tar retten bort.`;

/**
 * The way back when a tjeneste has lost its admins: whoever runs the server makes a user admin again. An existing
 * member keeps the roles they had and gets admin too; recorded in the audit log as done from the command line.
 */
export async function adminCommand(db: Db, args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'installasjon') return installationCommand(db, rest, io);
  if (sub !== 'legg-til') {
    io.stderr(ADMIN_USAGE);
    return 2;
  }
  const { positionals, flags } = parseArgs(rest, []);
  const slug = typeof flags.tjeneste === 'string' ? flags.tjeneste.trim() : '';
  const email = typeof flags.email === 'string' ? flags.email.trim().toLowerCase() : '';
  const navn = typeof flags.navn === 'string' ? flags.navn.trim() : '';
  if (positionals.length > 0 || !slug || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    io.stderr(`Oppgi --tjeneste og en gyldig --email.\n\n${ADMIN_USAGE}`);
    return 2;
  }
  const tjeneste = await repo.findTjenesteBySlug(db, slug);
  if (!tjeneste) {
    io.stderr(`Fant ingen tjeneste «${slug}».`);
    return 1;
  }
  const existing = await findUserByEmail(db, email);
  if (!existing && !navn) {
    io.stderr(`${email} har ingen konto ennå. Oppgi --navn "Fornavn Etternavn" for å opprette den.`);
    return 2;
  }
  // 18 random bytes: 24 characters, far past any guessing; shown once, to be changed by the user
  const startPassword = existing ? null : crypto.randomBytes(18).toString('base64url');
  const passwordHash = startPassword ? await hashPassword(startPassword) : null;
  const result = await db.transaction().execute(async (trx) => {
    await repo.lockAdminChanges(trx, tjeneste.id);
    const user = existing ?? (await insertUser(trx, { email, navn, passwordHash: passwordHash!, mustChangePassword: true }));
    const member = await repo.findMember(trx, tjeneste.id, user.id);
    const before = (member?.roles ?? []) as Role[];
    if (before.includes('admin')) return { user, changed: false };
    const roles: Role[] = ['admin', ...before];
    await repo.upsertMembership(trx, tjeneste.id, user.id, roles);
    await recordAudit(trx, {
      tjenesteId: tjeneste.id,
      actor: null,
      action: 'endret',
      entity: 'bruker',
      entityId: user.id,
      summary: `Gjorde ${user.email} til administrator fra kommandolinjen`,
      before: { roller: before },
      after: { roller: roles },
    });
    return { user, changed: true };
  });
  if (!result.changed) {
    io.stdout(`${result.user.email} er allerede administrator i ${tjeneste.navn}.`);
    return 0;
  }
  io.stdout(`${result.user.email} er nå administrator i ${tjeneste.navn}.`);
  if (startPassword) io.stdout(`Kontoen er ny. Startpassord (vises bare nå, må byttes ved første innlogging): ${startPassword}`);
  return 0;
}

async function installationCommand(db: Db, args: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(args, ['fjern']);
  const email = typeof flags.email === 'string' ? flags.email.trim().toLowerCase() : '';
  if (positionals.length > 0 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    io.stderr(`Oppgi en gyldig --email.\n\n${ADMIN_USAGE}`);
    return 2;
  }
  const on = flags.fjern !== true;
  const { setInstallationAdmin } = await import('../tenancy/installation.service.ts');
  const { found, changed } = await setInstallationAdmin(db, email, on);
  if (!found) {
    io.stderr(`${email} har ingen konto. Legg brukeren til i en tjeneste først (kodeverk admin legg-til).`);
    return 1;
  }
  if (on) io.stdout(changed ? `${email} kan nå opprette nye tjenester.` : `${email} kunne allerede opprette nye tjenester.`);
  else io.stdout(changed ? `${email} kan ikke lenger opprette nye tjenester.` : `${email} kunne ikke opprette nye tjenester.`);
  return 0;
}
