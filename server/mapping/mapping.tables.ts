import type { ColumnType } from 'kysely';

// The mapping capability's own table, added to the app's Database type here (schema.ts holds the shared ones).
export interface DeltAnsvarTable {
  tjeneste_id: number;
  ansvar: string;
  begrunnelse: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: number | null;
  updated_by_label: string;
}

declare module '../platform/db/schema.ts' {
  interface Database {
    delt_ansvar: DeltAnsvarTable;
  }
}
