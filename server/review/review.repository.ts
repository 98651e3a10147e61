import type { Executor } from '../platform/db/database.ts';
import type { ReviewStatus } from '../kodeverk/kodeverk.tables.ts';

const columns = [
  'kommunenummer',
  'status',
  'submitted_by_label',
  'submitted_at',
  'decided_by',
  'decided_by_label',
  'decided_at',
  'comment',
  'submitted_by',
  'submitted_hash',
  'submitted_snapshot',
  'approved_by_label',
  'approved_at',
  'approved_hash',
  'approved_snapshot',
] as const;

export async function listReviews(db: Executor, tjenesteId: number) {
  return db.selectFrom('kommune_review').select(columns).where('tjeneste_id', '=', tjenesteId).execute();
}

export async function findReviewForUpdate(db: Executor, tjenesteId: number, kommunenummer: string) {
  return db.selectFrom('kommune_review').select(columns).where('tjeneste_id', '=', tjenesteId).where('kommunenummer', '=', kommunenummer).forUpdate().executeTakeFirst();
}

/**
 * Serialises the review decisions of one tjeneste (send, approve, reject): each reads the state after the other's
 * commit. The kommune rows, not the tjeneste row, and `no key update`, so saving a mapping (whose foreign key takes
 * a key-share lock on the same rows) or an import is never blocked by it.
 */
export async function lockReviews(db: Executor, tjenesteId: number) {
  await db.selectFrom('tjeneste_kommune').select('kommunenummer').where('tjeneste_id', '=', tjenesteId).forNoKeyUpdate().execute();
}

export interface ReviewPatch {
  status: ReviewStatus;
  submitted_by?: number | null;
  submitted_hash?: string | null;
  submitted_snapshot?: string | null;
  submitted_by_label?: string | null;
  submitted_at?: Date | null;
  decided_by?: number | null;
  decided_by_label?: string | null;
  decided_at?: Date | null;
  comment?: string | null;
  approved_by_label?: string | null;
  approved_at?: Date | null;
  approved_hash?: string | null;
  approved_snapshot?: string | null;
}

export async function upsertReview(db: Executor, tjenesteId: number, kommunenummer: string, patch: ReviewPatch) {
  await db
    .insertInto('kommune_review')
    .values({ tjeneste_id: tjenesteId, kommunenummer, ...patch })
    .onConflict((oc) => oc.columns(['tjeneste_id', 'kommunenummer']).doUpdateSet({ ...patch, updated_at: new Date() }))
    .execute();
}
