import type { CurrentTenant } from '../platform/http/context.ts';
import { canApprove, isGodkjenner } from '../auth/permissions.ts';
import { settingsFactsOf } from '../settings/settings.service.ts';
import { matrixOverviewOf, reviewChecklistItemsOf } from './review.checklist.ts';
import { kommuneReviewsOf, rejectionsOf, type KommuneReview } from '../review/review.service.ts';
import type { KodeverkState } from '../kodeverk/kodeverk.state.ts';
import { STATUS_LABEL, buildChecklistItems, type ChecklistItem } from './checklist.ts';
import type { Question } from '../meeting/questions.service.ts';

/** A funksjon counts for 251/252 by its KOSTRA part: the explicit column, else its first three digits (docs/domain.md). */
const hasKostraFunksjon = (funksjoner: readonly { kode: string; kostra: string | null; aktiv: boolean }[], kostra: string) =>
  funksjoner.some((f) => f.aktiv && (f.kostra ?? f.kode.slice(0, 3)) === kostra);

/** The kodeverk readiness checklist, in the order of the work. */
export function buildChecklist(state: KodeverkState, tenant: Pick<CurrentTenant, 'slug'>): (ChecklistItem & { statusLabel: string })[] {
  return checklistOf(state, kommuneReviewsOf(state), tenant);
}

function checklistOf(state: KodeverkState, reviews: readonly KommuneReview[], tenant: Pick<CurrentTenant, 'slug'>): (ChecklistItem & { statusLabel: string })[] {
  const { registers } = state;
  const settings = settingsFactsOf(state);
  const review = reviewChecklistItemsOf(reviews, tenant);
  const kp = registers.kontoplan;
  const items = buildChecklistItems({
    slug: tenant.slug,
    moduler: settings.moduler,
    kontoplan: kp
      ? {
          versionNo: kp.version.versionNo,
          art: kp.art.length,
          ansvar: kp.ansvar.length,
          funksjon: kp.funksjon.length,
          has251: hasKostraFunksjon(kp.funksjon, '251'),
          has252: hasKostraFunksjon(kp.funksjon, '252'),
        }
      : null,
    lonnsarter: registers.lonnsarter ? { versionNo: registers.lonnsarter.version.versionNo, count: registers.lonnsarter.rows.length } : null,
    utbetalingskategorier: registers.utbetalingskategorier ? { versionNo: registers.utbetalingskategorier.version.versionNo, count: registers.utbetalingskategorier.rows.length } : null,
    review,
    erpChosen: settings.erpChosen,
    posting: settings.posting,
    autopay: { avtale: settings.autopay.avtale as 'ja' | 'nei' | 'ikke_avklart', gaps: settings.autopay.gaps },
  });
  return items.map((i) => ({ ...i, statusLabel: STATUS_LABEL[i.status] }));
}

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
export function withQuestions<T extends { checklist: readonly (ChecklistItem & { statusLabel: string })[] }>(page: T, questions: readonly Question[]) {
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
