import type { ReviewStatus } from './kodeverk.tables.ts';
import type { UrlName } from '../platform/http/urls.ts';
import { sharedCache } from '../platform/cache.ts';
import { effectiveSettingsOf } from '../settings/settings.rules.ts';
import { approvalContent, approvalHash, approvedMapping, type ApprovalContent } from './approval.rules.ts';
import { kommuneLinesOf, matrixFingerprint, matrixLinesOf, matrixOf, type LoadedMatrixInput } from './kodeverk.matrix.ts';
import type { KodeverkReview, KodeverkState } from './kodeverk.state.ts';
import { ansvarSharingOf, type MatrixLine } from './matrix.rules.ts';

/** What a kommune's approval covers, computed from the state: its lines, the approval content and its hash. */
export interface KommuneApproval {
  lines: MatrixLine[];
  content: ApprovalContent;
  hash: string;
  invalidCount: number;
  problems: { code: string; message: string; fixHref: string }[];
}

const settingsOf = (state: KodeverkState, nr: string) => effectiveSettingsOf(state.settings, state.postings, nr);

/**
 * Every kommune's approval, remembered by what it is computed from (shared, read-only, frozen under test). Why it
 * exists: building and hashing each kommune's content takes ~40 ms for the bench's tjeneste on top of its lines, and the
 * dashboard, the Godkjenning page, the export page and the export gate all ask for it; a new revision that leaves the
 * content as it was (a submission, an approval, a question) reuses it.
 *
 * Like the lines, the key is the content (the matrix fingerprint, every mapping and every kommune's settings), so it
 * needs no database identity. Budget: the lines are the lines cache's; the content takes about its JSON's length in
 * heap (measured: 133 KB of JSON, ~100 KB of heap for three kommuner); 8 MB.
 */
const approvalCache = sharedCache<Map<string, KommuneApproval>>({
  maxBytes: 8 * 1024 * 1024,
  bytesOf: (all) => [...all.values()].reduce((n, a) => n + JSON.stringify(a.content).length + a.hash.length, 0),
});
// the whole mapping and settings, as the content takes them whole
const approvalKey = (state: KodeverkState) =>
  JSON.stringify([
    matrixFingerprint(state.matrix),
    state.matrix.kommuner.map((k) => [k.kommunenummer, approvedMapping(state.matrix.mappings.get(k.kommunenummer) ?? null), settingsOf(state, k.kommunenummer)]),
  ]);

/** Every kommune's approval (the Godkjenning page, the dashboard, the export gate). Shared: read-only. */
export function kommuneApprovalsOf(state: KodeverkState): Map<string, KommuneApproval> {
  const key = approvalKey(state);
  const hit = approvalCache.get(key);
  if (hit) return hit;
  const byKommune = new Map<string, MatrixLine[]>();
  for (const l of matrixLinesOf(state.matrix)) {
    const own = byKommune.get(l.kommunenummer);
    if (own) own.push(l);
    else byKommune.set(l.kommunenummer, [l]);
  }
  const sharing = ansvarSharingOf(state.matrix);
  const out = new Map<string, KommuneApproval>();
  for (const k of state.matrix.kommuner) out.set(k.kommunenummer, approvalOf(state, k.kommunenummer, byKommune.get(k.kommunenummer) ?? [], sharing));
  approvalCache.set(key, out);
  return out;
}

/**
 * One kommune's approval, computing no other kommune's (an approval or a send of one kommune): its lines alone, its
 * content and hash. The same as kommuneApprovalsOf(state).get(kommunenummer). Undefined for a kommune not in the tjeneste.
 */
export function kommuneApprovalOf(state: KodeverkState, kommunenummer: string): KommuneApproval | undefined {
  if (!state.matrix.kommuner.some((k) => k.kommunenummer === kommunenummer)) return undefined;
  const all = approvalCache.get(approvalKey(state));
  if (all) return all.get(kommunenummer);
  return approvalOf(state, kommunenummer, kommuneLinesOf(state.matrix, kommunenummer), ansvarSharingOf(state.matrix));
}

function approvalOf(state: KodeverkState, kommunenummer: string, own: MatrixLine[], sharing: ReturnType<typeof ansvarSharingOf>): KommuneApproval {
  const input: LoadedMatrixInput = state.matrix;
  const navn = (list: { kode: string; navn: string }[] | undefined, kode: string | null | undefined) => (kode == null ? null : (list?.find((x) => x.kode === kode)?.navn ?? null));
  const mapping = input.mappings.get(kommunenummer) ?? null;
  const f = input.kontoplan?.funksjon;
  const names = {
    ansvar: navn(input.kontoplan?.ansvar, mapping?.ansvar),
    funksjoner: { iHjemmet: navn(f, mapping?.funksjonIHjemmet), utenforHjemmet: navn(f, mapping?.funksjonUtenforHjemmet), administrasjon: navn(f, mapping?.funksjonAdministrasjon) },
  };
  const content = approvalContent(kommunenummer, mapping, names, own, settingsOf(state, kommunenummer));
  const shared = sharing.get(kommunenummer);
  if (shared?.begrunnelse) content.deltAnsvar = { ansvar: shared.ansvar, kommuner: shared.kommuner, begrunnelse: shared.begrunnelse };
  return { lines: own, content, hash: approvalHash(content), invalidCount: own.filter((l) => l.problems.length > 0).length, problems: uniqueProblems(own) };
}

function uniqueProblems(lines: MatrixLine[]) {
  const seen = new Map<string, { code: string; message: string; fixHref: string }>();
  for (const l of lines) for (const p of l.problems) if (!seen.has(p.message)) seen.set(p.message, p);
  return [...seen.values()];
}

/** A kommune's review status now, derived from its stored row and the hash of its content now. */
export interface ReviewStatusNow {
  status: ReviewStatus;
  /** godkjent, but what was approved differs from what the kommune has now */
  outdated: boolean;
  /**
   * Sent to the godkjenner, then changed: the kommune is an utkast again (derived from the hashes, so a change through
   * any path — import, settings, mapping — does it).
   */
  changedSinceSent: boolean;
}

export function reviewStatusOf(review: KodeverkReview | null, hash: string): ReviewStatusNow {
  const stored = review?.status ?? 'utkast';
  const changedSinceSent = stored === 'til_godkjenning' && review?.submitted_hash != null && review.submitted_hash !== hash;
  const status = changedSinceSent ? 'utkast' : stored;
  return { status, outdated: status === 'godkjent' && review?.approved_hash !== hash, changedSinceSent };
}

/** Every kommune godkjent and not outdated (and at least one kommune). */
export function allApprovedOf(all: readonly { status: ReviewStatus; outdated: boolean }[]): boolean {
  return all.length > 0 && all.every((k) => k.status === 'godkjent' && !k.outdated);
}

const iso = (d: Date | null | undefined) => (d == null ? null : new Date(d).toISOString());

/** The export's view of every kommune's approval, in the state's kommune order. */
export function approvalsForExportOf(state: KodeverkState) {
  const approvals = kommuneApprovalsOf(state);
  const reviews = new Map(state.reviews.map((r) => [r.kommunenummer, r]));
  return state.kommuner.map((k) => {
    const review = reviews.get(k.kommunenummer) ?? null;
    const { status, outdated } = reviewStatusOf(review, approvals.get(k.kommunenummer)!.hash);
    return {
      kommunenummer: k.kommunenummer,
      status,
      outdated,
      approvedBy: review?.approved_by_label ?? null,
      approvedAt: iso(review?.approved_at),
      hash: review?.approved_hash ?? null,
      comment: review?.comment ?? null,
    };
  });
}

/** One reason a final export is not possible yet, and the page of the tjeneste (platform/http/urls.ts) where the user puts it right. */
export interface ExportBlocker {
  message: string;
  fix: { page: UrlName; query?: string };
}

/** The export gate: why a final export is not possible yet (empty list = ready), from the state alone. */
export function exportBlockersOf(state: KodeverkState): ExportBlocker[] {
  const matrix = matrixOf(state.matrix);
  const approved = allApprovedOf(approvalsForExportOf(state));
  const reasons: ExportBlocker[] = [];
  if (!state.registers.kontoplan) reasons.push({ message: 'Kontoplanen er ikke importert.', fix: { page: 'imports' } });
  if (matrix.counts.total === 0) reasons.push({ message: 'Konteringsmatrisen er tom: importer lønnsarter eller utbetalingskategorier og sett opp konteringen per kommune.', fix: { page: 'imports' } });
  if (matrix.counts.invalid > 0) reasons.push({ message: `Konteringsmatrisen har ${matrix.counts.invalid} linjer med problemer.`, fix: { page: 'kontering', query: 'problem=feil' } });
  if (!approved) reasons.push({ message: 'Ikke alle kommuner er godkjent (eller noe er endret etter godkjenning).', fix: { page: 'review' } });
  return reasons;
}
