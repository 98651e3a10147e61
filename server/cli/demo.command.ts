import type { Db } from '../platform/db/database.ts';
import { findTjenesteBySlug } from '../tenancy/tenancy.repository.ts';
import { createTjenesteWithAdmin } from '../tenancy/tenancy.service.ts';
import { hashPassword } from '../auth/password.ts';
import { findUserByEmail, insertUser } from '../auth/user.repository.ts';
import { upsertMembership } from '../tenancy/tenancy.repository.ts';
import type { Role } from '../platform/roles.ts';
import { defaultRegnskapsar } from '../reference/regnskapsar.ts';
import type { CliIo } from './io.ts';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../platform/paths.ts';
import type { RegisterName } from '../spreadsheet/types.ts';
import { importFile } from '../imports/import.service.ts';
import { confirmSureProposals } from '../mapping/mapping.service.ts';
import { loadCurrentRegisters } from '../registers/current.ts';

export const DEMO_PASSWORD = 'demo-passord-lofoten';
export const DEMO_USERS: { email: string; navn: string; roles: Role[] }[] = [
  { email: 'admin@lofoten.demo', navn: 'Ada Administrator', roles: ['admin'] },
  { email: 'regnskap@lofoten.demo', navn: 'Rita Regnskap', roles: ['regnskap'] },
  { email: 'godkjenner@lofoten.demo', navn: 'Gunnar Godkjenner', roles: ['godkjenner'] },
  { email: 'lese@lofoten.demo', navn: 'Lise Lesetilgang', roles: ['lesetilgang'] },
];

/** Creates "Lofoten barneverntjeneste" (slug lofoten) with one user per role. Safe to run again. */
export async function createDemo(db: Db, now: Date): Promise<{ created: boolean; tjenesteId: number }> {
  const existing = await findTjenesteBySlug(db, 'lofoten');
  let tjenesteId = existing?.id;
  const [first, ...rest] = DEMO_USERS;
  if (!first) throw new Error('no demo users');
  if (!tjenesteId) {
    const { tjeneste } = await createTjenesteWithAdmin(
      db,
      // 123456785 is a synthetic organisasjonsnummer with a valid MOD11 check digit (docs/domain.md test vector).
      { slug: 'lofoten', navn: 'Lofoten barneverntjeneste', organisasjonsnummer: '123456785', regnskapsar: defaultRegnskapsar(now), vertskommune: '1860', deltakerkommuner: ['1859', '1874'] },
      { navn: first.navn, email: first.email, password: DEMO_PASSWORD, roles: first.roles },
      // the demo's admin may try «Opprett ny tjeneste» too
      { onlyIfFirst: false, installationAdmin: true },
    );
    tjenesteId = tjeneste.id;
  }
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const u of rest) {
    const user = (await findUserByEmail(db, u.email)) ?? (await insertUser(db, { email: u.email, navn: u.navn, passwordHash: hash }));
    await upsertMembership(db, tjenesteId, user.id, u.roles);
  }
  return { created: !existing, tjenesteId };
}

/** The example registers of Lofoten (templates/demo), the same files the README's examples use. */
const DEMO_FILES: readonly [RegisterName, string][] = [
  ['kontoplan', 'kontoplan.xlsx'],
  ['lonnsarter', 'lonnsarter.xlsx'],
  ['utbetalingskategorier', 'utbetalingskategorier.xlsx'],
];
// from the project root: the build (dist/) holds only JavaScript
const demoDir = () => path.join(projectRoot, 'templates/demo');

/**
 * Gives the demo tjeneste something on every page: the three example registers imported by the regnskap user and
 * every kommune's sure ansvar/funksjon proposals confirmed — only where nothing is there yet, so a second run (or a
 * tjeneste someone has worked in) is left as it is.
 */
export async function fillDemo(db: Db, tjenesteId: number): Promise<{ imported: RegisterName[]; mapped: string[] }> {
  const regnskap = await findUserByEmail(db, 'regnskap@lofoten.demo');
  if (!regnskap) throw new Error('demo user missing');
  const current = await loadCurrentRegisters(db, tjenesteId);
  const imported: RegisterName[] = [];
  for (const [register, file] of DEMO_FILES) {
    if (current[register]) continue;
    const bytes = fs.readFileSync(path.join(demoDir(), file));
    const outcome = await importFile(db, { userId: regnskap.id, label: `${regnskap.navn} <${regnskap.email}>` }, { tjenesteSlug: 'lofoten', register, fileName: file, bytes, dryRun: false });
    if (outcome.kind !== 'read' || outcome.committed === null) throw new Error(`the demo file ${file} could not be imported`);
    imported.push(register);
  }
  const { saved } = await confirmSureProposals(db, { userId: regnskap.id, label: `${regnskap.navn} <${regnskap.email}>`, roles: ['regnskap'], tjenesteId });
  return { imported, mapped: saved };
}

export async function demoCommand(db: Db, io: CliIo, options: { empty: boolean; url: string }): Promise<number> {
  const { created, tjenesteId } = await createDemo(db, new Date());
  io.stdout(created ? 'Demotjenesten «Lofoten barneverntjeneste» (lofoten) er opprettet.' : 'Demotjenesten «lofoten» fantes fra før; brukerne er oppdatert.');
  if (!options.empty) {
    const { imported, mapped } = await fillDemo(db, tjenesteId);
    if (imported.length > 0) io.stdout(`Eksempelregistrene er importert: ${imported.join(', ')}.`);
    if (mapped.length > 0) io.stdout(`Ansvar og funksjoner er valgt for ${mapped.join(', ')}.`);
  }
  io.stdout(`\nLogg inn på ${options.url}/logg-inn med en av disse (passord for alle: ${DEMO_PASSWORD}):`);
  for (const u of DEMO_USERS) io.stdout(`  ${u.email.padEnd(26)} ${u.roles.join(', ')}`);
  io.stdout('\nStart appen med: npm start');
  return 0;
}
