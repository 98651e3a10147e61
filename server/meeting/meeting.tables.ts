import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../platform/db/columns.ts';

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

/** The kodeverk meeting: open questions, meetings and their items. */
export interface MeetingTables {
  open_question: OpenQuestionTable;
  meeting: MeetingTable;
  meeting_item: MeetingItemTable;
}
