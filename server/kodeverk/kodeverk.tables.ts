import type { ColumnType } from 'kysely';
import type { Timestamp } from '../platform/db/columns.ts';

export type ReviewStatus = 'utkast' | 'til_godkjenning' | 'godkjent' | 'avvist';
export interface KommuneReviewTable {
  tjeneste_id: number;
  kommunenummer: string;
  status: ColumnType<ReviewStatus, ReviewStatus | undefined, ReviewStatus>;
  submitted_by: number | null;
  submitted_by_label: string | null;
  submitted_at: Date | string | null;
  submitted_hash: string | null;
  submitted_snapshot: ColumnType<unknown, string | null | undefined, string | null>;
  decided_by: number | null;
  decided_by_label: string | null;
  decided_at: Date | string | null;
  comment: string | null;
  approved_by_label: string | null;
  approved_at: Date | string | null;
  approved_hash: string | null;
  approved_snapshot: ColumnType<unknown, string | null | undefined, string | null>;
  updated_at: Timestamp;
}

/** Each kommune's approval: part of the kodeverk state its readers take (review writes it). */
export interface KodeverkTables {
  kommune_review: KommuneReviewTable;
}
