import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { RegisterName, Tiltakstype } from '../spreadsheet/types.ts';
import type { Fordel } from '../reference/amelding.ts';
import type { KontoplanKontoTable } from '../kontoplan/kontoplan.tables.ts';
import type { LonnsartTable } from '../lonnsarter/lonnsarter.tables.ts';
import type { UtbetalingskategoriTable } from '../utbetalingskategorier/utbetalingskategorier.tables.ts';
import { kontoplanDefinition } from '../kontoplan/kontoplan.definition.ts';
import { lonnsarterDefinition, type LonnsartRecord } from '../lonnsarter/lonnsarter.definition.ts';
import { utbetalingskategorierDefinition } from '../utbetalingskategorier/utbetalingskategorier.definition.ts';
import { storedColumns } from '../spreadsheet/definition.ts';
import { defaultLonnsartTiltakstype } from '../lonnsarter/lonnsarter.rules.ts';
import type { RegisterRecord } from './registry.ts';

/** A stored lønnsart row as a record; a row stored before tiltakstype existed gets the default for its kind, as the import would give it. */
function lonnsartOf(r: Omit<LonnsartRecord, 'tiltakstype' | 'fordel'> & { tiltakstype: string | null; fordel: string | null }): LonnsartRecord {
  return { ...r, tiltakstype: (r.tiltakstype as Tiltakstype | null) ?? defaultLonnsartTiltakstype(r), fordel: r.fordel as Fordel | null };
}

export async function findCurrentVersion(db: Executor, tjenesteId: number, register: RegisterName) {
  return db
    .selectFrom('register_version')
    .select(['id', 'version_no', 'content_hash', 'file_name', 'counts', 'warnings', 'created_at', 'created_by', 'kilde', 'begrunnelse', 'restored_from'])
    .where('tjeneste_id', '=', tjenesteId)
    .where('register', '=', register)
    .orderBy('version_no', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The newest version of each register in one query (distinct on uses the unique (tjeneste_id, register, version_no) index). */
export async function findCurrentVersions(db: Executor, tjenesteId: number) {
  const rows = await db
    .selectFrom('register_version')
    .select(['id', 'register', 'version_no', 'content_hash', 'file_name', 'created_at'])
    .distinctOn('register')
    .where('tjeneste_id', '=', tjenesteId)
    .orderBy('register')
    .orderBy('version_no', 'desc')
    .execute();
  const of = (r: RegisterName) => rows.find((x) => x.register === r);
  return { kontoplan: of('kontoplan'), lonnsarter: of('lonnsarter'), utbetalingskategorier: of('utbetalingskategorier') };
}

export async function findVersion(db: Executor, tjenesteId: number, register: RegisterName, versionNo: number) {
  return db
    .selectFrom('register_version')
    .select(['id', 'version_no', 'content_hash', 'file_name', 'counts', 'warnings', 'created_at', 'created_by', 'kilde', 'begrunnelse', 'restored_from', 'rettinger'])
    .where('tjeneste_id', '=', tjenesteId)
    .where('register', '=', register)
    .where('version_no', '=', versionNo)
    .executeTakeFirst();
}

export async function listVersions(db: Executor, tjenesteId: number, register: RegisterName) {
  return db
    .selectFrom('register_version')
    .leftJoin('app_user', 'app_user.id', 'register_version.created_by')
    .select(['register_version.id', 'version_no', 'content_hash', 'file_name', 'counts', 'register_version.created_at', 'app_user.navn as created_by_navn', 'kilde', 'begrunnelse', 'restored_from'])
    .where('tjeneste_id', '=', tjenesteId)
    .where('register', '=', register)
    .orderBy('version_no', 'desc')
    .execute();
}

// Row readers take a version id that the caller got through a tjeneste-scoped query above. Each selects the columns
// its definition stores (storedColumns), so a field added there is read without a change here.
const KONTOPLAN_COLUMNS = storedColumns(kontoplanDefinition).map((c) => c.name) as Exclude<keyof KontoplanKontoTable, 'version_id'>[];
const LONNSART_COLUMNS = storedColumns(lonnsarterDefinition).map((c) => c.name) as Exclude<keyof LonnsartTable, 'version_id'>[];
const UTBETALINGSKATEGORI_COLUMNS = storedColumns(utbetalingskategorierDefinition).map((c) => c.name) as Exclude<keyof UtbetalingskategoriTable, 'version_id'>[];

export async function listKontoplanRows(db: Executor, versionId: number) {
  return db.selectFrom('kontoplan_konto').select(KONTOPLAN_COLUMNS).where('version_id', '=', versionId).orderBy('dimensjon').orderBy('kode').execute();
}

export async function listLonnsartRows(db: Executor, versionId: number): Promise<LonnsartRecord[]> {
  return (await db.selectFrom('lonnsart').select(LONNSART_COLUMNS).where('version_id', '=', versionId).orderBy('kode').execute()).map(lonnsartOf);
}

export async function listUtbetalingskategoriRows(db: Executor, versionId: number) {
  return db.selectFrom('utbetalingskategori').select(UTBETALINGSKATEGORI_COLUMNS).where('version_id', '=', versionId).orderBy('lopenr').execute();
}

// Paged row readers for the version pages (a kontoplan may have 100 000 rows); same version-id contract as above.
// `search` matches a code or a name (case-insensitive); the kontoplan is shown art, ansvar, funksjon as the ERP has it.
const dimensjonOrder = sql<number>`case dimensjon when 'art' then 0 when 'ansvar' then 1 else 2 end`;
const matches = (search: string | undefined) => (search ? `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null);

export async function countVersionRows(db: Executor, register: RegisterName, versionId: number, search?: string): Promise<number> {
  const table = register === 'kontoplan' ? 'kontoplan_konto' : register === 'lonnsarter' ? 'lonnsart' : 'utbetalingskategori';
  const like = matches(search);
  let q = db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('version_id', '=', versionId);
  if (like) q = q.where(sql<boolean>`(lower(coalesce(kode, '')) like ${like} or lower(navn) like ${like})`);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listVersionRowsPage(db: Executor, register: RegisterName, versionId: number, page: { limit: number; offset: number; search?: string }) {
  const like = matches(page.search);
  const found = sql<boolean>`(lower(coalesce(kode, '')) like ${like} or lower(navn) like ${like})`;
  if (register === 'kontoplan') {
    let q = db.selectFrom('kontoplan_konto').select(KONTOPLAN_COLUMNS).where('version_id', '=', versionId).orderBy(dimensjonOrder).orderBy('kode').limit(page.limit).offset(page.offset);
    if (like) q = q.where(found);
    return q.execute();
  }
  if (register === 'lonnsarter') {
    let q = db.selectFrom('lonnsart').select(LONNSART_COLUMNS).where('version_id', '=', versionId).orderBy('kode').limit(page.limit).offset(page.offset);
    if (like) q = q.where(found);
    return (await q.execute()).map(lonnsartOf);
  }
  let q = db.selectFrom('utbetalingskategori').select(UTBETALINGSKATEGORI_COLUMNS).where('version_id', '=', versionId).orderBy('lopenr').limit(page.limit).offset(page.offset);
  if (like) q = q.where(found);
  return q.execute();
}

/** Only the codes of one dimension (the art check of lønnsarter/utbetalingskategorier needs no names). */
export async function listKontoplanKoder(db: Executor, versionId: number, dimensjon: 'art' | 'ansvar' | 'funksjon'): Promise<string[]> {
  const rows = await db.selectFrom('kontoplan_konto').select('kode').where('version_id', '=', versionId).where('dimensjon', '=', dimensjon).execute();
  return rows.map((r) => r.kode);
}

/** Every row of one version as the register's records (lopenr is the row order, not content); version-id contract as above. */
export async function listVersionRecords(db: Executor, register: RegisterName, versionId: number): Promise<RegisterRecord[]> {
  if (register === 'kontoplan') return (await listKontoplanRows(db, versionId)) as RegisterRecord[];
  if (register === 'lonnsarter') return (await listLonnsartRows(db, versionId)) as RegisterRecord[];
  return (await listUtbetalingskategoriRows(db, versionId)).map(({ lopenr: _lopenr, ...r }) => r as RegisterRecord);
}
