import type { Trx } from '../platform/db/database.ts';
import type { Actor } from '../platform/http/context.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { listKommuner } from '../tenancy/tenancy.service.ts';
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

/**
 * A new regnskapsår (regnskapsar.service.ts, copyToNextYear), in its transaction: every kommune's approval back to
 * utkast with the reason, logged; the reset is the latest decision on the kommune, so its card shows who, when and why.
 */
export async function resetApprovalsForYear(trx: Trx, actor: Actor, from: number, to: number): Promise<void> {
  await repo.lockReviews(trx, actor.tjenesteId);
  const kommuner = await listKommuner(trx, actor.tjenesteId);
  const reviews = await repo.listReviews(trx, actor.tjenesteId);
  const reason = `Kodeverket er kopiert til regnskapsår ${to} og må godkjennes for det året.`;
  for (const r of reviews) {
    if (r.status === 'utkast') continue;
    const navn = kommuner.find((k) => k.kommunenummer === r.kommunenummer)?.navn ?? r.kommunenummer;
    // the reset is the latest decision on the kommune: its card shows who reset it, when and why
    await repo.upsertReview(trx, actor.tjenesteId, r.kommunenummer, { status: 'utkast', decided_by: actor.userId, decided_by_label: actor.label, decided_at: new Date(), comment: reason });
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: { id: actor.userId, label: actor.label },
      action: 'nullstilt',
      entity: 'godkjenning',
      entityId: r.kommunenummer,
      summary: `${navn} er tilbake til utkast (var ${r.status === 'godkjent' ? 'godkjent' : r.status === 'avvist' ? 'avvist' : 'sendt til godkjenning'} for ${from}): ${reason}`,
      before: { status: r.status },
      after: { status: 'utkast' },
    });
  }
}
