import type { CurrentTenant } from '../platform/http/context.ts';
import { canApprove, isGodkjenner } from '../auth/permissions.ts';
import { checklistOf, type ChecklistLine } from '../checklist/checklist.ts';
import { matrixOverviewOf } from '../checklist/review.checklist.ts';
import { kommuneReviewsOf, rejectionsOf } from '../review/review.service.ts';
import type { KodeverkState } from '../kodeverk/kodeverk.state.ts';
import type { Question } from '../meeting/questions.service.ts';
import type { latestMeeting } from '../meeting/meeting.service.ts';
import { buildChecklist } from '../checklist/checklist.ts';

/** The dashboard, derived from the state alone; a godkjenner is told first what waits for them. */
export function dashboardPage(state: KodeverkState, tenant: Pick<CurrentTenant, 'slug' | 'roles'> & { userId: number }) {
  const reviews = kommuneReviewsOf(state);
  const checklist = checklistOf(state, reviews, tenant);
  const done = checklist.filter((i) => i.status === 'ok' || i.status === 'ikke_relevant').length;
  const member = { userId: tenant.userId, roles: tenant.roles };
  const waiting = isGodkjenner(member) ? reviews.filter((r) => r.status === 'til_godkjenning') : [];
  return {
    checklist,
    matrixOverview: matrixOverviewOf(reviews, tenant),
    progress: { done, total: checklist.length, ready: done === checklist.length },
    kommuner: state.kommuner,
    rejections: rejectionsOf(reviews),
    waitingForYou:
      waiting.length === 0
        ? null
        : {
            count: waiting.length,
            names: waiting.map((r) => r.navn).join(', '),
            // four eyes: what this godkjenner changed or sent themselves waits for someone else
            ownWork: waiting
              .filter((r) => !canApprove(member, r))
              .map((r) => r.navn)
              .join(', '),
          },
  };
}

/** The open questions' side of a checklist page: each item's owner and deadline, and what is past its deadline. */
export function withQuestions<T extends { checklist: readonly ChecklistLine[] }>(page: T, questions: readonly Question[]) {
  const open = questions.filter((q) => q.status === 'apen');
  // «moduler» is asked as one question per module, «autopay» as one; every other item under its own key
  const forItem = (key: string) =>
    open.filter((q) => q.key === key || (key === 'moduler' && (q.key === 'modul_okonomi' || q.key === 'modul_lonn')) || (key.startsWith('postering_') && q.key === 'erp'));
  return {
    ...page,
    checklist: page.checklist.map((i) => ({ ...i, questions: forItem(i.key).filter((q) => q.ownerLabel || q.deadline) })),
    questions: { open: open.length, overdue: open.filter((q) => q.overdue), unowned: open.filter((q) => !q.ownerLabel).length },
  };
}

/** Oversikten: the dashboard with each checklist item's open questions. */
export function overviewPage(state: KodeverkState, tenant: Pick<CurrentTenant, 'slug' | 'roles' | 'navn'> & { userId: number }, questions: readonly Question[]) {
  return { title: tenant.navn, ...withQuestions(dashboardPage(state, tenant), questions) };
}

/** The printable checklist for the kodeverk meeting, with the latest meeting's notes. */
export function checklistPage(
  state: KodeverkState,
  tenant: Pick<CurrentTenant, 'slug' | 'roles' | 'navn'>,
  questions: readonly Question[],
  meeting: Awaited<ReturnType<typeof latestMeeting>>,
  opts: { printedAt: Date; canEditNotes: boolean },
) {
  return {
    title: `Sjekkliste – ${tenant.navn}`,
    ...withQuestions({ checklist: buildChecklist(state, tenant) }, questions),
    kommuner: state.kommuner,
    printedAt: opts.printedAt,
    meeting,
    canEditNotes: opts.canEditNotes,
  };
}
