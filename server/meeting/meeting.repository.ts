import type { Executor } from '../platform/db/database.ts';
import type { QuestionStatus } from './meeting.tables.ts';

export type StoredQuestion = Awaited<ReturnType<typeof listStoredQuestions>>[number];

/** Every stored question of the tjeneste with its owner's name (a member) — derived ones only once touched. */
export async function listStoredQuestions(db: Executor, tjenesteId: number) {
  return db
    .selectFrom('open_question as q')
    .leftJoin('app_user as u', 'u.id', 'q.owner_user_id')
    .select([
      'q.id',
      'q.question_key',
      'q.area',
      'q.title',
      'q.owner_user_id',
      'q.owner_party',
      'q.deadline',
      'q.status',
      'q.decision',
      'q.decided_in_meeting_id',
      'q.overdue_notified_on',
      'q.updated_at',
      'u.navn as owner_navn',
      'u.email as owner_email',
    ])
    .where('q.tjeneste_id', '=', tjenesteId)
    .orderBy('q.id')
    .execute();
}

export interface QuestionPatch {
  area?: string;
  title?: string;
  owner_user_id?: number | null;
  owner_party?: string | null;
  deadline?: string | null;
  status?: QuestionStatus;
  decision?: string | null;
  decided_in_meeting_id?: number | null;
  overdue_notified_on?: string | null;
}

export async function findQuestionForUpdate(db: Executor, tjenesteId: number, ref: { key: string } | { id: number }) {
  let q = db.selectFrom('open_question').selectAll().where('tjeneste_id', '=', tjenesteId);
  q = 'key' in ref ? q.where('question_key', '=', ref.key) : q.where('id', '=', ref.id);
  return q.forUpdate().executeTakeFirst();
}

/** A derived question's row, made the first time someone gives it an owner, a deadline or a decision. */
export async function insertQuestion(db: Executor, tjenesteId: number, userId: number, v: { question_key: string | null; area: string; title: string } & QuestionPatch) {
  return db
    .insertInto('open_question')
    .values({ tjeneste_id: tjenesteId, updated_by: userId, ...v })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateQuestion(db: Executor, tjenesteId: number, id: number, userId: number, patch: QuestionPatch) {
  await db
    .updateTable('open_question')
    .set({ ...patch, updated_at: new Date(), updated_by: userId })
    .where('tjeneste_id', '=', tjenesteId)
    .where('id', '=', id)
    .execute();
}

// ---- Meetings ----

export async function listMeetings(db: Executor, tjenesteId: number) {
  return db
    .selectFrom('meeting')
    .select(['id', 'held_on', 'title', 'participants', 'notes', 'updated_at'])
    .where('tjeneste_id', '=', tjenesteId)
    .orderBy('held_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function findMeeting(db: Executor, tjenesteId: number, id: number) {
  return db.selectFrom('meeting').selectAll().where('tjeneste_id', '=', tjenesteId).where('id', '=', id).executeTakeFirst();
}

export async function insertMeeting(db: Executor, tjenesteId: number, userId: number, m: { held_on: string; title: string; participants: string; notes?: string }) {
  return db
    .insertInto('meeting')
    .values({ tjeneste_id: tjenesteId, created_by: userId, ...m })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateMeeting(db: Executor, tjenesteId: number, id: number, m: { held_on?: string; title?: string; participants?: string; notes?: string }) {
  const r = await db
    .updateTable('meeting')
    .set({ ...m, updated_at: new Date() })
    .where('tjeneste_id', '=', tjenesteId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function listItems(db: Executor, tjenesteId: number, meetingId: number) {
  return db.selectFrom('meeting_item').selectAll().where('tjeneste_id', '=', tjenesteId).where('meeting_id', '=', meetingId).orderBy('position').orderBy('id').execute();
}

export async function insertItems(db: Executor, items: { tjeneste_id: number; meeting_id: number; question_id: number | null; area: string; title: string; position: number }[]) {
  if (items.length) await db.insertInto('meeting_item').values(items).execute();
}

export async function findItem(db: Executor, tjenesteId: number, meetingId: number, itemId: number) {
  return db.selectFrom('meeting_item').selectAll().where('tjeneste_id', '=', tjenesteId).where('meeting_id', '=', meetingId).where('id', '=', itemId).executeTakeFirst();
}

export async function updateItemNotes(db: Executor, tjenesteId: number, itemId: number, notes: string) {
  await db.updateTable('meeting_item').set({ notes }).where('tjeneste_id', '=', tjenesteId).where('id', '=', itemId).execute();
}
