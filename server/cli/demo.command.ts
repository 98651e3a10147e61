import type { Db } from '../platform/db/database.ts';
import { findTjenesteBySlug } from '../tenancy/tenancy.repository.ts';
import { createTjenesteWithAdmin } from '../tenancy/tenancy.service.ts';
import { hashPassword } from '../auth/password.ts';
import { findUserByEmail, insertUser } from '../auth/user.repository.ts';
import { upsertMembership } from '../tenancy/tenancy.repository.ts';
import type { Role } from '../platform/db/schema.ts';
import { defaultRegnskapsar } from '../reference/regnskapsar.ts';
import type { CliIo } from './io.ts';

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
      // 123456785 is a synthetic organisasjonsnummer with a valid MOD11 check digit (domain.md test vector).
      { slug: 'lofoten', navn: 'Lofoten barneverntjeneste', organisasjonsnummer: '123456785', regnskapsar: defaultRegnskapsar(now), vertskommune: '1860', deltakerkommuner: ['1859', '1874'] },
      { navn: first.navn, email: first.email, password: DEMO_PASSWORD, roles: first.roles },
      { onlyIfFirst: false },
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

export async function demoCommand(db: Db, io: CliIo): Promise<number> {
  const { created } = await createDemo(db, new Date());
  io.stdout(created ? 'Demotjenesten «Lofoten barneverntjeneste» (lofoten) er opprettet.' : 'Demotjenesten «lofoten» fantes fra før; brukerne er oppdatert.');
  io.stdout('\nLogg inn på http://localhost:3000/logg-inn med en av disse (passord for alle: ' + DEMO_PASSWORD + '):');
  for (const u of DEMO_USERS) io.stdout(`  ${u.email.padEnd(26)} ${u.roles.join(', ')}`);
  io.stdout('\nStart appen med: npm start');
  return 0;
}
