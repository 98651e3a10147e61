import type { Executor } from '../platform/db/database.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import { loadKommuneReviews } from '../review/review.service.ts';
import { listKommuner, listMembers } from '../tenancy/tenancy.service.ts';
import { countWord } from '../platform/text.ts';

/**
 * What removing a kommune or a member costs, in sentences for the confirmation page (nothing destructive in one
 * click): «Flakstad har godkjent kontering og 37 kontostrenger …». Read-only.
 */

const STATUS_TEXT: Record<string, string> = {
  til_godkjenning: 'er sendt til godkjenning',
  avvist: 'er avvist av godkjenneren og venter på retting',
  utkast: 'er ikke sendt til godkjenning ennå',
};

export async function kommuneRemovalCost(db: Executor, tjenesteId: number, kommunenummer: string) {
  const kommune = (await listKommuner(db, tjenesteId)).find((k) => k.kommunenummer === kommunenummer);
  if (!kommune) throw new NotFoundError();
  const review = (await loadKommuneReviews(db, tjenesteId)).find((k) => k.kommunenummer === kommunenummer);
  const posting = await db
    .selectFrom('posting_setting')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tjeneste_id', '=', tjenesteId)
    .where('kommunenummer', '=', kommunenummer)
    .executeTakeFirstOrThrow();
  const lines: string[] = [];
  const n = review?.lines.length ?? 0;
  const strenger = countWord(n, 'kontostreng', 'kontostrenger');
  if (review?.status === 'godkjent' && !review.outdated) lines.push(`${kommune.navn} har godkjent kontering og ${strenger} i konteringsmatrisen.`);
  else if (review?.status === 'godkjent') lines.push(`${kommune.navn} har ${strenger} i konteringsmatrisen og en godkjenning som er utdatert.`);
  else lines.push(`${kommune.navn} har ${strenger} i konteringsmatrisen og ${STATUS_TEXT[review?.status ?? 'utkast'] ?? ''}.`);
  const m = review?.mapping;
  if (m?.ansvar) {
    const funksjoner = [m.funksjonIHjemmet, m.funksjonUtenforHjemmet, m.funksjonAdministrasjon].filter((f): f is string => !!f);
    lines.push(`Tilknytningen: ansvar ${m.ansvar}${funksjoner.length ? `, funksjon ${funksjoner.join(', ')}` : ''}.`);
  }
  const p = Number(posting.n);
  if (p > 0) lines.push(`${countWord(p, 'posteringsinnstilling', 'posteringsinnstillinger')} gjelder bare ${kommune.navn}.`);
  return {
    kommune,
    lines,
    consequence: `${kommune.navn} tas ut av konteringsmatrisen, godkjenningen og neste eksport.`,
    kept: `Ingenting av dette slettes: legger du ${kommune.navn} til igjen, kommer tilknytningen, innstillingene og godkjenningshistorikken tilbake, og godkjenneren må godkjenne kommunen på nytt.`,
  };
}

export async function memberRemovalCost(db: Executor, tjenesteId: number, userId: number, roleLabel: (r: string) => string) {
  const member = (await listMembers(db, tjenesteId)).find((u) => u.id === userId);
  if (!member) throw new NotFoundError();
  const roles = (member.roles as string[]).map(roleLabel);
  return {
    member,
    lines: [
      `${member.navn} (${member.email}) mister tilgangen til tjenesten og rollene ${roles.join(', ')}.`,
      'Endringene brukeren har gjort, står i endringsloggen, og godkjenninger brukeren har gitt, gjelder fortsatt.',
      'Vil du gi tilgang igjen, legger du til e-postadressen på nytt (som en invitasjon).',
    ],
  };
}
