import crypto from 'node:crypto';
import type { Db } from '../../server/platform/db/database.ts';
import type { Role } from '../../server/platform/roles.ts';
import { insertUser } from '../../server/auth/user.repository.ts';
import { insertKommuner, insertTjeneste, upsertMembership } from '../../server/tenancy/tenancy.repository.ts';
import { hashPassword } from '../../server/auth/password.ts';

export const PASSWORD = 'et-langt-testpassord';
let cachedHash: Promise<string> | undefined;
const passwordHash = () => (cachedHash ??= hashPassword(PASSWORD));

export interface TestUser {
  id: number;
  email: string;
  navn: string;
  roles: Role[];
}
export interface TestTjeneste {
  id: number;
  slug: string;
  navn: string;
  users: Record<Role, TestUser> & { regnskap2: TestUser };
}

/**
 * A fresh tjeneste (Lofoten's three kommuner by default) with one user per role, plus a second regnskap user
 * for four-eyes tests. Unique slug and e-mails, so tests can run side by side on one database.
 */
export async function createTjeneste(db: Db, opts: { kommuner?: { nr: string; navn: string; vert?: boolean }[]; regnskapsar?: number } = {}): Promise<TestTjeneste> {
  const tag = crypto.randomBytes(4).toString('hex');
  const slug = `t-${tag}`;
  const tjeneste = await insertTjeneste(db, { slug, navn: `Testtjeneste ${tag}`, organisasjonsnummer: '123456785', regnskapsar: opts.regnskapsar ?? 2026 });
  const kommuner = opts.kommuner ?? [
    { nr: '1860', navn: 'Vestvågøy', vert: true },
    { nr: '1859', navn: 'Flakstad' },
    { nr: '1874', navn: 'Moskenes' },
  ];
  await insertKommuner(
    db,
    tjeneste.id,
    kommuner.map((k) => ({ kommunenummer: k.nr, navn: k.navn, er_vertskommune: !!k.vert })),
  );
  const hash = await passwordHash();
  const make = async (key: string, roles: Role[]): Promise<TestUser> => {
    const u = await insertUser(db, { email: `${key}-${tag}@test.no`, navn: `${key} ${tag}`, passwordHash: hash });
    await upsertMembership(db, tjeneste.id, u.id, roles);
    return { ...u, roles };
  };
  const users = {
    admin: await make('admin', ['admin']),
    regnskap: await make('regnskap', ['regnskap']),
    regnskap2: await make('regnskap2', ['regnskap']),
    godkjenner: await make('godkjenner', ['godkjenner']),
    lesetilgang: await make('lese', ['lesetilgang']),
  };
  return { id: tjeneste.id, slug, navn: tjeneste.navn, users };
}
