import type { Db, Executor } from '../platform/db/database.ts';
import type { ReviewStatus } from '../kodeverk/kodeverk.tables.ts';
import type { Actor } from '../platform/http/context.ts';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../platform/http/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { canApprove, requirePermission } from '../auth/permissions.ts';
import type { MatrixLine } from '../kodeverk/matrix.rules.ts';
import { allApprovedOf, approvalsForExportOf, kommuneApprovalOf, kommuneApprovalsOf, reviewStatusOf, type KommuneApproval } from '../kodeverk/kodeverk.approvals.ts';
import { loadKodeverkState, type KodeverkReview, type KodeverkState, type SavedMapping } from '../kodeverk/kodeverk.state.ts';
import { notifyDecided, notifySubmitted } from '../notifications/notifications.service.ts';
import * as repo from './review.repository.ts';
import { diffApproval, type ApprovalContent, type ApprovalDiff } from '../kodeverk/approval.rules.ts';
import { changesFor, type ContentChange } from '../kodeverk/changes.ts';

export const STATUS_LABEL: Record<ReviewStatus, string> = { utkast: 'Utkast', til_godkjenning: 'Til godkjenning', godkjent: 'Godkjent', avvist: 'Avvist' };

export interface KommuneReview {
  kommunenummer: string;
  navn: string;
  erVertskommune: boolean;
  status: ReviewStatus;
  /** godkjent, but what was approved differs from what the kommune has now */
  outdated: boolean;
  mapping: SavedMapping | null;
  content: ApprovalContent;
  hash: string;
  lines: MatrixLine[];
  invalidCount: number;
  problems: { code: string; message: string; fixHref: string }[];
  /** what differs from the last approval, whatever the status now (null when never approved or nothing differs) */
  diff: ApprovalDiff | null;
  /**
   * Sent to the godkjenner, then changed: what differs from what was sent, and who changed it. The kommune is then
   * an utkast again (derived here from the hashes, so a change through any path — import, settings, mapping — does it).
   */
  sentBack: { diff: ApprovalDiff; changes: ContentChange[] } | null;
  /** changes and submissions since the last approval, oldest first: the card's «who changed what» */
  changes: ContentChange[];
  /** user ids four-eyes excludes from approving (canApprove) */
  contributors: number[];
  review: KodeverkReview | null;
}

const actorRef = (a: Actor) => ({ id: a.userId, label: a.label });

/** Each kommune's review state with its current approval content; «outdated» is computed on read by comparing hashes. */
export async function loadKommuneReviews(db: Executor, tjenesteId: number): Promise<KommuneReview[]> {
  return kommuneReviewsOf(await loadKodeverkState(db, tjenesteId));
}

// A state is read-only and shared by the page views of one revision: derive its reviews once. Kept exactly as long as
// the state (the state cache counts them in its budget, kodeverk.state.ts). Measured with the page cache off (noisy
// machine): the dashboard cost ~4.6 ms of server CPU per view with it and ~7.6 ms without, Godkjenning ~2.2 and ~4.5.
const reviewsOfState = new WeakMap<KodeverkState, KommuneReview[]>();

/** loadKommuneReviews on a state already read. The result is shared: read-only. */
export function kommuneReviewsOf(state: KodeverkState): KommuneReview[] {
  let reviews = reviewsOfState.get(state);
  if (!reviews) {
    reviews = computeKommuneReviews(state);
    reviewsOfState.set(state, reviews);
  }
  return reviews;
}

function computeKommuneReviews(state: KodeverkState): KommuneReview[] {
  const approvals = kommuneApprovalsOf(state);
  return state.kommuner.map((k) => reviewOf(state, k, approvals.get(k.kommunenummer)!));
}

/** One kommune's review, computing no other kommune's approval (sending or deciding one kommune). */
export function kommuneReviewOf(state: KodeverkState, kommunenummer: string): KommuneReview | undefined {
  const k = state.kommuner.find((x) => x.kommunenummer === kommunenummer);
  const approval = kommuneApprovalOf(state, kommunenummer);
  return k && approval ? reviewOf(state, k, approval) : undefined;
}

/** Kommuner the godkjenner sent back, with who did it and why: shown where regnskap starts (Oversikt) and fixes (Kontering). */
export function rejectionsOf(reviews: readonly KommuneReview[]) {
  return reviews
    .filter((r) => r.status === 'avvist' && r.review)
    .map((r) => ({ kommunenummer: r.kommunenummer, navn: r.navn, by: r.review?.decided_by_label ?? null, at: r.review?.decided_at ?? null, comment: r.review?.comment ?? null }));
}

function reviewOf(state: KodeverkState, k: KodeverkState['kommuner'][number], a: KommuneApproval): KommuneReview {
  const review = state.reviews.find((r) => r.kommunenummer === k.kommunenummer) ?? null;
  const { status, outdated, changedSinceSent } = reviewStatusOf(review, a.hash);
  const changes = changesFor(state.changes, k.kommunenummer);
  return {
    kommunenummer: k.kommunenummer,
    navn: k.navn,
    erVertskommune: k.er_vertskommune,
    status,
    outdated,
    mapping: state.matrix.mappings.get(k.kommunenummer) ?? null,
    content: a.content,
    hash: a.hash,
    lines: a.lines,
    invalidCount: a.invalidCount,
    problems: a.problems,
    diff: review?.approved_snapshot && review.approved_hash !== a.hash ? diffApproval(review.approved_snapshot as ApprovalContent, a.content) : null,
    sentBack: changedSinceSent && review?.submitted_snapshot ? { diff: diffApproval(review.submitted_snapshot as ApprovalContent, a.content), changes: changes.sinceSubmission } : null,
    changes: changes.sinceApproval,
    contributors: changes.contributors,
    review,
  };
}

/** The export gate's view of every kommune. */
export async function approvalsForExport(db: Executor, tjenesteId: number) {
  return approvalsForExportOf(await loadKodeverkState(db, tjenesteId));
}

/** Every kommune godkjent and not outdated (and at least one kommune). */
export async function allApproved(db: Executor, tjenesteId: number): Promise<boolean> {
  return allApprovedOf(await loadKommuneReviews(db, tjenesteId));
}

/** May be sent to the godkjenner (again): mapped, and a draft, rejected, or changed since its approval. */
export const canSubmit = (k: KommuneReview) => k.mapping !== null && (k.status === 'utkast' || k.status === 'avvist' || (k.status === 'godkjent' && k.outdated));

/** Sends one kommune (or all that can be sent) to the godkjenner. */
export async function submitForReview(db: Db, actor: Actor, kommunenummer: string | 'alle') {
  requirePermission(actor, 'submitForReview');
  return db.transaction().execute(async (trx) => {
    // locked before the state is read: two sends, or a send and an approval, see each other's outcome
    await repo.lockReviews(trx, actor.tjenesteId);
    const state = await loadKodeverkState(trx, actor.tjenesteId);
    const one = kommunenummer === 'alle' ? undefined : kommuneReviewOf(state, kommunenummer);
    const chosen = kommunenummer === 'alle' ? kommuneReviewsOf(state) : one ? [one] : [];
    if (chosen.length === 0) throw new NotFoundError();
    const sent: string[] = [];
    const skipped: string[] = [];
    for (const k of chosen) {
      if (!canSubmit(k)) {
        skipped.push(k.mapping === null ? `${k.navn} (tilknytningen er ikke lagret)` : `${k.navn} (${STATUS_LABEL[k.status].toLowerCase()})`);
        continue;
      }
      await repo.upsertReview(trx, actor.tjenesteId, k.kommunenummer, {
        status: 'til_godkjenning',
        submitted_by: actor.userId,
        submitted_by_label: actor.label,
        submitted_at: new Date(),
        submitted_hash: k.hash,
        submitted_snapshot: JSON.stringify(k.content),
      });
      await recordAudit(trx, {
        tjenesteId: actor.tjenesteId,
        actor: actorRef(actor),
        action: 'sendt',
        entity: 'godkjenning',
        entityId: k.kommunenummer,
        summary: `Sendte ${k.navn} til godkjenning`,
        before: { status: k.status, outdated: k.outdated },
        after: { status: 'til_godkjenning', hash: k.hash },
      });
      sent.push(k.navn);
    }
    if (kommunenummer !== 'alle' && sent.length === 0) throw new ConflictError(`Kan ikke sende ${skipped.join(', ')} til godkjenning.`, 'cannot_submit');
    await notifySubmitted(trx, actor, sent); // e-mail to the godkjennere, in this transaction (notifications/)
    return { sent, skipped };
  });
}

export type ApproveOutcome = { ok: true; navn: string; hash: string } | { ok: false; navn: string; message: string };

/**
 * Approves one kommune: records who, when, the SHA-256 of exactly what was approved, and a snapshot of it.
 * `seenHash` is the hash of the content the godkjenner's page showed: if the content changed since, nothing is
 * approved and the caller shows the page again (with what changed) — the approval is of what was seen, or nothing.
 */
export async function approveKommune(db: Db, actor: Actor, kommunenummer: string, input: { comment: string | null; seenHash: string }): Promise<ApproveOutcome> {
  requirePermission(actor, 'decideReview');
  return db.transaction().execute(async (trx) => {
    // locked before the state is read: a send, an approval and a rejection of the tjeneste see each other's outcome
    await repo.lockReviews(trx, actor.tjenesteId);
    // this kommune's content alone: approving or rejecting one kommune computes no other kommune's hash
    const k = kommuneReviewOf(await loadKodeverkState(trx, actor.tjenesteId), kommunenummer);
    if (!k) throw new NotFoundError();
    if (input.seenHash !== k.hash)
      return {
        ok: false,
        navn: k.navn,
        message: `${k.navn} er endret etter at du åpnet siden, så den er ikke godkjent. Se hva som er endret under${k.status === 'til_godkjenning' || k.outdated ? ', og godkjenn på nytt hvis det er riktig' : ''}.`,
      };
    if (!(k.status === 'til_godkjenning' || (k.status === 'godkjent' && k.outdated)) || !k.mapping)
      throw new ConflictError(`${k.navn} er ikke sendt til godkjenning (status: ${STATUS_LABEL[k.status].toLowerCase()}). Be lønn og regnskap sende den først.`, 'not_submitted');
    if (!canApprove(actor, k)) throw new ForbiddenError(`Du har selv endret eller sendt innholdet i ${k.navn} siden forrige godkjenning. En annen godkjenner må godkjenne det (fire øyne).`);
    const now = new Date();
    await repo.upsertReview(trx, actor.tjenesteId, kommunenummer, {
      status: 'godkjent',
      decided_by: actor.userId,
      decided_by_label: actor.label,
      decided_at: now,
      comment: input.comment,
      approved_by_label: actor.label,
      approved_at: now,
      approved_hash: k.hash,
      approved_snapshot: JSON.stringify(k.content),
    });
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: actorRef(actor),
      action: 'godkjent',
      entity: 'godkjenning',
      entityId: kommunenummer,
      summary: `Godkjente ${k.navn} (${k.lines.length} kontostrenger)`,
      before: { status: k.status, outdated: k.outdated },
      after: { status: 'godkjent', hash: k.hash, comment: input.comment },
    });
    await notifyDecided(trx, actor, { kommunenummer, navn: k.navn, decision: 'godkjent', comment: input.comment }); // e-mail to the sender
    return { ok: true, navn: k.navn, hash: k.hash };
  });
}

export async function rejectKommune(db: Db, actor: Actor, kommunenummer: string, comment: string) {
  requirePermission(actor, 'decideReview');
  if (comment.trim() === '') throw new BadRequestError('Skriv hva som må rettes når du avviser.');
  return db.transaction().execute(async (trx) => {
    // locked before the state is read: a send, an approval and a rejection of the tjeneste see each other's outcome
    await repo.lockReviews(trx, actor.tjenesteId);
    // this kommune's content alone: approving or rejecting one kommune computes no other kommune's hash
    const k = kommuneReviewOf(await loadKodeverkState(trx, actor.tjenesteId), kommunenummer);
    if (!k) throw new NotFoundError();
    if (k.status !== 'til_godkjenning' && k.status !== 'godkjent')
      throw new ConflictError(`${k.navn} er ikke sendt til godkjenning (status: ${STATUS_LABEL[k.status].toLowerCase()}).`, 'not_submitted');
    await repo.upsertReview(trx, actor.tjenesteId, kommunenummer, { status: 'avvist', decided_by: actor.userId, decided_by_label: actor.label, decided_at: new Date(), comment });
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: actorRef(actor),
      action: 'avvist',
      entity: 'godkjenning',
      entityId: kommunenummer,
      summary: `Avviste ${k.navn}: ${comment}`,
      before: { status: k.status },
      after: { status: 'avvist', comment },
    });
    await notifyDecided(trx, actor, { kommunenummer, navn: k.navn, decision: 'avvist', comment }); // e-mail to the sender
    return { navn: k.navn };
  });
}
