import type { Trx } from '../platform/db/database.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import * as repo from './review.repository.ts';

/**
 * A change to a rejected (avvist) kommune's mapping returns it to utkast. One sent to the godkjenner
 * (til_godkjenning) is sent back by the hash comparison in review.service.ts, whatever changed, with what changed;
 * an approved kommune keeps its approval and shows as «endret etter godkjenning».
 */
export async function returnToUtkastOnMappingChange(trx: Trx, tjenesteId: number, kommunenummer: string, actor: { id: number; label: string }, kommuneNavn: string) {
  const review = await repo.findReviewForUpdate(trx, tjenesteId, kommunenummer);
  if (review?.status !== 'avvist') return;
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
