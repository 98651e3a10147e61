import type { ReviewStatus } from '../kodeverk/kodeverk.tables.ts';
import type { Actor } from '../platform/http/context.ts';
import { canApprove, canEditRegisters, isGodkjenner } from '../auth/permissions.ts';
import type { ApprovalContent } from '../kodeverk/approval.rules.ts';
import type { KodeverkState } from '../kodeverk/kodeverk.state.ts';
import { describeChange, describeDiff, describeSettings } from './review.describe.ts';
import { canSubmit, kommuneReviewsOf, STATUS_LABEL } from './review.service.ts';

// The Godkjenning page (read only: sending, approving and rejecting are in review.service.ts).

const STATUS_BADGE: Record<ReviewStatus, string> = { utkast: '', til_godkjenning: 'warn', godkjent: 'ok', avvist: 'err' };
const CHANGES_SHOWN = 30;

export interface ReviewPageOverride {
  kommunenummer: string;
  errors?: Record<string, string[] | undefined>;
  values?: Record<string, unknown>;
  /** the approval was refused because the content changed after the page was shown */
  changed?: string;
}

/** The godkjenner's page: kommune by kommune side by side, with what the current user may do on each. */
function reviewCards(state: KodeverkState, actor: Actor, override?: ReviewPageOverride) {
  const all = kommuneReviewsOf(state);
  const member = { userId: actor.userId, roles: actor.roles };
  const mayEdit = canEditRegisters(member);
  const godkjenner = isGodkjenner(member);
  const label = (kode: string | null | undefined, navn: string | null) => (kode ? `${kode}${navn ? ` ${navn}` : ''}` : null);
  return {
    canEdit: mayEdit,
    canApprove: godkjenner,
    anySubmittable: all.some(canSubmit),
    changedNotice: override?.changed ?? null,
    kommuner: all.map((k) => {
      const decidable = k.status === 'til_godkjenning' || (k.status === 'godkjent' && k.outdated);
      const own = override?.kommunenummer === k.kommunenummer ? override : undefined;
      return {
        kommunenummer: k.kommunenummer,
        navn: k.navn,
        erVertskommune: k.erVertskommune,
        statusLabel: k.outdated ? 'Endret etter godkjenning' : k.sentBack ? 'Sendt tilbake' : STATUS_LABEL[k.status],
        statusBadge: k.outdated || k.sentBack ? 'warn' : STATUS_BADGE[k.status],
        outdated: k.outdated,
        mapping: k.mapping,
        ansvar: label(k.mapping?.ansvar, k.content.names.ansvar),
        iHjemmet: label(k.mapping?.funksjonIHjemmet, k.content.names.funksjoner['iHjemmet'] ?? null),
        utenforHjemmet: label(k.mapping?.funksjonUtenforHjemmet, k.content.names.funksjoner['utenforHjemmet'] ?? null),
        administrasjon: label(k.mapping?.funksjonAdministrasjon, k.content.names.funksjoner['administrasjon'] ?? null),
        deltAnsvar: k.content.deltAnsvar ?? null,
        lineCount: k.lines.length,
        invalidCount: k.invalidCount,
        problems: k.problems,
        review: k.review,
        // the last approval is history once the kommune is anything but godkjent with that content
        approvalIsCurrent: k.status === 'godkjent' && !k.outdated,
        approvedHashShort: k.review?.approved_hash?.slice(0, 12) ?? null,
        hash: k.hash,
        settings: describeSettings(k.content.settings),
        diff: k.diff ? describeDiff(k.diff, k.review!.approved_snapshot as ApprovalContent, k.content) : null,
        sentBack: k.sentBack ? { ...describeDiff(k.sentBack.diff, k.review!.submitted_snapshot as ApprovalContent, k.content), changes: k.sentBack.changes.map(describeChange) } : null,
        // the newest on the card (four-eyes still weighs them all); the endringslogg has the rest
        changes: k.changes.slice(-CHANGES_SHOWN).map(describeChange),
        changeCount: k.changes.length,
        olderChanges: Math.max(0, k.changes.length - CHANGES_SHOWN),
        canSubmit: mayEdit && canSubmit(k),
        canDecide: godkjenner && decidable,
        fourEyesBlocked: godkjenner && decidable && !canApprove(member, k),
        changedNotice: own?.changed ?? own?.errors?.['hash']?.[0] ?? null,
        errors: own?.errors ?? null,
        kommentar: own?.values ? String(own.values['kommentar'] ?? '') : '',
      };
    }),
  };
}

/** The whole page; override: a refused approval or rejection, shown again at its kommune. */
export function reviewPage(state: KodeverkState, actor: Actor, override?: ReviewPageOverride) {
  return { title: 'Godkjenning', ...reviewCards(state, actor, override) };
}
