import type { ColumnType, Generated } from 'kysely';
import type { KontoplanRecord, LonnsartRecord, UtbetalingskategoriRecord } from '../../spreadsheet/types.ts';

// Row types of every table. Each capability's migration adds its tables here.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type Role = 'admin' | 'regnskap' | 'godkjenner' | 'lesetilgang';

export interface AppSettingTable {
  key: string;
  value: string;
}
export interface TjenesteTable {
  id: Generated<number>;
  slug: string;
  navn: string;
  organisasjonsnummer: string;
  regnskapsar: number;
  created_at: Timestamp;
}
export interface TjenesteKommuneTable {
  tjeneste_id: number;
  kommunenummer: string;
  navn: string;
  er_vertskommune: Generated<boolean>;
}
export interface AppUserTable {
  id: Generated<number>;
  email: string;
  navn: string;
  password_hash: string;
  created_at: Timestamp;
  /** migration 2026-12-01T1900-password-change: a start password chosen by someone else, to be replaced at first login */
  must_change_password: Generated<boolean>;
  /** migration 2026-12-01T2100-installation-admin: may create further tjenester (#14 item 17) */
  installation_admin: Generated<boolean>;
}
export interface MembershipTable {
  tjeneste_id: number;
  user_id: number;
  roles: Role[];
}
export interface AppSessionTable {
  sid: string;
  data: Json<Record<string, unknown>>;
  expires_at: Date | string;
}
export interface LoginThrottleTable {
  key: string;
  attempts: Generated<number>;
  last_at: Timestamp;
  next_allowed_at: Timestamp;
}
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
/**
 * A register's row table: the version it belongs to and the register's record as its definition's fields make it (so a
 * field added there is a column here with no edit), with `Loose` columns typed as the database holds them where the
 * record is stricter (a choice as text, a column older rows have null, a column with a default).
 */
type RowTable<R, Loose extends { [K in keyof R]?: unknown } = Record<never, never>> = { version_id: number } & Omit<R, keyof Loose> & Loose;
/** kontoklasse: migration 2026-12-01T1200-kontoklasse; null = not an art, or stored before kontoklasse was derived. */
export type KontoplanKontoTable = RowTable<KontoplanRecord, { dimensjon: string; aktiv: Generated<boolean>; kontoklasse: string | null }>;
/** Per tjeneste: the art scheme the user chose (null = detect) and the digit of each kontoklasse (migration 2026-12-01T1200). */
export interface KontoplanSchemeTable {
  tjeneste_id: number;
  art_scheme: string | null;
  klasse_drift: Generated<string>;
  klasse_investering: Generated<string>;
  klasse_balanse: Generated<string>;
  updated_at: Timestamp;
  updated_by: number | null;
}
/** tiltakstype, fordel: migration 2026-12-01T2130; tiltakstype null = stored before it existed (the readers give the default for the lønnsart's kind). */
export type LonnsartTable = RowTable<LonnsartRecord, { tiltakstype: string | null; fordel: string | null }>;
/** lopenr: the row's place in the file (the definition's storage.rowNumber). */
export type UtbetalingskategoriTable = RowTable<UtbetalingskategoriRecord, { tiltakstype: string }> & { lopenr: number };
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
}
export interface ColumnMappingTable {
  tjeneste_id: number;
  register: string;
  mapping: Json<Record<string, string>>;
  updated_at: Timestamp;
}
export interface TjenesteSettingsTable {
  tjeneste_id: number;
  erp: string | null;
  erp_annet: string | null;
  okonomi_status: Generated<string>;
  lonn_status: Generated<string>;
  autopay_avtale: Generated<string>;
  autopay_kontonummer: string | null;
  autopay_godkjenning: Generated<string>;
  autopay_antall_godkjennere: number | null;
  autopay_avtalereferanse: string | null;
  updated_at: Timestamp;
  updated_by: number | null;
}
/** kommunenummer null = the module's tjeneste-wide default. */
export interface PostingSettingTable {
  id: Generated<number>;
  tjeneste_id: number;
  modul: string;
  kommunenummer: string | null;
  selskap: string | null;
  motkonto: string | null;
  bilagsserie: string | null;
  updated_at: Timestamp;
  updated_by: number | null;
}
export interface MvaKodeTable {
  tjeneste_id: number;
  kategori: string;
  mva_kode: string;
  updated_at: Timestamp;
  updated_by: number | null;
}

export interface Database {
  app_setting: AppSettingTable;
  tjeneste: TjenesteTable;
  tjeneste_kommune: TjenesteKommuneTable;
  app_user: AppUserTable;
  membership: MembershipTable;
  app_session: AppSessionTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  register_version: RegisterVersionTable;
  kontoplan_konto: KontoplanKontoTable;
  kontoplan_scheme: KontoplanSchemeTable;
  lonnsart: LonnsartTable;
  utbetalingskategori: UtbetalingskategoriTable;
  pending_import: PendingImportTable;
  column_mapping: ColumnMappingTable;
  tjeneste_settings: TjenesteSettingsTable;
  posting_setting: PostingSettingTable;
  mva_kode: MvaKodeTable;
}

// Import progress (migration 2026-11-23T1020-import-progress): merged into PendingImportTable above.
export type PendingImportStatus = 'leser' | 'klar' | 'feilet';
export interface PendingImportTable {
  status: ColumnType<PendingImportStatus, PendingImportStatus | undefined, PendingImportStatus>;
  rows_read: ColumnType<number, number | undefined, number>;
  failure: string | null;
  kontoplan_version_no: number | null;
  /** the register's own current version when the preview was read (migration 2026-12-01T1302) */
  base_version_no: number | null;
  /** the user's fixes in the preview (migration 2026-12-01T2130) */
  fixes: ColumnType<PreviewFixRow[], string | undefined, string>;
  updated_at: Timestamp;
}
export interface PreviewFixRow {
  sheet: string;
  row: number;
  field: string | null;
  from: string | null;
  to: string | null;
  skip: boolean;
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

// Mapping and review (migration 2026-11-23T1000-mapping-review).
export interface KommuneMappingTable {
  tjeneste_id: number;
  kommunenummer: string;
  ansvar: string | null;
  funksjon_i_hjemmet: string | null;
  funksjon_utenfor_hjemmet: string | null;
  funksjon_administrasjon: string | null;
  version: number;
  updated_at: Timestamp;
  updated_by: number | null;
  updated_by_label: string;
}
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
/** A kommune taken out of the tjeneste, with what was set up for it (migration 2026-12-01T2110), as JSON of the rows. */
export interface RemovedKommuneTable {
  tjeneste_id: number;
  kommunenummer: string;
  navn: string;
  mapping: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  review: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  posting: ColumnType<Record<string, unknown>[], string, string>;
  removed_at: Timestamp;
  removed_by_label: string;
}
export interface Database {
  value_mapping: ValueMappingTable;
  removed_kommune: RemovedKommuneTable;
  kommune_mapping: KommuneMappingTable;
  kommune_review: KommuneReviewTable;
}

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
export interface Database {
  kodeverk_export: KodeverkExportTable;
}

/** Bumped by triggers whenever a tjeneste's kodeverk changes (migration 2026-12-01T0900). */
export interface KodeverkRevisionTable {
  tjeneste_id: number;
  revision: number;
}
export interface Database {
  kodeverk_revision: KodeverkRevisionTable;
}

/** An account invited into a tjeneste, waiting for its owner to accept (migration 2026-12-01T1500). */
export interface MembershipInvitationTable {
  tjeneste_id: number;
  user_id: number;
  navn: string;
  roles: Role[];
  invited_by: number | null;
  invited_by_label: string;
  created_at: Timestamp;
}
export interface Database {
  membership_invitation: MembershipInvitationTable;
}

// The kodeverk meeting (migration 2026-12-01T1700-meeting). Dates are 'YYYY-MM-DD' text.
export type QuestionStatus = 'apen' | 'avklart' | 'ikke_aktuelt';
export interface OpenQuestionTable {
  id: Generated<number>;
  tjeneste_id: number;
  question_key: string | null;
  area: string;
  title: string;
  owner_user_id: number | null;
  owner_party: string | null;
  deadline: string | null;
  status: ColumnType<QuestionStatus, QuestionStatus | undefined, QuestionStatus>;
  decision: string | null;
  decided_in_meeting_id: number | null;
  overdue_notified_on: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: number | null;
}
export interface MeetingTable {
  id: Generated<number>;
  tjeneste_id: number;
  held_on: string;
  title: string;
  participants: ColumnType<string, string | undefined, string>;
  notes: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  created_by: number | null;
  updated_at: Timestamp;
}
export interface MeetingItemTable {
  id: Generated<number>;
  tjeneste_id: number;
  meeting_id: number;
  question_id: number | null;
  area: string;
  title: string;
  position: number;
  notes: ColumnType<string, string | undefined, string>;
}
export interface Database {
  open_question: OpenQuestionTable;
  meeting: MeetingTable;
  meeting_item: MeetingItemTable;
}

// E-mail outbox and preferences (migration 2026-12-01T1700-notifications).
export type MailStatus = 'venter' | 'sendt' | 'feilet' | 'foreldet';
export interface MailOutboxTable {
  id: Generated<number>;
  tjeneste_id: number;
  recipient_user_id: number | null;
  to_address: string;
  category: string;
  subject: string;
  body: string;
  status: ColumnType<MailStatus, MailStatus | undefined, MailStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
export interface MailPreferenceTable {
  user_id: number;
  category: string;
  enabled: boolean;
}
export interface Database {
  mail_outbox: MailOutboxTable;
  mail_preference: MailPreferenceTable;
}
