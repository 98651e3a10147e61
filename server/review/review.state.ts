import type { Executor } from '../platform/db/database.ts';
import type { CurrentTenant } from '../platform/http/context.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import { lruCache } from '../platform/lru.ts';
import { loadCurrentRegisters, type CurrentRegisters } from '../registers/current.ts';
import { listKommuner } from '../tenancy/tenancy.repository.ts';
import { loadDeltAnsvar, loadFunksjonOverrides, loadMappings } from '../mapping/mapping.service.ts';
import { findTjeneste } from '../matrix/matrix.repository.ts';
import { matrixFingerprint, matrixInputOf, matrixLinesOf, type LoadedMatrixInput } from '../matrix/matrix.service.ts';
import { ansvarSharingOf, type MatrixLine } from '../matrix/matrix.rules.ts';
import * as settingsRepo from '../settings/settings.repository.ts';
import { effectiveSettingsOf } from '../settings/settings.service.ts';
import type { Modul, ModulePosting } from '../settings/settings.rules.ts';
import * as repo from './review.repository.ts';
import { approvalContent, approvalHash, approvedMapping, type ApprovalContent } from './review.rules.ts';
import { loadChangeLog, type ContentChange } from './review.changes.ts';

/**
 * Everything the dashboard, the matrix and the approval read about a tjeneste's kodeverk, each table read once per
 * request (the register rows come from the version cache). Pure functions take it instead of reading again.
 */
export interface KodeverkState {
  tjeneste: { slug: string; regnskapsar: number };
  registers: CurrentRegisters;
  matrix: LoadedMatrixInput;
  kommuner: LoadedMatrixInput['kommuner'];
  settings: settingsRepo.TjenesteSettings;
  postings: Record<Modul, ModulePosting>;
  mva: Record<string, string>;
  reviews: Awaited<ReturnType<typeof repo.listReviews>>;
  /** content changes since the kommuner's last approvals (review.changes.ts) */
  changes: ContentChange[];
}

export async function loadKodeverkState(db: Executor, tjenesteId: number): Promise<KodeverkState> {
  const [tjeneste, registers, kommuner, mappings, settings, postings, mva, reviews, deltAnsvar, changes, funksjonOverrides] = await Promise.all([
    findTjeneste(db, tjenesteId),
    loadCurrentRegisters(db, tjenesteId),
    listKommuner(db, tjenesteId),
    loadMappings(db, tjenesteId),
    settingsRepo.findTjenesteSettings(db, tjenesteId),
    settingsRepo.findPostings(db, tjenesteId),
    settingsRepo.findMvaKoder(db, tjenesteId),
    repo.listReviews(db, tjenesteId),
    loadDeltAnsvar(db, tjenesteId),
    loadChangeLog(db, tjenesteId),
    loadFunksjonOverrides(db, tjenesteId),
  ]);
  if (!tjeneste) throw new NotFoundError();
  return {
    tjeneste,
    registers,
    matrix: matrixInputOf(tjeneste, registers, kommuner, mappings, { deltAnsvar, moduler: settings.moduler, agaArt: settings.agaArt, funksjonOverrides }),
    kommuner,
    settings,
    postings,
    mva,
    reviews,
    changes,
  };
}

// A few tjenester, a few recent revisions each; the register rows inside are shared with the version cache.
const stateCache = lruCache<Promise<KodeverkState>>(16);

/**
 * The state a page shows, as of the revision read with the request's membership: read from the database once per
 * revision and then shared (read-only) by every page view until something changes. A state read just after the
 * revision may be newer than it; a later request then sees a new revision and reads again. Never use this inside a
 * write: a transaction must read its own state with loadKodeverkState.
 */
export function kodeverkStateOf(db: Executor, tenant: Pick<CurrentTenant, 'id' | 'revision'>): Promise<KodeverkState> {
  const key = `${tenant.id}:${tenant.revision}`;
  const hit = stateCache.get(key);
  if (hit) return hit;
  const state = loadKodeverkState(db, tenant.id);
  stateCache.set(key, state);
  // a failed read (a lost connection) must not stay cached
  state.catch(() => stateCache.get(key) === state && stateCache.delete(key));
  return state;
}

/** What a kommune's approval covers, computed from the state: its lines, the approval content and its hash. */
export interface KommuneApproval {
  lines: MatrixLine[];
  content: ApprovalContent;
  hash: string;
  invalidCount: number;
  problems: { code: string; message: string; fixHref: string }[];
}

// Hashing every kommune's content on every page view costs more than the page; equal inputs give equal content.
const approvalCache = lruCache<Map<string, KommuneApproval>>(16);

export function kommuneApprovalsOf(state: KodeverkState): Map<string, KommuneApproval> {
  const input = state.matrix;
  const settingsOf = (nr: string) => effectiveSettingsOf(state.settings, state.postings, nr);
  // the whole mapping and settings, as the content takes them whole
  const key = JSON.stringify([matrixFingerprint(input), input.kommuner.map((k) => [k.kommunenummer, approvedMapping(input.mappings.get(k.kommunenummer) ?? null), settingsOf(k.kommunenummer)])]);
  const hit = approvalCache.get(key);
  if (hit) return hit;
  const lines = matrixLinesOf(input);
  const byKommune = new Map<string, MatrixLine[]>();
  for (const l of lines) {
    const own = byKommune.get(l.kommunenummer);
    if (own) own.push(l);
    else byKommune.set(l.kommunenummer, [l]);
  }
  const navn = (list: { kode: string; navn: string }[] | undefined, kode: string | null | undefined) => (kode == null ? null : (list?.find((x) => x.kode === kode)?.navn ?? null));
  const out = new Map<string, KommuneApproval>();
  const sharing = ansvarSharingOf(input);
  for (const k of input.kommuner) {
    const mapping = input.mappings.get(k.kommunenummer) ?? null;
    const f = input.kontoplan?.funksjon;
    const names = {
      ansvar: navn(input.kontoplan?.ansvar, mapping?.ansvar),
      funksjoner: { iHjemmet: navn(f, mapping?.funksjonIHjemmet), utenforHjemmet: navn(f, mapping?.funksjonUtenforHjemmet), administrasjon: navn(f, mapping?.funksjonAdministrasjon) },
    };
    const own = byKommune.get(k.kommunenummer) ?? [];
    const content = approvalContent(k.kommunenummer, mapping, names, own, settingsOf(k.kommunenummer));
    const shared = sharing.get(k.kommunenummer);
    if (shared?.begrunnelse) content.deltAnsvar = { ansvar: shared.ansvar, kommuner: shared.kommuner, begrunnelse: shared.begrunnelse };
    out.set(k.kommunenummer, { lines: own, content, hash: approvalHash(content), invalidCount: own.filter((l) => l.problems.length > 0).length, problems: uniqueProblems(own) });
  }
  approvalCache.set(key, out);
  return out;
}

function uniqueProblems(lines: MatrixLine[]) {
  const seen = new Map<string, { code: string; message: string; fixHref: string }>();
  for (const l of lines) for (const p of l.problems) if (!seen.has(p.message)) seen.set(p.message, p);
  return [...seen.values()];
}
