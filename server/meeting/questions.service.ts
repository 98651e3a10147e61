import type { Transaction } from 'kysely';
import type { Db, Executor } from '../platform/db/database.ts';
import type { Database } from '../platform/db/schema.ts';
import type { QuestionStatus } from './meeting.tables.ts';
import type { Actor, CurrentTenant } from '../platform/http/context.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import type { FieldErrors } from '../platform/http/forms.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { canEditSettings, requirePermission } from '../auth/permissions.ts';
import { buildChecklist } from '../checklist/checklist.ts';
import { loadKodeverkState, type KodeverkState } from '../kodeverk/kodeverk.state.ts';
import { applyAutopay, applyErp, applyModuler } from '../settings/settings.service.ts';
import { listMembers } from '../tenancy/tenancy.service.ts';
import { notifyQuestionAssigned } from '../notifications/notifications.service.ts';
import * as repo from './meeting.repository.ts';
import type { QuestionInput } from './meeting.schemas.ts';
import {
  AREA_LABEL,
  QUESTION_STATUS_LABEL,
  deriveQuestions,
  effectiveStatus,
  formatDay,
  isOverdue,
  settingDecision,
  settingKindOf,
  type Area,
  type DerivedQuestion,
  type SettingKind,
} from './questions.rules.ts';

export interface Question {
  /** the URL part that names it: the derived key, or the row id of a user's own question */
  ref: string;
  id: number | null;
  key: string | null;
  area: Area;
  areaLabel: string;
  title: string;
  detail: string;
  href: string | null;
  setting: SettingKind | null;
  derived: boolean;
  status: QuestionStatus;
  statusLabel: string;
  ownerUserId: number | null;
  ownerParty: string | null;
  ownerLabel: string;
  ownerEmail: string | null;
  deadline: string | null;
  deadlineLabel: string;
  overdue: boolean;
  /** the decision in words: for a setting's question read from the setting (so they never disagree), plus the note */
  decision: string | null;
  note: string | null;
  decidedInMeetingId: number | null;
}

/** May hold the meeting and answer questions: those who may change the settings a question can hold. */
export const canRunMeeting = (actor: Pick<Actor, 'userId' | 'roles'>) => canEditSettings({ userId: actor.userId, roles: actor.roles });

const derivedOf = (state: KodeverkState) => deriveQuestions(buildChecklist(state, state.tjeneste), state.settings, state.tjeneste.slug);

/** Derived questions (each with its stored owner, deadline and decision) and the users' own, as one list. */
export function questionsOf(state: KodeverkState, stored: readonly repo.StoredQuestion[], today: string): Question[] {
  const derived = derivedOf(state);
  const byKey = new Map(stored.filter((s) => s.question_key).map((s) => [s.question_key!, s]));
  const raised = new Set(derived.map((d) => d.key));
  const make = (d: DerivedQuestion | null, s: repo.StoredQuestion | undefined): Question => {
    const key = d?.key ?? s?.question_key ?? null;
    const setting = d?.setting ?? settingKindOf(key);
    const status = effectiveStatus({ derived: key !== null, stillRaised: key !== null && raised.has(key), stored: s?.status ?? null });
    const note = s?.decision ?? null;
    const fromSetting = setting ? settingDecision(setting, state.settings) : null;
    const decision = fromSetting ? (note ? `${fromSetting}. ${note}` : fromSetting) : note;
    const deadline = s?.deadline ?? null;
    const area = (d?.area ?? s?.area ?? 'okonomi') as Area;
    return {
      ref: key ?? String(s!.id),
      id: s?.id ?? null,
      key,
      area,
      areaLabel: AREA_LABEL[area] ?? area,
      title: d?.title ?? s!.title,
      detail: d?.detail ?? '',
      href: d?.href ?? null,
      setting,
      derived: key !== null,
      status,
      statusLabel: QUESTION_STATUS_LABEL[status],
      ownerUserId: s?.owner_user_id ?? null,
      ownerParty: s?.owner_party ?? null,
      ownerLabel: s?.owner_navn ?? s?.owner_party ?? '',
      ownerEmail: s?.owner_email ?? null,
      deadline,
      deadlineLabel: formatDay(deadline),
      overdue: isOverdue(status, deadline, today),
      decision,
      note,
      decidedInMeetingId: s?.decided_in_meeting_id ?? null,
    };
  };
  const out = derived.map((d) => make(d, byKey.get(d.key)));
  // a derived question no longer raised keeps showing once someone touched it: its owner and decision are history
  for (const s of stored) if (!s.question_key || !raised.has(s.question_key)) out.push(make(null, s));
  return out;
}

export async function loadQuestions(db: Executor, state: KodeverkState, tjenesteId: number, today: string) {
  return questionsOf(state, await repo.listStoredQuestions(db, tjenesteId), today);
}

export type SettingAnswer =
  | { kind: 'modul_okonomi' | 'modul_lonn'; modul_status: import('../settings/settings.rules.ts').ModuleStatus }
  | { kind: 'erp'; erp: import('../settings/settings.rules.ts').Erp | null; erp_annet: string | null }
  | { kind: 'autopay'; avtale: 'ja' | 'nei' | 'ikke_avklart'; kontonummer: string | null; godkjenning: 'ja' | 'nei' | 'ikke_avklart'; antall_godkjennere: number | null };

export type SaveResult = { ok: true; questionId: number; title: string; assignedUserId: number | null } | { ok: false; errors: FieldErrors };

/** The owner a form names: a member of this tjeneste (checked), or a named party. */
async function resolveOwner(db: Executor, tjenesteId: number, input: Pick<QuestionInput, 'ansvarlig' | 'ansvarlig_annen'>): Promise<{ userId: number | null; party: string | null } | null> {
  if (input.ansvarlig_annen) return { userId: null, party: input.ansvarlig_annen };
  if (!input.ansvarlig) return { userId: null, party: null };
  if (input.ansvarlig.startsWith('p:')) return { userId: null, party: input.ansvarlig.slice(2) };
  const id = Number(input.ansvarlig.slice(2));
  const members = await listMembers(db, tjenesteId);
  return members.some((m) => m.id === id) ? { userId: id, party: null } : null;
}

async function applySetting(trx: Transaction<Database>, actor: Actor, state: KodeverkState, a: SettingAnswer): Promise<boolean> {
  const s = state.settings;
  if (a.kind === 'modul_okonomi' || a.kind === 'modul_lonn') {
    const next = { okonomi_status: a.kind === 'modul_okonomi' ? a.modul_status : s.moduler.okonomi, lonn_status: a.kind === 'modul_lonn' ? a.modul_status : s.moduler.lonn };
    if (next.okonomi_status === s.moduler.okonomi && next.lonn_status === s.moduler.lonn) return false;
    await applyModuler(trx, actor, next);
    return true;
  }
  if (a.kind === 'erp') {
    if (a.erp === s.erp && a.erp_annet === s.erpAnnet) return false;
    await applyErp(trx, actor, { erp: a.erp, erp_annet: a.erp_annet });
    return true;
  }
  if (a.kind !== 'autopay') return false;
  const p = s.autopay;
  if (a.avtale === p.avtale && a.kontonummer === p.kontonummer && a.godkjenning === p.godkjenning && a.antall_godkjennere === p.antallGodkjennere) return false;
  // the reference is not asked in the meeting: it keeps the value the settings page gave it
  await applyAutopay(trx, actor, { avtale: a.avtale, kontonummer: a.kontonummer, godkjenning: a.godkjenning, antall_godkjennere: a.antall_godkjennere, avtalereferanse: p.avtalereferanse });
  return true;
}

/**
 * Saves a question's owner, deadline, status and decision — and for a question a setting holds, the answer into the
 * setting through the settings service, in the same transaction. meetingId: the meeting the decision was made in.
 */
export async function applyQuestion(trx: Transaction<Database>, actor: Actor, ref: string, input: QuestionInput, answer: SettingAnswer | null, meetingId: number | null): Promise<SaveResult> {
  requirePermission(actor, 'runMeeting');
  let state = await loadKodeverkState(trx, actor.tjenesteId);
  let derived = derivedOf(state);
  const row = /^\d+$/.test(ref) ? await repo.findQuestionForUpdate(trx, actor.tjenesteId, { id: Number(ref) }) : await repo.findQuestionForUpdate(trx, actor.tjenesteId, { key: ref });
  const key = row ? row.question_key : ref;
  let def = key ? derived.find((d) => d.key === key) : undefined;
  if (!row && !def) throw new NotFoundError('Spørsmålet finnes ikke lenger. Det kan være avklart i mellomtiden; last siden på nytt.');

  const owner = await resolveOwner(trx, actor.tjenesteId, input);
  if (!owner) return { ok: false, errors: { ansvarlig: ['Den valgte brukeren er ikke medlem av tjenesten lenger. Velg en annen ansvarlig.'] } };

  const raisedBefore = def;
  const kind = settingKindOf(key);
  let settingChanged = false;
  if (kind && answer && answer.kind === kind) {
    settingChanged = await applySetting(trx, actor, state, answer);
    if (settingChanged) {
      state = await loadKodeverkState(trx, actor.tjenesteId);
      derived = derivedOf(state);
      def = derived.find((d) => d.key === key);
    }
  }
  const isDerived = key !== null;
  if (isDerived && input.status === 'avklart' && def)
    return {
      ok: false,
      errors: {
        status: [
          kind
            ? 'Spørsmålet blir avklart når svaret over er fylt ut helt. Fyll ut svaret, eller velg åpen.'
            : 'Dette punktet blir avklart av seg selv når det er ferdig på sjekklisten. Velg åpen eller ikke aktuelt.',
        ],
      },
    };
  const status = effectiveStatus({ derived: isDerived, stillRaised: !!def, stored: input.status });
  const patch: repo.QuestionPatch = { owner_user_id: owner.userId, owner_party: owner.party, deadline: input.frist, status, decision: input.beslutning };
  const decisionMade = settingChanged || (input.beslutning ?? null) !== (row?.decision ?? null) || status !== (row?.status ?? 'apen');
  if (meetingId !== null && decisionMade && (status !== 'apen' || input.beslutning || settingChanged)) patch.decided_in_meeting_id = meetingId;
  // a new deadline is a new chance to be reminded once it passes
  if (input.frist !== (row?.deadline ?? null)) patch.overdue_notified_on = null;

  let id: number;
  const title = row?.title ?? raisedBefore!.title;
  if (row) {
    await repo.updateQuestion(trx, actor.tjenesteId, row.id, actor.userId, patch);
    id = row.id;
  } else {
    id = (await repo.insertQuestion(trx, actor.tjenesteId, actor.userId, { question_key: key, area: raisedBefore!.area, title, ...patch })).id;
  }
  await recordAudit(trx, {
    tjenesteId: actor.tjenesteId,
    actor: { id: actor.userId, label: actor.label },
    action: 'endret',
    entity: 'sporsmal',
    entityId: id,
    summary: `Spørsmål «${title}»: ${QUESTION_STATUS_LABEL[status].toLowerCase()}${owner.userId || owner.party ? ', ansvarlig satt' : ''}${input.frist ? `, frist ${input.frist}` : ''}`,
    before: row ? { status: row.status, owner_user_id: row.owner_user_id, owner_party: row.owner_party, deadline: row.deadline, decision: row.decision } : null,
    after: { status, owner_user_id: owner.userId, owner_party: owner.party, deadline: input.frist, decision: input.beslutning, meeting: patch.decided_in_meeting_id ?? null },
  });
  const assignedUserId = owner.userId !== null && owner.userId !== (row?.owner_user_id ?? null) && owner.userId !== actor.userId ? owner.userId : null;
  if (assignedUserId !== null) await notifyQuestionAssigned(trx, actor, { userId: assignedUserId, title, deadline: input.frist });
  return { ok: true, questionId: id, title, assignedUserId };
}

export async function saveQuestion(db: Db, actor: Actor, ref: string, input: QuestionInput, answer: SettingAnswer | null): Promise<SaveResult> {
  requirePermission(actor, 'runMeeting');
  return db.transaction().execute((trx) => applyQuestion(trx, actor, ref, input, answer, null));
}

/** A question a user adds (not raised by the state): its own status, owner and deadline. */
export async function addQuestion(db: Db, actor: Actor, input: { omrade: Area; tittel: string; ansvarlig: string | null; ansvarlig_annen: string | null; frist: string | null }): Promise<SaveResult> {
  requirePermission(actor, 'runMeeting');
  return db.transaction().execute(async (trx) => {
    const owner = await resolveOwner(trx, actor.tjenesteId, input);
    if (!owner) return { ok: false, errors: { ansvarlig: ['Den valgte brukeren er ikke medlem av tjenesten lenger. Velg en annen ansvarlig.'] } };
    const row = await repo.insertQuestion(trx, actor.tjenesteId, actor.userId, {
      question_key: null,
      area: input.omrade,
      title: input.tittel,
      owner_user_id: owner.userId,
      owner_party: owner.party,
      deadline: input.frist,
    });
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: { id: actor.userId, label: actor.label },
      action: 'opprettet',
      entity: 'sporsmal',
      entityId: row.id,
      summary: `Nytt spørsmål: ${input.tittel}`,
      after: { area: input.omrade, owner, deadline: input.frist },
    });
    const assignedUserId = owner.userId !== null && owner.userId !== actor.userId ? owner.userId : null;
    if (assignedUserId !== null) await notifyQuestionAssigned(trx, actor, { userId: assignedUserId, title: input.tittel, deadline: input.frist });
    return { ok: true, questionId: row.id, title: input.tittel, assignedUserId };
  });
}

/** The members a question can be given to, for the owner list. */
export const membersOf = (db: Executor, tenant: Pick<CurrentTenant, 'id'>) => listMembers(db, tenant.id);
