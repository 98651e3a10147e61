import type { Generated } from 'kysely';
import type { Json, Timestamp } from '../platform/db/columns.ts';

export interface AuditLogTable {
  id: Generated<string>;
  tjeneste_id: number | null;
  user_id: number | null;
  user_label: string;
  at: Timestamp;
  action: string;
  entity: string;
  entity_id: string | null;
  summary: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
}

/** The append-only change log. */
export interface AuditTables {
  audit_log: AuditLogTable;
}
