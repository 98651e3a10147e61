import type { Db } from '../../server/platform/db/database.ts';
import type { Actor } from '../../server/platform/http/context.ts';
import { saveMapping } from '../../server/mapping/mapping.service.ts';
import { approveKommune, loadKommuneReviews, submitForReview } from '../../server/review/review.service.ts';
import type { TestTjeneste, TestUser } from './factories.ts';
import { seedRegisters } from './registers.ts';

export const actorFor = (t: TestTjeneste, u: TestUser): Actor => ({ userId: u.id, label: `${u.navn} <${u.email}>`, roles: u.roles, tjenesteId: t.id });

const LOFOTEN_ANSVAR: Record<string, string> = { '1860': '7100', '1859': '7110', '1874': '7120' };

/** Maps every kommune of a Lofoten-style test tjeneste to its ansvar and 251/252 through the real service. */
export async function mapAllKommuner(db: Db, t: TestTjeneste) {
  for (const [nr, ansvar] of Object.entries(LOFOTEN_ANSVAR)) {
    const r = await saveMapping(db, actorFor(t, t.users.regnskap), nr, {
      version: 0,
      ansvar,
      funksjon_i_hjemmet: '251',
      funksjon_utenfor_hjemmet: '252',
      funksjon_administrasjon: '244',
      orig_ansvar: null,
      orig_funksjon_i_hjemmet: null,
      orig_funksjon_utenfor_hjemmet: null,
      orig_funksjon_administrasjon: null,
    });
    if (!r.ok) throw new Error(`mapping of ${nr} failed`);
  }
}

/** Registers, mapping, submission and the godkjenner's approval of every kommune: a kodeverk ready for export. */
export async function prepareApprovedKodeverk(db: Db, t: TestTjeneste) {
  await seedRegisters(db, t.id);
  await mapAllKommuner(db, t);
  await submitForReview(db, actorFor(t, t.users.regnskap), 'alle');
  for (const nr of Object.keys(LOFOTEN_ANSVAR)) await approveAsShown(db, t, nr, null);
}

/** The godkjenner approves a kommune's content as it is now (what their page would show), through the service. */
export async function approveAsShown(db: Db, t: TestTjeneste, nr: string, comment: string | null, by: TestUser = t.users.godkjenner) {
  const k = (await loadKommuneReviews(db, t.id)).find((x) => x.kommunenummer === nr);
  if (!k) throw new Error(`no kommune ${nr}`);
  const outcome = await approveKommune(db, actorFor(t, by), nr, { comment, seenHash: k.hash });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome;
}

/** The hidden hash of a kommune's approve form on a rendered Godkjenning page (what the godkjenner saw). */
export function approveHashFrom(html: string, nr: string): string {
  const m = new RegExp(`action="[^"]*/godkjenning/${nr}/godkjenn">[\\s\\S]*?name="hash" value="([0-9a-f]{64})"`).exec(html);
  if (!m?.[1]) throw new Error(`no approve form for ${nr} on the page`);
  return m[1];
}
