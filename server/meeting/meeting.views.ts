import type { Executor } from '../platform/db/database.ts';
import type { Actor, CurrentTenant } from '../platform/http/context.ts';
import type { FieldErrors } from '../platform/http/forms.ts';
import { urls } from '../platform/http/urls.ts';
import { kodeverkStateOf } from '../kodeverk/kodeverk.state.ts';
import * as meetings from './meeting.service.ts';
import * as questions from './questions.service.ts';
import { AREAS, AREA_LABEL } from './questions.rules.ts';
import { areaOptions, ownerChoices, questionForm, type FormFailure } from './meeting.view.ts';

// The Spørsmål and Møter pages (reads only); a refused form's messages and values come in the failure arguments. The
// question form each is made of is in meeting.view.ts.

export type Failure = { errors: FieldErrors; values: Record<string, unknown> };
/** A refused form on the meeting page: its header, one agenda item (with its question), or a new free item. */
export type MeetingFailure = { header?: Failure; item?: { itemId: number } & FormFailure; free?: Failure };

type Tenant = Pick<CurrentTenant, 'id' | 'slug' | 'revision'>;

/** «Åpne spørsmål» per area, open first; `failure` is a refused question's form, `addFailure` the new question's. */
export async function questionsPage(db: Executor, tenant: Tenant, actor: Actor, today: string, failure: FormFailure | null = null, addFailure: Failure | null = null) {
  const state = await kodeverkStateOf(db, tenant);
  const [list, members] = await Promise.all([questions.loadQuestions(db, state, tenant.id, today), questions.membersOf(db, tenant)]);
  const canEdit = questions.canRunMeeting(actor);
  const withForm = list.map((q) => ({ ...q, form: questionForm(q, members, state.settings, urls.question(tenant.slug, q.ref), failure, canEdit) }));
  return {
    title: 'Åpne spørsmål',
    canEdit,
    areas: AREAS.map((a) => ({
      area: a,
      label: AREA_LABEL[a],
      open: withForm.filter((q) => q.area === a && q.status === 'apen'),
      closed: withForm.filter((q) => q.area === a && q.status !== 'apen'),
    })),
    openCount: list.filter((q) => q.status === 'apen').length,
    overdueCount: list.filter((q) => q.overdue).length,
    errors: addFailure?.errors,
    values: addFailure?.values ?? {},
    newAreaOptions: areaOptions(addFailure?.values['omrade'], false),
    newOwnerOptions: ownerChoices(members),
  };
}

/** «Møter»: the meetings held, and the new meeting's form (today's date and the usual title until a refused one). */
export async function meetingsPage(db: Executor, tenant: Pick<CurrentTenant, 'id'>, actor: Actor, today: string, failure: Failure | null = null) {
  return {
    title: 'Møter',
    canEdit: questions.canRunMeeting(actor),
    meetings: (await meetings.listMeetings(db, tenant.id)).map((m) => ({ ...m, participantCount: m.participants.split('\n').filter((x) => x.trim()).length })),
    errors: failure?.errors,
    values: failure?.values ?? { dato: today, tittel: 'Kodeverkmøte', deltakere: '' },
  };
}

/** One meeting: its header, the agenda per area with each item's notes and question form, and the summary. */
export async function meetingPage(db: Executor, tenant: Tenant, actor: Actor, today: string, id: number, failure: MeetingFailure = {}) {
  const state = await kodeverkStateOf(db, tenant);
  const [summary, members] = await Promise.all([meetings.meetingSummary(db, state, tenant.id, id, today), questions.membersOf(db, tenant)]);
  const canEdit = questions.canRunMeeting(actor);
  const m = summary.meeting;
  const action = (itemId: number) => urls.meetingItem(tenant.slug, id, itemId);
  return {
    title: `${m.title} ${summary.dateLabel}`,
    canEdit,
    ...summary,
    groups: summary.groups.map((g) => ({
      ...g,
      items: g.items.map((i) => {
        const mine = failure.item?.itemId === i.id ? failure.item : null;
        return {
          ...i,
          action: action(i.id),
          notesValue: mine ? String(mine.values['notater'] ?? '') : i.notes,
          itemErrors: mine && !i.question ? Object.values(mine.errors).flatMap((x) => x ?? []) : [],
          form: i.question ? questionForm(i.question, members, state.settings, action(i.id), mine, canEdit) : null,
        };
      }),
    })),
    errors: failure.header?.errors ?? failure.free?.errors,
    values: failure.header?.values ?? { dato: m.held_on, tittel: m.title, deltakere: m.participants, notater: m.notes },
    freeValues: failure.free?.values ?? {},
    freeAreaOptions: areaOptions(failure.free?.values['omrade'], true),
    referatHref: urls.meetingReferat(tenant.slug, id),
  };
}
