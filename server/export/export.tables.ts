import type { Generated } from 'kysely';
import type { Json, Timestamp } from '../platform/db/columns.ts';

export interface KodeverkExportTable {
  id: Generated<number>;
  tjeneste_id: number;
  export_no: number;
  content_hash: string;
  file_name: string;
  zip_sha256: string;
  zip: Buffer;
  document: Json<unknown>;
  created_by: number | null;
  created_by_label: string;
  created_at: Timestamp;
}

/** The final exports, kept unchanged. */
export interface ExportTables {
  kodeverk_export: KodeverkExportTable;
}
