import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../platform/db/database.ts';
import { defaultRegnskapsar } from '../reference/regnskapsar.ts';
import { findKommune } from '../reference/kommuner.ts';
import { createTjenesteWithAdmin } from '../tenancy/tenancy.service.ts';
import { slugTaken } from '../tenancy/installation.service.ts';
import { emailSchema, kommunenummerSchema, orgnrSchema, regnskapsarSchema, slugSchema } from '../tenancy/tenancy.schemas.ts';
import { text } from '../platform/http/forms.ts';
import { parseArgs, type CliIo } from './io.ts';

export const TJENESTE_USAGE = `Bruk: kodeverk tjeneste opprett --slug KORTNAVN --navn "NAVN" --orgnr ORGNR --vertskommune NNNN
         [--deltakere NNNN,NNNN] [--regnskapsar YYYY] --admin-email E-POST [--admin-navn "NAVN"]
  Oppretter en barneverntjeneste til, med vertskommunen, deltakerkommunene og den første administratoren.
  Finnes ikke e-postadressen, opprettes kontoen (--admin-navn må da oppgis) med et tilfeldig startpassord som skrives
  ut én gang og må byttes ved første innlogging.`;

const argsSchema = z
  .object({
    slug: slugSchema,
    navn: text('--navn'),
    orgnr: orgnrSchema,
    vertskommune: kommunenummerSchema,
    deltakere: z.array(kommunenummerSchema),
    regnskapsar: regnskapsarSchema,
    adminEmail: emailSchema,
  })
  .superRefine((v, ctx) => {
    if (v.deltakere.includes(v.vertskommune)) ctx.addIssue({ code: 'custom', path: ['deltakere'], message: 'Vertskommunen skal ikke også stå som deltakerkommune.' });
  });

const FLAG_OF: Record<string, string> = { adminEmail: 'admin-email', orgnr: 'orgnr', regnskapsar: 'regnskapsar' };

/** `kodeverk tjeneste opprett`: whoever runs the server creates a further tjeneste (#14 item 17). */
export async function tjenesteCommand(db: Db, args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'opprett') {
    io.stderr(TJENESTE_USAGE);
    return 2;
  }
  const { positionals, flags } = parseArgs(rest, []);
  const str = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  if (positionals.length > 0) {
    io.stderr(`Ukjent argument: ${positionals.join(' ')}.\n\n${TJENESTE_USAGE}`);
    return 2;
  }
  const parsed = argsSchema.safeParse({
    slug: str('slug'),
    navn: str('navn'),
    orgnr: str('orgnr'),
    vertskommune: str('vertskommune'),
    deltakere: (str('deltakere') ?? '')
      .split(/[\s,;]+/)
      .map((s) => s.trim())
      .filter(Boolean),
    regnskapsar: str('regnskapsar') ?? defaultRegnskapsar(new Date()),
    adminEmail: str('admin-email'),
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  --${FLAG_OF[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`);
    io.stderr(`Tjenesten ble ikke opprettet:\n${[...new Set(lines)].join('\n')}\n\n${TJENESTE_USAGE}`);
    return 2;
  }
  const a = parsed.data;
  if (await slugTaken(db, a.slug)) {
    io.stderr(`Kortnavnet «${a.slug}» er allerede i bruk. Velg et annet.`);
    return 1;
  }
  const adminNavn = str('admin-navn')?.trim() ?? '';
  const existing = await db.selectFrom('app_user').select('navn').where('email', '=', a.adminEmail).executeTakeFirst();
  if (!existing && !adminNavn) {
    io.stderr(`${a.adminEmail} har ingen konto ennå. Oppgi --admin-navn "Fornavn Etternavn" for å opprette den.`);
    return 2;
  }
  // 18 random bytes: 24 characters, far past any guessing; shown once, to be changed at the first login
  const startPassword = crypto.randomBytes(18).toString('base64url');
  const { tjeneste, user, accountCreated } = await createTjenesteWithAdmin(
    db,
    { slug: a.slug, navn: a.navn, organisasjonsnummer: a.orgnr, regnskapsar: a.regnskapsar, vertskommune: a.vertskommune, deltakerkommuner: a.deltakere },
    { navn: adminNavn || existing!.navn, email: a.adminEmail, password: startPassword, mustChangePassword: true },
    { onlyIfFirst: false, actor: null },
  );
  const kommuner = [a.vertskommune, ...a.deltakere].map((nr) => `${nr} ${findKommune(nr)?.navn ?? ''}`.trim()).join(', ');
  io.stdout(`${tjeneste.navn} (${tjeneste.slug}) er opprettet med ${kommuner}; regnskapsår ${tjeneste.regnskapsar}.`);
  io.stdout(`${user.email} er administrator. Adresse: /t/${tjeneste.slug}`);
  if (accountCreated) io.stdout(`Kontoen er ny. Startpassord (vises bare nå, må byttes ved første innlogging): ${startPassword}`);
  return 0;
}
