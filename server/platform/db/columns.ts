import type { ColumnType } from 'kysely';

// Column types the capabilities' tables files (server/<capability>/<capability>.tables.ts) share.
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T> = ColumnType<T, string, string>;
/**
 * A register's row table: the version it belongs to and the register's record as its definition's fields make it (so a
 * field added there is a column here with no edit), with `Loose` columns typed as the database holds them where the
 * record is stricter (a choice as text, a column older rows have null, a column with a default).
 */
export type RowTable<R, Loose extends { [K in keyof R]?: unknown } = Record<never, never>> = { version_id: number } & Omit<R, keyof Loose> & Loose;
