import type { Executor } from '../platform/db/database.ts';
import { parseTimestamptz } from '../platform/db/database.ts';
import type { CurrentTenant } from '../platform/http/context.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import { databaseKey, sharedLoader } from '../platform/cache.ts';
import { currentRegistersOf, type CurrentRegisters } from '../registers/current.ts';
import { mvaKoderOf, postingsOf, tjenesteSettingsOf, type TjenesteSettings } from '../settings/settings.rows.ts';
import type { Modul, ModulePosting } from '../settings/settings.rules.ts';
import { changeOf, type ContentChange } from './changes.ts';
import { readKodeverkRows, type MappingRow, type OverrideRow, type ReviewRow } from './kodeverk.repository.ts';
import { matrixInputOf, type LoadedMatrixInput, type SavedMapping } from './kodeverk.matrix.ts';
import { overrideKey } from './matrix.rules.ts';

export type { SavedMapping } from './kodeverk.matrix.ts';

export const savedMappingOf = (r: Omit<MappingRow, 'kommunenummer' | 'updated_at'> & { updated_at: Date }): SavedMapping => ({
  ansvar: r.ansvar,
  funksjonIHjemmet: r.funksjon_i_hjemmet,
  funksjonUtenforHjemmet: r.funksjon_utenfor_hjemmet,
  funksjonAdministrasjon: r.funksjon_administrasjon,
  version: r.version,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
  updatedByLabel: r.updated_by_label,
});

/** A kommune's review row (kommune_review) as the state holds it. */
export type KodeverkReview = Omit<ReviewRow, 'submitted_at' | 'decided_at' | 'approved_at'> & { submitted_at: Date | null; decided_at: Date | null; approved_at: Date | null };

/**
 * Everything the dashboard, Kontering, Godkjenning, the posting preview and the export read about a tjeneste's
 * kodeverk, read in one statement (kodeverk.repository.ts; the register rows come from the version cache). Pure
 * functions take it instead of reading again: the matrix (kodeverk.matrix.ts), the approvals and the export gate
 * (kodeverk.approvals.ts). Shared between requests: read-only.
 */
export interface KodeverkState {
  tjeneste: { id: number; slug: string; navn: string; organisasjonsnummer: string; regnskapsar: number };
  registers: CurrentRegisters;
  matrix: LoadedMatrixInput;
  kommuner: LoadedMatrixInput['kommuner'];
  settings: TjenesteSettings;
  postings: Record<Modul, ModulePosting>;
  mva: Record<string, string>;
  reviews: KodeverkReview[];
  /** content changes since the kommuner's last approvals (changes.ts) */
  changes: ContentChange[];
  /** funksjon per kategori, as saved, by kommunenummer, item type, kode and tiltakstype (the export lists them so) */
  funksjonPerKategori: OverrideRow[];
}

const at = (v: string | null) => parseTimestamptz(v);

/** The state as the database has it now, in one statement. Inside a write, read it after taking the write's locks. */
export async function loadKodeverkState(db: Executor, tjenesteId: number): Promise<KodeverkState> {
  const rows = await readKodeverkRows(db, tjenesteId);
  const { tjeneste } = rows;
  if (!tjeneste) throw new NotFoundError();
  const version = (register: string) => {
    const v = rows.versions.find((x) => x.register === register);
    return v ? { ...v, created_at: at(v.created_at)! } : undefined;
  };
  const registers = await currentRegistersOf(db, { kontoplan: version('kontoplan'), lonnsarter: version('lonnsarter'), utbetalingskategorier: version('utbetalingskategorier') });
  const settings = tjenesteSettingsOf(rows.settings ? ({ ...rows.settings, updated_at: at(rows.settings.updated_at) } as unknown as Parameters<typeof tjenesteSettingsOf>[0]) : undefined);
  const mappings = new Map(rows.mappings.map((r) => [r.kommunenummer, savedMappingOf({ ...r, updated_at: at(r.updated_at)! })]));
  const deltAnsvar = new Map(rows.deltAnsvar.map((r) => [r.ansvar, r.begrunnelse]));
  const funksjonOverrides = new Map(rows.overrides.map((r) => [overrideKey(r.item_type, r.item_kode, r.kommunenummer, r.tiltakstype), r.funksjon]));
  const kommuner = rows.kommuner;
  return {
    tjeneste,
    registers,
    matrix: matrixInputOf(tjeneste, registers, kommuner, mappings, { deltAnsvar, moduler: settings.moduler, agaArt: settings.agaArt, funksjonOverrides }),
    kommuner,
    settings,
    postings: postingsOf(rows.postings),
    mva: mvaKoderOf(rows.mva),
    reviews: rows.reviews.map((r) => ({ ...r, submitted_at: at(r.submitted_at), decided_at: at(r.decided_at), approved_at: at(r.approved_at) })),
    changes: rows.changes.map(changeOf),
    funksjonPerKategori: rows.overrides,
  };
}

/**
 * Why it exists: a page whose rendered copy is not kept (the first view of each session after any change, the pages
 * page-cache.ts does not keep) reads the state once per revision instead of once per view. Measured with
 * bench/http.bench.ts with the page cache off: the three target pages cost 2–21 ms of server CPU each with it and
 * 22–32 ms without (a fifth to a tenth of the throughput); with the page cache on the bench does not reach it.
 *
 * Keyed by database, tjeneste and revision. Budget: what a state holds besides the register rows (those are the
 * version cache's, registers/current.ts) at 1.5 × its JSON, plus ~256 bytes per matrix line for the kommune reviews
 * derived from it and kept as long as it is (review.service.ts); the bench's tjeneste (3 kommuner, 80 items) comes to
 * ~140 KB, and 8 MB holds some fifty revisions.
 */
const stateCache = sharedLoader<KodeverkState>({ maxBytes: 8 * 1024 * 1024, bytesOf: stateBytes });
function stateBytes(state: KodeverkState): number {
  const own = { ...state, registers: null, matrix: { ...state.matrix, kontoplan: null, lonnsarter: null, utbetalingskategorier: null } };
  const json = JSON.stringify(own, (_k, v: unknown) => (v instanceof Map ? [...v] : v)).length;
  const lines = (state.matrix.lonnsarter.length + state.matrix.utbetalingskategorier.length + 1) * state.matrix.kommuner.length * 2;
  return 1.5 * json + 256 * lines;
}

/**
 * The state a page shows, as of the revision read with the request's membership: read from the database once per
 * revision and then shared (read-only, frozen under test) by every page view until something changes. A state read
 * just after the revision may be newer than it; a later request then sees a new revision and reads again. Never use
 * this inside a write: a transaction must read its own state with loadKodeverkState.
 */
export function kodeverkStateOf(db: Executor, tenant: Pick<CurrentTenant, 'id' | 'revision'>): Promise<KodeverkState> {
  return stateCache.load(`${databaseKey(db)}:${tenant.id}:${tenant.revision}`, () => loadKodeverkState(db, tenant.id));
}

/** The matrix input alone (a write that changes the matrix reads it after its locks). */
export async function loadMatrixInput(db: Executor, tjenesteId: number): Promise<LoadedMatrixInput> {
  return (await loadKodeverkState(db, tjenesteId)).matrix;
}
