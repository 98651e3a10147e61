import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { ReviewStatus } from './kodeverk.tables.ts';
import type { PostingRow } from '../settings/settings.rows.ts';
import { changeLogQuery, type ChangeRow } from './changes.ts';

/**
 * What the kodeverk state is read from, in one statement: every table is a JSON column of one row, so a page, an
 * approval or an export pays one round trip for the whole state instead of one per table (the register rows come
 * from the version cache, registers/current.ts). Timestamps travel as text and are parsed as pg parses the columns
 * (parseTimestamptz), so they are the same Dates a plain select gives.
 */
export interface KodeverkRows {
  tjeneste: { id: number; slug: string; navn: string; organisasjonsnummer: string; regnskapsar: number } | null;
  versions: { id: number; register: string; version_no: number; content_hash: string; file_name: string; created_at: string }[];
  kommuner: { kommunenummer: string; navn: string; er_vertskommune: boolean }[];
  mappings: MappingRow[];
  /** the whole tjeneste_settings row (a column added later comes along), updated_at as text; null: nothing saved */
  settings: (Record<string, unknown> & { updated_at: string }) | null;
  postings: PostingRow[];
  mva: { kategori: string; mva_kode: string }[];
  reviews: ReviewRow[];
  deltAnsvar: { ansvar: string; begrunnelse: string }[];
  changes: ChangeRow[];
  overrides: OverrideRow[];
}

export interface MappingRow {
  kommunenummer: string;
  ansvar: string | null;
  funksjon_i_hjemmet: string | null;
  funksjon_utenfor_hjemmet: string | null;
  funksjon_administrasjon: string | null;
  version: number;
  updated_at: string;
  updated_by: number | null;
  updated_by_label: string;
}

export interface ReviewRow {
  kommunenummer: string;
  status: ReviewStatus;
  submitted_by_label: string | null;
  submitted_at: string | null;
  decided_by: number | null;
  decided_by_label: string | null;
  decided_at: string | null;
  comment: string | null;
  submitted_by: number | null;
  submitted_hash: string | null;
  submitted_snapshot: unknown;
  approved_by_label: string | null;
  approved_at: string | null;
  approved_hash: string | null;
  approved_snapshot: unknown;
}

export interface OverrideRow {
  kommunenummer: string;
  item_type: 'lonnsart' | 'utbetalingskategori';
  item_kode: string;
  tiltakstype: 'i_hjemmet' | 'utenfor_hjemmet';
  funksjon: string;
}

/** A JSON array of the rows of a select, in the given order (inside the aggregate, so the order is the database's promise). */
const rowsOf = (select: RawBuilder<unknown>, orderBy: RawBuilder<unknown> = sql``) => sql`(select coalesce(json_agg(r ${orderBy}), '[]'::json) from (${select}) r)`;

export async function readKodeverkRows(db: Executor, tjenesteId: number): Promise<KodeverkRows> {
  const id = tjenesteId;
  const result = await sql<KodeverkRows>`
    select
      (select to_json(t) from (select id, slug, navn, organisasjonsnummer, regnskapsar from tjeneste where id = ${id}) t) as tjeneste,
      ${rowsOf(
        sql`select distinct on (register) id, register, version_no, content_hash, file_name, created_at::text as created_at
            from register_version where tjeneste_id = ${id} order by register, version_no desc`,
      )} as versions,
      ${rowsOf(sql`select kommunenummer, navn, er_vertskommune from tjeneste_kommune where tjeneste_id = ${id}`, sql`order by r.er_vertskommune desc, r.kommunenummer`)} as kommuner,
      ${rowsOf(
        sql`select kommunenummer, ansvar, funksjon_i_hjemmet, funksjon_utenfor_hjemmet, funksjon_administrasjon, version, updated_at::text as updated_at, updated_by, updated_by_label
            from kommune_mapping where tjeneste_id = ${id}`,
      )} as mappings,
      (select to_jsonb(s) || jsonb_build_object('updated_at', s.updated_at::text) from tjeneste_settings s where s.tjeneste_id = ${id}) as settings,
      ${rowsOf(sql`select modul, kommunenummer, selskap, motkonto, bilagsserie from posting_setting where tjeneste_id = ${id}`)} as postings,
      ${rowsOf(sql`select kategori, mva_kode from mva_kode where tjeneste_id = ${id}`)} as mva,
      ${rowsOf(
        sql`select kommunenummer, status, submitted_by_label, submitted_at::text as submitted_at, decided_by, decided_by_label, decided_at::text as decided_at, comment,
                   submitted_by, submitted_hash, submitted_snapshot, approved_by_label, approved_at::text as approved_at, approved_hash, approved_snapshot
            from kommune_review where tjeneste_id = ${id}`,
      )} as reviews,
      ${rowsOf(sql`select ansvar, begrunnelse from delt_ansvar where tjeneste_id = ${id}`, sql`order by r.ansvar`)} as "deltAnsvar",
      ${rowsOf(changeLogQuery(id), sql`order by r.id`)} as changes,
      ${rowsOf(
        sql`select kommunenummer, item_type, item_kode, tiltakstype, funksjon from funksjon_per_kategori where tjeneste_id = ${id}`,
        sql`order by r.kommunenummer, r.item_type, r.item_kode, r.tiltakstype`,
      )} as overrides`.execute(db);
  return result.rows[0]!;
}
