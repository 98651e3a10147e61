import type { ColumnType } from 'kysely';
import type { Json, Timestamp } from '../platform/db/columns.ts';
import type { PreviewFix } from '../spreadsheet/types.ts';

export type PendingImportStatus = 'leser' | 'klar' | 'feilet';
/** A file being read or waiting as a preview, until it is saved or expires. */
export interface PendingImportTable {
  id: string;
  tjeneste_id: number;
  register: string;
  file_name: string;
  file_bytes: Buffer;
  result: Json<unknown>;
  created_by: number | null;
  created_at: Timestamp;
  expires_at: Date | string;
  // import progress (migration 2026-11-23T1020-import-progress)
  status: ColumnType<PendingImportStatus, PendingImportStatus | undefined, PendingImportStatus>;
  rows_read: ColumnType<number, number | undefined, number>;
  failure: string | null;
  kontoplan_version_no: number | null;
  /** the register's own current version when the preview was read (migration 2026-12-01T1302) */
  base_version_no: number | null;
  /** the user's fixes in the preview (migration 2026-12-01T2130) */
  fixes: ColumnType<PreviewFix[], string | undefined, string>;
  updated_at: Timestamp;
}
export interface ColumnMappingTable {
  tjeneste_id: number;
  register: string;
  mapping: Json<Record<string, string>>;
  updated_at: Timestamp;
}
export interface ValueMappingTable {
  tjeneste_id: number;
  register: string;
  field: string;
  from_text: string;
  to_text: string;
  updated_at: Timestamp;
  updated_by_label: string;
}

/** Previews waiting to be saved and the column and value mappings remembered from earlier files. */
export interface ImportTables {
  pending_import: PendingImportTable;
  column_mapping: ColumnMappingTable;
  value_mapping: ValueMappingTable;
}
