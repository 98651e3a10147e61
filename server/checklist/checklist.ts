import type { CurrentTenant } from '../platform/http/context.ts';
import type { KodeverkState } from '../kodeverk/kodeverk.state.ts';
import { kommuneReviewsOf, type KommuneReview } from '../review/review.service.ts';
import { settingsFactsOf } from '../settings/settings.service.ts';
import { STATUS_LABEL, buildChecklistItems, type ChecklistItem } from './checklist.rules.ts';
import { reviewChecklistItemsOf } from './review.checklist.ts';

// «Klar for kodeverk?» of the kodeverk state: read by the Oversikt and the printable sjekkliste (dashboard/), and by
// the open questions (meeting/), which are raised by the items not done.

export type ChecklistLine = ChecklistItem & { statusLabel: string };

/** A funksjon counts for 251/252 by its KOSTRA part: the explicit column, else its first three digits (docs/domain.md). */
const hasKostraFunksjon = (funksjoner: readonly { kode: string; kostra: string | null; aktiv: boolean }[], kostra: string) =>
  funksjoner.some((f) => f.aktiv && (f.kostra ?? f.kode.slice(0, 3)) === kostra);

/** The kodeverk readiness checklist, in the order of the work. */
export function buildChecklist(state: KodeverkState, tenant: Pick<CurrentTenant, 'slug'>): ChecklistLine[] {
  return checklistOf(state, kommuneReviewsOf(state), tenant);
}

/** The checklist with the kommuner's reviews already worked out (the Oversikt needs them too). */
export function checklistOf(state: KodeverkState, reviews: readonly KommuneReview[], tenant: Pick<CurrentTenant, 'slug'>): ChecklistLine[] {
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
