import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from '../platform/db/columns.ts';

export interface RegisterVersionTable {
  id: Generated<number>;
  tjeneste_id: number;
  register: string;
  version_no: number;
  content_hash: string;
  file_name: string;
  counts: Json<Record<string, number>>;
  warnings: ColumnType<unknown[], string | undefined, string>;
  created_by: number | null;
  created_at: Timestamp;
  /** where the content came from (migration 2026-12-01T2100): a file, an edit in the app, or a restored older version */
  kilde: ColumnType<RegisterVersionSource, RegisterVersionSource | undefined, never>;
  begrunnelse: ColumnType<string | null, string | null | undefined, never>;
  restored_from: ColumnType<number | null, number | null | undefined, never>;
  /** what was fixed in the preview before saving, in words (migration 2026-12-01T2130) */
  rettinger: ColumnType<string[], string | undefined, never>;
}
export type RegisterVersionSource = 'fil' | 'app' | 'gjenoppretting' | 'system';

/** Every register's versions (the rows are in each register's own table). */
export interface RegistersTables {
  register_version: RegisterVersionTable;
}
