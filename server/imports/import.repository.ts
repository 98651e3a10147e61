import { sql } from 'kysely';
import type { Db, Executor, Trx } from '../platform/db/database.ts';
import type { PendingImportStatus } from './import.tables.ts';
import type { ColumnMapping, Issue, ParseResult, PreviewFix, RegisterName } from '../spreadsheet/types.ts';
import type { RegisterRecord } from '../registers/registry.ts';

// Pending imports (uploaded, read and waiting for "lagre" or "avbryt") and remembered column mappings.
// Every query is filtered by tjeneste_id: a foreign id simply is not found.

const META = [
  'id',
  'tjeneste_id',
  'register',
  'file_name',
  'status',
  'rows_read',
  'failure',
  'kontoplan_version_no',
  'base_version_no',
  'fixes',
  'created_by',
  'created_at',
  'updated_at',
  'expires_at',
] as const;

export interface NewPendingImport {
  id: string;
  tjenesteId: number;
  register: RegisterName;
  fileName: string;
  bytes: Buffer;
  createdBy: number;
  kontoplanVersionNo: number | null;
  baseVersionNo?: number | null;
  expiresAt: Date;
}

export async function insertPendingImport(db: Executor, p: NewPendingImport) {
  await db
    .insertInto('pending_import')
    .values({
      id: p.id,
      tjeneste_id: p.tjenesteId,
      register: p.register,
      file_name: p.fileName,
      file_bytes: p.bytes,
      result: JSON.stringify(null),
      status: 'leser',
      rows_read: 0,
      kontoplan_version_no: p.kontoplanVersionNo,
      base_version_no: p.baseVersionNo ?? null,
      created_by: p.createdBy,
      expires_at: p.expiresAt,
    })
    .execute();
}

export async function findPendingImport(db: Executor, tjenesteId: number, id: string) {
  return db.selectFrom('pending_import').select(META).where('tjeneste_id', '=', tjenesteId).where('id', '=', id).executeTakeFirst();
}

/** One kind of issue in a read result: how many there are and the first one's message, as an example. */
export interface IssueKind {
  severity: 'error' | 'warning';
  code: string;
  n: number;
  example: string;
}

/**
 * The read result without its records and issue lists, but their counts, the first `first` records, the first `issues`
 * errors and warnings, every issue about a column (the column overview needs them all), and each kind of issue with
 * its count.
 */
export type PreviewResult = Omit<ParseResult<RegisterRecord>, 'records' | 'errors' | 'warnings'> & {
  recordCount: number;
  firstRecords: ParseResult<RegisterRecord>['records'];
  errorCount: number;
  warningCount: number;
  errors: Issue[];
  warnings: Issue[];
  columnIssues: Issue[];
  issueKinds: IssueKind[];
};

/**
 * The preview's part of the result, cut out by the database: the page thread never parses the 100,000 records or the
 * 60,000 warnings of a large file to show 20 and 200 of them (the diff, when there is a current version, reads the
 * records with findPendingRecords; the marked workbook has every issue).
 */
export async function findPendingImportPreview(db: Executor, tjenesteId: number, id: string, first: number, issues: number, columnCodes: readonly string[]) {
  const slice = (n: number) => `$[0 to ${Math.max(0, n - 1)}]`;
  // codes are the app's own constants (letters and _), checked here because they go into a jsonpath text
  if (columnCodes.some((c) => !/^[a-z_]+$/.test(c))) throw new Error('findPendingImportPreview: a column code that is not [a-z_]');
  const columnFilter = `$[*] ? (${columnCodes.map((c) => `@.code == "${c}"`).join(' || ') || 'false'})`;
  const row = await db
    .selectFrom('pending_import')
    .select([
      ...META,
      sql<boolean>`jsonb_typeof(result) = 'object'`.as('has_result'),
      // '-' on the JSON null of a file still being read would be an error
      sql<Omit<ParseResult<RegisterRecord>, 'records' | 'errors' | 'warnings'> | null>`case when jsonb_typeof(result) = 'object' then result - 'records' - 'errors' - 'warnings' end`.as('rest'),
      sql<number | null>`jsonb_array_length(result->'records')`.as('record_count'),
      sql<ParseResult<RegisterRecord>['records'] | null>`jsonb_path_query_array(result->'records', ${slice(first)}::jsonpath)`.as('first_records'),
      sql<number | null>`jsonb_array_length(result->'errors')`.as('error_count'),
      sql<number | null>`jsonb_array_length(result->'warnings')`.as('warning_count'),
      sql<Issue[] | null>`jsonb_path_query_array(result->'errors', ${slice(issues)}::jsonpath)`.as('first_errors'),
      sql<Issue[] | null>`jsonb_path_query_array(result->'warnings', ${slice(issues)}::jsonpath)`.as('first_warnings'),
      sql<Issue[] | null>`jsonb_path_query_array(result->'errors', ${columnFilter}::jsonpath) || jsonb_path_query_array(result->'warnings', ${columnFilter}::jsonpath)`.as('column_issues'),
      sql<IssueKind[] | null>`(
        select coalesce(jsonb_agg(jsonb_build_object('severity', k.severity, 'code', k.code, 'n', k.n, 'example', k.example) order by k.severity, k.n desc, k.first_at), '[]'::jsonb)
        from (
          select x.severity, x.e->>'code' as code, count(*)::int as n, min(x.i) as first_at, (array_agg(x.e->>'message' order by x.i))[1] as example
          from (
            select 'error' as severity, t.e, t.i from jsonb_array_elements(case when jsonb_typeof(result->'errors') = 'array' then result->'errors' else '[]'::jsonb end) with ordinality as t(e, i)
            union all
            select 'warning', t.e, t.i from jsonb_array_elements(case when jsonb_typeof(result->'warnings') = 'array' then result->'warnings' else '[]'::jsonb end) with ordinality as t(e, i)
          ) x
          group by x.severity, x.e->>'code'
        ) k
      )`.as('issue_kinds'),
    ])
    .where('tjeneste_id', '=', tjenesteId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { has_result, rest, record_count, first_records, error_count, warning_count, first_errors, first_warnings, column_issues, issue_kinds, ...meta } = row;
  const result: PreviewResult | null =
    has_result && rest
      ? {
          ...rest,
          recordCount: Number(record_count ?? 0),
          firstRecords: first_records ?? [],
          errorCount: Number(error_count ?? 0),
          warningCount: Number(warning_count ?? 0),
          errors: first_errors ?? [],
          warnings: first_warnings ?? [],
          columnIssues: column_issues ?? [],
          issueKinds: issue_kinds ?? [],
        }
      : null;
  return { ...meta, result };
}

/**
 * Locks the row so a double click on "lagre" commits once. Returns the result without its records and warnings (their
 * counts instead): the records are read a page at a time (findPendingRecords) and the warnings copied by the database
 * (pendingWarningsSql), so the page thread never parses a 30 MB result in one piece.
 */
export async function lockPendingImport(trx: Trx, tjenesteId: number, id: string) {
  const row = await trx
    .selectFrom('pending_import')
    .select([
      ...META,
      sql<Omit<ParseResult<RegisterRecord>, 'records' | 'warnings'> | null>`case when jsonb_typeof(result) = 'object' then result - 'records' - 'warnings' end`.as('rest'),
      sql<number | null>`jsonb_array_length(result->'records')`.as('record_count'),
      sql<number | null>`jsonb_array_length(result->'warnings')`.as('warning_count'),
    ])
    .where('tjeneste_id', '=', tjenesteId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return undefined;
  const { rest, record_count, warning_count, ...meta } = row;
  return { ...meta, result: rest ? { ...rest, recordCount: Number(record_count ?? 0), warningCount: Number(warning_count ?? 0) } : null };
}

/** Records per query when a preview is saved: ~1–2 MB of JSON each. */
const RECORD_PAGE = 10_000;

/** Every record of a pending import (`total` of them: its result's recordCount), read `RECORD_PAGE` at a time. */
export async function findPendingRecords(db: Executor, tjenesteId: number, id: string, total: number): Promise<ParseResult<RegisterRecord>['records']> {
  const records: ParseResult<RegisterRecord>['records'] = [];
  for (let at = 0; at < total; at += RECORD_PAGE) {
    const row = await db
      .selectFrom('pending_import')
      .select(sql<ParseResult<RegisterRecord>['records'] | null>`jsonb_path_query_array(result->'records', ${`$[${at} to ${at + RECORD_PAGE - 1}]`}::jsonpath)`.as('page'))
      .where('tjeneste_id', '=', tjenesteId)
      .where('id', '=', id)
      .executeTakeFirst();
    for (const r of row?.page ?? []) records.push(r);
  }
  return records;
}

/** The pending import's warnings as a jsonb expression, for the database to copy into the version it becomes. */
export function pendingWarningsSql(tjenesteId: number, id: string) {
  return sql<string>`(select coalesce(result->'warnings', '[]'::jsonb) from pending_import where tjeneste_id = ${tjenesteId} and id = ${id})`;
}

/** What the marked workbook needs: the issues only, not the records (a 100,000-row result is tens of MB of JSON). */
export async function findPendingImportBytes(db: Executor, tjenesteId: number, id: string) {
  return db.selectFrom('pending_import').select(['file_name', 'file_bytes']).where('tjeneste_id', '=', tjenesteId).where('id', '=', id).executeTakeFirst();
}

/**
 * What «Last ned med feilmarkering» needs: the file and its errors and warnings as one JSON array, joined and turned
 * into text by the database (a 250,000-row file can have 40,000 issues; the thread that marks them parses them).
 */
export async function findPendingImportForMarking(db: Executor, tjenesteId: number, id: string) {
  const list = (key: 'errors' | 'warnings') => sql`case when jsonb_typeof(result->${key}) = 'array' then result->${key} else '[]'::jsonb end`;
  return db
    .selectFrom('pending_import')
    .select(['file_name', 'file_bytes', sql<string>`(${list('errors')} || ${list('warnings')})::text`.as('issues_json')])
    .where('tjeneste_id', '=', tjenesteId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * One user's open previews (not expired), with the error and warning counts read inside the database (a result can be
 * tens of MB) and whether a version of the same register was saved after the upload (then the preview is outdated).
 */
export async function listOpenPreviews(db: Executor, tjenesteId: number, userId: number, now: Date) {
  const count = (key: 'errors' | 'warnings') => sql<number>`coalesce(jsonb_array_length(case when jsonb_typeof(pending_import.result->${key}) = 'array' then pending_import.result->${key} end), 0)`;
  return db
    .selectFrom('pending_import')
    .select(['pending_import.id', 'pending_import.register', 'file_name', 'status', 'rows_read', 'pending_import.created_at'])
    .select(count('errors').as('error_count'))
    .select(count('warnings').as('warning_count'))
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('register_version')
            .select('register_version.id')
            .whereRef('register_version.tjeneste_id', '=', 'pending_import.tjeneste_id')
            .whereRef('register_version.register', '=', 'pending_import.register')
            .whereRef('register_version.created_at', '>', 'pending_import.created_at'),
        )
        .as('superseded'),
    )
    .where('pending_import.tjeneste_id', '=', tjenesteId)
    .where('pending_import.created_by', '=', userId)
    .where('pending_import.expires_at', '>', now)
    .orderBy('pending_import.created_at', 'desc')
    .execute();
}

/** Progress while reading; only a row still being read is touched (a late update never undoes the result). */
export async function updatePendingProgress(db: Executor, tjenesteId: number, id: string, rowsRead: number) {
  await db.updateTable('pending_import').set({ rows_read: rowsRead, updated_at: sql<Date>`now()` }).where('tjeneste_id', '=', tjenesteId).where('id', '=', id).where('status', '=', 'leser').execute();
}

/**
 * Bytes per statement when a read result is written: the driver copies each statement's parameters into a message of
 * its own (growing it by doubling), so one 30 MB parameter costs ~100 MB on the page thread; 1 MB parts cost ~2 MB.
 */
const RESULT_PART_BYTES = 1024 * 1024;

/** Consecutive parts joined into buffers of about `size` bytes (a part larger than that is cut). */
function* partGroups(parts: readonly Uint8Array[], size: number): Generator<Buffer> {
  let group: Uint8Array[] = [];
  let length = 0;
  for (const part of parts) {
    for (let at = 0; at < part.byteLength; ) {
      const piece = part.subarray(at, at + size - length);
      group.push(piece);
      length += piece.byteLength;
      at += piece.byteLength;
      if (length >= size) {
        yield Buffer.concat(group);
        group = [];
        length = 0;
      }
    }
  }
  if (length > 0) yield Buffer.concat(group);
}

export async function finishPendingImport(
  db: Db,
  tjenesteId: number,
  id: string,
  // resultJson: the result already as UTF-8 JSON in parts (made by the worker thread that read the file)
  outcome: { status: Exclude<PendingImportStatus, 'leser'>; result: ParseResult<RegisterRecord> | null; resultJson?: readonly Uint8Array[]; failure: string | null; rowsRead: number },
) {
  const json = outcome.resultJson;
  const meta = { status: outcome.status, failure: outcome.failure, rows_read: outcome.rowsRead, updated_at: sql<Date>`now()` };
  const row = (q: Executor) => q.updateTable('pending_import').where('tjeneste_id', '=', tjenesteId).where('id', '=', id);
  if (!json) {
    await row(db)
      .set({ ...meta, result: JSON.stringify(outcome.result) })
      .execute();
    return;
  }
  // the parts go to a table of this transaction's own, about RESULT_PART_BYTES per statement, and are joined (as
  // bytes: a part may end inside a character) by the database, so this thread never holds the text as one piece
  await db.transaction().execute(async (trx) => {
    await sql`create temp table pending_result_part (seq int not null, bytes bytea not null) on commit drop`.execute(trx);
    let seq = 0;
    for (const group of partGroups(json, RESULT_PART_BYTES)) {
      await sql`insert into pending_result_part (seq, bytes) values (${seq++}, ${group})`.execute(trx);
    }
    await row(trx)
      .set({ ...meta, result: sql<string>`(select convert_from(string_agg(bytes, ''::bytea order by seq), 'UTF8')::jsonb from pending_result_part)` })
      .execute();
  });
}

/** A read stopped with its process (shutdown): only a row still being read, so a result written first stays. */
export async function interruptPendingImport(db: Executor, tjenesteId: number, id: string, failure: string) {
  await db
    .updateTable('pending_import')
    .set({ status: 'feilet', failure, updated_at: sql<Date>`now()` })
    .where('tjeneste_id', '=', tjenesteId)
    .where('id', '=', id)
    .where('status', '=', 'leser')
    .execute();
}

export async function restartPendingImport(db: Executor, tjenesteId: number, id: string) {
  await db
    .updateTable('pending_import')
    .set({ status: 'leser', rows_read: 0, failure: null, result: JSON.stringify(null), updated_at: sql<Date>`now()` })
    .where('tjeneste_id', '=', tjenesteId)
    .where('id', '=', id)
    .execute();
}

export async function deletePendingImport(db: Executor, tjenesteId: number, id: string): Promise<boolean> {
  const r = await db.deleteFrom('pending_import').where('tjeneste_id', '=', tjenesteId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function deleteExpiredPendingImports(db: Executor, tjenesteId: number, now: Date) {
  await db.deleteFrom('pending_import').where('tjeneste_id', '=', tjenesteId).where('expires_at', '<', now).execute();
}

export async function findColumnMapping(db: Executor, tjenesteId: number, register: RegisterName): Promise<ColumnMapping | null> {
  const row = await db.selectFrom('column_mapping').select('mapping').where('tjeneste_id', '=', tjenesteId).where('register', '=', register).executeTakeFirst();
  return row ? (row.mapping as ColumnMapping) : null;
}

export async function upsertColumnMapping(db: Executor, tjenesteId: number, register: RegisterName, mapping: ColumnMapping) {
  await db
    .insertInto('column_mapping')
    .values({ tjeneste_id: tjenesteId, register, mapping: JSON.stringify(mapping) })
    .onConflict((oc) => oc.columns(['tjeneste_id', 'register']).doUpdateSet({ mapping: JSON.stringify(mapping), updated_at: sql<Date>`now()` }))
    .execute();
}

/**
 * At start-up: reads left «leser» by a process that died (SIGKILL, power loss) are marked failed at once instead of
 * showing «leses» until they go stale. Every live read touches its row at least every heartbeat, so a row untouched
 * for `olderThanMs` belongs to no running process — of this instance or another on the same database.
 */
export async function failDeadReads(db: Executor, olderThanMs: number, failure: string): Promise<number> {
  const result = await db
    .updateTable('pending_import')
    .set({ status: 'feilet', failure, updated_at: sql<Date>`now()` })
    .where('status', '=', 'leser')
    .where('updated_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The user has been shown the diff against the version now current: a save from here is made from that version. */
export async function rebasePendingImport(db: Executor, tjenesteId: number, id: string, baseVersionNo: number) {
  await db.updateTable('pending_import').set({ base_version_no: baseVersionNo }).where('tjeneste_id', '=', tjenesteId).where('id', '=', id).execute();
}

/** The user's fixes in the preview are kept with it; the file's bytes are not changed. */
export async function setPendingFixes(db: Executor, tjenesteId: number, id: string, fixes: readonly PreviewFix[]) {
  await db
    .updateTable('pending_import')
    .set({ fixes: JSON.stringify(fixes) })
    .where('tjeneste_id', '=', tjenesteId)
    .where('id', '=', id)
    .execute();
}

/** Remembered value mappings of a register: field -> cell text (trimmed, lower case) -> the text to read. */
export async function findValueMaps(db: Executor, tjenesteId: number, register: RegisterName): Promise<Record<string, Record<string, string>>> {
  const rows = await db.selectFrom('value_mapping').select(['field', 'from_text', 'to_text']).where('tjeneste_id', '=', tjenesteId).where('register', '=', register).execute();
  const maps: Record<string, Record<string, string>> = {};
  for (const r of rows) (maps[r.field] ??= {})[r.from_text] = r.to_text;
  return maps;
}

export async function upsertValueMapping(db: Executor, tjenesteId: number, register: RegisterName, m: { field: string; from: string; to: string }, by: string) {
  await db
    .insertInto('value_mapping')
    .values({ tjeneste_id: tjenesteId, register, field: m.field, from_text: m.from, to_text: m.to, updated_by_label: by })
    .onConflict((oc) => oc.columns(['tjeneste_id', 'register', 'field', 'from_text']).doUpdateSet({ to_text: m.to, updated_by_label: by, updated_at: sql<Date>`now()` }))
    .execute();
}
