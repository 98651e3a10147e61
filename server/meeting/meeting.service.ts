import type { Db, Executor } from '../platform/db/database.ts';
import { requirePermission } from '../auth/permissions.ts';
import type { Actor } from '../platform/http/context.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { buildChecklist } from '../checklist/checklist.ts';
import { kommuneReviewsOf, STATUS_LABEL as REVIEW_STATUS_LABEL } from '../review/review.service.ts';
import { loadKodeverkState, type KodeverkState } from '../kodeverk/kodeverk.state.ts';
import * as repo from './meeting.repository.ts';
import type { QuestionInput } from './meeting.schemas.ts';
import { applyQuestion, questionsOf, type Question, type SaveResult, type SettingAnswer } from './questions.service.ts';
import { AREAS, AREA_LABEL, formatDay, type Area } from './questions.rules.ts';

/** Free items without an area are listed last, under this heading. */
const OTHER_AREA = 'annet';
const areaLabel = (a: string) => (a === OTHER_AREA ? 'Andre punkter' : (AREA_LABEL[a as Area] ?? a));
const areaOrder = (a: string) => (AREAS as readonly string[]).indexOf(a) + 1 || AREAS.length + 1;
const actorRef = (a: Actor) => ({ id: a.userId, label: a.label });

/**
 * A new meeting, its agenda generated from the open questions as they stand (grouped per area, in the areas'
 * order). A derived question gets its row here, so the agenda item can point at it and its decision be kept.
 */
export async function createMeeting(db: Db, actor: Actor, input: { dato: string; tittel: string; deltakere: string | null; notater?: string | null }, today: string): Promise<number> {
  requirePermission(actor, 'runMeeting');
  return db.transaction().execute(async (trx) => {
    const state = await loadKodeverkState(trx, actor.tjenesteId);
    const open = questionsOf(state, await repo.listStoredQuestions(trx, actor.tjenesteId), today).filter((q) => q.status === 'apen');
    const { id } = await repo.insertMeeting(trx, actor.tjenesteId, actor.userId, { held_on: input.dato, title: input.tittel, participants: input.deltakere ?? '', notes: input.notater ?? '' });
    const items = [];
    const sorted = [...open].sort((a, b) => areaOrder(a.area) - areaOrder(b.area));
    let position = 0;
    for (const q of sorted) {
      const questionId = q.id ?? (await repo.insertQuestion(trx, actor.tjenesteId, actor.userId, { question_key: q.key, area: q.area, title: q.title })).id;
      items.push({ tjeneste_id: actor.tjenesteId, meeting_id: id, question_id: questionId, area: q.area, title: q.title, position: ++position });
    }
    await repo.insertItems(trx, items);
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: actorRef(actor),
      action: 'opprettet',
      entity: 'mote',
      entityId: id,
      summary: `Nytt møte ${input.dato}: ${input.tittel} (${items.length} punkter)`,
    });
    return id;
  });
}

export async function saveMeetingHeader(db: Db, actor: Actor, meetingId: number, input: { dato: string; tittel: string; deltakere: string | null; notater: string | null }) {
  requirePermission(actor, 'runMeeting');
  await db.transaction().execute(async (trx) => {
    const n = await repo.updateMeeting(trx, actor.tjenesteId, meetingId, { held_on: input.dato, title: input.tittel, participants: input.deltakere ?? '', notes: input.notater ?? '' });
    if (n === 0) throw new NotFoundError();
    await recordAudit(trx, { tjenesteId: actor.tjenesteId, actor: actorRef(actor), action: 'endret', entity: 'mote', entityId: meetingId, summary: `Endret møtet ${input.dato}: ${input.tittel}` });
  });
}

/**
 * The notes of the checklist's «Notater fra møtet» box: kept on the latest meeting, or on a new one for today
 * when there is none yet (the box is used before anyone thinks of creating a meeting).
 */
export async function saveChecklistNotes(db: Db, actor: Actor, notes: string | null, today: string): Promise<number> {
  requirePermission(actor, 'runMeeting');
  const latest = (await repo.listMeetings(db, actor.tjenesteId))[0];
  if (latest) {
    await db.transaction().execute(async (trx) => {
      await repo.updateMeeting(trx, actor.tjenesteId, latest.id, { notes: notes ?? '' });
      await recordAudit(trx, { tjenesteId: actor.tjenesteId, actor: actorRef(actor), action: 'endret', entity: 'mote', entityId: latest.id, summary: `Lagret notater fra møtet ${latest.held_on}` });
    });
    return latest.id;
  }
  return createMeeting(db, actor, { dato: today, tittel: 'Kodeverkmøte', deltakere: null, notater: notes }, today);
}

export async function addFreeItem(db: Db, actor: Actor, meetingId: number, input: { tittel: string; omrade: Area | null }) {
  requirePermission(actor, 'runMeeting');
  await db.transaction().execute(async (trx) => {
    if (!(await repo.findMeeting(trx, actor.tjenesteId, meetingId))) throw new NotFoundError();
    const items = await repo.listItems(trx, actor.tjenesteId, meetingId);
    const position = Math.max(0, ...items.map((i) => i.position)) + 1;
    await repo.insertItems(trx, [{ tjeneste_id: actor.tjenesteId, meeting_id: meetingId, question_id: null, area: input.omrade ?? OTHER_AREA, title: input.tittel, position }]);
    await recordAudit(trx, { tjenesteId: actor.tjenesteId, actor: actorRef(actor), action: 'endret', entity: 'mote', entityId: meetingId, summary: `Nytt punkt på møtet: ${input.tittel}` });
  });
}

/** One agenda item: its notes, and for a question its owner, deadline, decision (and setting) — one transaction. */
export async function saveItem(
  db: Db,
  actor: Actor,
  meetingId: number,
  itemId: number,
  notes: string | null,
  question: { input: QuestionInput; answer: SettingAnswer | null } | null,
): Promise<SaveResult | { ok: true; questionId: null; title: string; assignedUserId: null }> {
  requirePermission(actor, 'runMeeting');
  return db
    .transaction()
    .execute(async (trx) => {
      const item = await repo.findItem(trx, actor.tjenesteId, meetingId, itemId);
      if (!item) throw new NotFoundError();
      await repo.updateItemNotes(trx, actor.tjenesteId, itemId, notes ?? '');
      if (item.question_id !== null && question) {
        const r = await applyQuestion(trx, actor, String(item.question_id), question.input, question.answer, meetingId);
        // a refused answer must not leave the notes half-saved either: the caller re-renders the item with both
        if (!r.ok) throw new ItemRefused(r.errors);
        return r;
      }
      await recordAudit(trx, { tjenesteId: actor.tjenesteId, actor: actorRef(actor), action: 'endret', entity: 'mote', entityId: meetingId, summary: `Notater til «${item.title}»` });
      return { ok: true as const, questionId: null, title: item.title, assignedUserId: null };
    })
    .catch((err: unknown) => {
      if (err instanceof ItemRefused) return { ok: false as const, errors: err.errors };
      throw err;
    });
}

class ItemRefused extends Error {
  constructor(readonly errors: Record<string, string[] | undefined>) {
    super('item refused');
  }
}

export const listMeetings = (db: Executor, tjenesteId: number) => repo.listMeetings(db, tjenesteId);
export const latestMeeting = async (db: Executor, tjenesteId: number) => (await repo.listMeetings(db, tjenesteId))[0] ?? null;

/** «Last ned referat (.docx)»: the summary as a Word document. */
export async function meetingReferat(db: Executor, state: KodeverkState, tenant: { id: number; navn: string; regnskapsar: number }, meetingId: number, today: string) {
  const summary = await meetingSummary(db, state, tenant.id, meetingId, today);
  // the Word library (~11 MB of resident memory) is loaded at the first referat, not when the server starts
  const { buildReferat, referatFileName } = await import('./referat.docx.ts');
  return { fileName: referatFileName(summary), docx: await buildReferat({ summary, tjeneste: tenant }) };
}

export interface AgendaItem {
  id: number;
  title: string;
  notes: string;
  question: Question | null;
}
export interface MeetingSummary {
  meeting: NonNullable<Awaited<ReturnType<typeof repo.findMeeting>>>;
  dateLabel: string;
  participants: string[];
  groups: { area: string; label: string; items: AgendaItem[] }[];
  /** questions decided (closed or given a decision) in this meeting */
  decisions: Question[];
  /** «Oppfølging» per area: the questions still open after the meeting, with owners and deadlines */
  followUp: { area: string; label: string; questions: Question[] }[];
  checklist: ReturnType<typeof buildChecklist>;
  kommuner: { kommunenummer: string; navn: string; erVertskommune: boolean; statusLabel: string }[];
}

/** Everything the meeting page and the referat show, from one read. */
export async function meetingSummary(db: Executor, state: KodeverkState, tjenesteId: number, meetingId: number, today: string): Promise<MeetingSummary> {
  const meeting = await repo.findMeeting(db, tjenesteId, meetingId);
  if (!meeting) throw new NotFoundError();
  const [items, stored] = await Promise.all([repo.listItems(db, tjenesteId, meetingId), repo.listStoredQuestions(db, tjenesteId)]);
  const questions = questionsOf(state, stored, today);
  const byId = new Map(questions.filter((q) => q.id !== null).map((q) => [q.id!, q]));
  const groups = new Map<string, AgendaItem[]>();
  for (const i of [...items].sort((a, b) => areaOrder(a.area) - areaOrder(b.area) || a.position - b.position)) {
    const list = groups.get(i.area) ?? [];
    list.push({ id: i.id, title: i.title, notes: i.notes, question: i.question_id !== null ? (byId.get(i.question_id) ?? null) : null });
    groups.set(i.area, list);
  }
  const onAgenda = new Set(items.map((i) => i.question_id).filter((x): x is number => x !== null));
  const decisions = questions.filter((q) => q.decidedInMeetingId === meetingId || (q.id !== null && onAgenda.has(q.id) && q.status !== 'apen' && q.decision));
  const open = questions.filter((q) => q.status === 'apen');
  const followUp = [...AREAS].map((a) => ({ area: a, label: AREA_LABEL[a], questions: open.filter((q) => q.area === a) })).filter((g) => g.questions.length > 0);
  return {
    meeting,
    dateLabel: formatDay(meeting.held_on),
    participants: meeting.participants
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean),
    groups: [...groups.entries()].map(([area, list]) => ({ area, label: areaLabel(area), items: list })),
    decisions,
    followUp,
    checklist: buildChecklist(state, state.tjeneste),
    kommuner: kommuneReviewsOf(state).map((k) => ({
      kommunenummer: k.kommunenummer,
      navn: k.navn,
      erVertskommune: k.erVertskommune,
      statusLabel: k.outdated ? 'Endret etter godkjenning' : REVIEW_STATUS_LABEL[k.status],
    })),
  };
}
