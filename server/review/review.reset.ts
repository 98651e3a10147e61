import type { Trx } from '../platform/db/database.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import * as repo from './review.repository.ts';

/**
 * A change to a kommune's mapping after it was sent (til_godkjenning) or rejected (avvist) returns it to utkast.
 * An approved kommune keeps its approval; the hash comparison then shows it as «endret etter godkjenning».
 */
export async function returnToUtkastOnMappingChange(trx: Trx, tjenesteId: number, kommunenummer: string, actor: { id: number; label: string }, kommuneNavn: string) {
  const review = await repo.findReviewForUpdate(trx, tjenesteId, kommunenummer);
  if (!review || (review.status !== 'til_godkjenning' && review.status !== 'avvist')) return;
  await repo.upsertReview(trx, tjenesteId, kommunenummer, { status: 'utkast' });
  await recordAudit(trx, {
    tjenesteId,
    actor,
    action: 'endret',
    entity: 'godkjenning',
    entityId: kommunenummer,
    summary: `${kommuneNavn} er tilbake til utkast fordi tilknytningen ble endret`,
    before: { status: review.status },
    after: { status: 'utkast' },
  });
}
