import { TILTAKSTYPE_WITH_FUNKSJON } from '../registers/labels.ts';
import { kontostrengText } from './kontostreng.ts';
import type { Executor } from '../platform/db/database.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import { loadCurrentRegisters, type CurrentRegisters } from '../registers/current.ts';
import { lruCache } from '../platform/lru.ts';
import { listKommuner } from '../tenancy/tenancy.repository.ts';
import { loadDeltAnsvar, loadFunksjonOverrides, loadMappings, type SavedMapping } from '../mapping/mapping.service.ts';
import { findTjeneste } from './matrix.repository.ts';
import { findTjenesteSettings } from '../settings/settings.repository.ts';
import { isInUse, type ModuleStatus } from '../settings/settings.rules.ts';
import {
  ansvarSharingOf,
  buildLine,
  computeLines,
  filterLines,
  matrixItems,
  summarise,
  TILTAKSTYPER,
  type LineFilter,
  type MatrixInput,
  type MatrixLine,
  type MatrixResult,
  type MatrixTiltakstype,
} from './matrix.rules.ts';
import { matrixWorkbook } from './matrix.xlsx.ts';

export type { MatrixLine, MatrixResult, MatrixTiltakstype } from './matrix.rules.ts';

/** Everything the matrix is computed from, read in one go (also used by review for the approval hash). */
export interface LoadedMatrixInput extends MatrixInput {
  kommuner: { kommunenummer: string; navn: string; er_vertskommune: boolean }[];
  mappings: Map<string, SavedMapping>;
  deltAnsvar: Map<string, string>;
  modulesInUse: { okonomi: boolean; lonn: boolean };
  agaArt: string | null;
  funksjonOverrides: Map<string, string>;
  /** content hashes of the register versions the input was read from (null: none imported) */
  registerHashes: { kontoplan: string | null; lonnsarter: string | null; utbetalingskategorier: string | null };
}

export async function loadMatrixInput(db: Executor, tjenesteId: number): Promise<LoadedMatrixInput> {
  const [tjeneste, registers, kommuner, mappings, deltAnsvar, settings, funksjonOverrides] = await Promise.all([
    findTjeneste(db, tjenesteId),
    loadCurrentRegisters(db, tjenesteId),
    listKommuner(db, tjenesteId),
    loadMappings(db, tjenesteId),
    loadDeltAnsvar(db, tjenesteId),
    findTjenesteSettings(db, tjenesteId),
    loadFunksjonOverrides(db, tjenesteId),
  ]);
  if (!tjeneste) throw new NotFoundError();
  return matrixInputOf(tjeneste, registers, kommuner, mappings, { deltAnsvar, moduler: settings.moduler, agaArt: settings.agaArt, funksjonOverrides });
}

export function matrixInputOf(
  tjeneste: { slug: string; regnskapsar: number },
  registers: CurrentRegisters,
  kommuner: LoadedMatrixInput['kommuner'],
  mappings: Map<string, SavedMapping>,
  extra: { deltAnsvar?: Map<string, string>; moduler?: { okonomi: ModuleStatus; lonn: ModuleStatus }; agaArt?: string | null; funksjonOverrides?: Map<string, string> } = {},
): LoadedMatrixInput {
  return {
    slug: tjeneste.slug,
    regnskapsar: tjeneste.regnskapsar,
    kontoplan: registers.kontoplan,
    lonnsarter: registers.lonnsarter?.rows ?? [],
    utbetalingskategorier: registers.utbetalingskategorier?.rows ?? [],
    kommuner,
    mappings,
    deltAnsvar: extra.deltAnsvar ?? new Map(),
    modulesInUse: { okonomi: extra.moduler ? isInUse(extra.moduler.okonomi) : true, lonn: extra.moduler ? isInUse(extra.moduler.lonn) : true },
    agaArt: extra.agaArt ?? null,
    funksjonOverrides: extra.funksjonOverrides ?? new Map(),
    registerHashes: {
      kontoplan: registers.kontoplan?.version.contentHash ?? null,
      lonnsarter: registers.lonnsarter?.version.contentHash ?? null,
      utbetalingskategorier: registers.utbetalingskategorier?.version.contentHash ?? null,
    },
  };
}

/** What the lines depend on, and nothing else: equal fingerprints give equal lines. */
export function matrixFingerprint(input: LoadedMatrixInput): string {
  return JSON.stringify([
    input.slug,
    input.regnskapsar,
    input.registerHashes,
    input.kommuner.map((k) => {
      const m = input.mappings.get(k.kommunenummer);
      return [k.kommunenummer, k.navn, m ? [m.ansvar, m.funksjonIHjemmet, m.funksjonUtenforHjemmet] : null];
    }),
    [...input.deltAnsvar].sort(),
    input.modulesInUse,
    input.agaArt,
    [...input.funksjonOverrides].sort(),
  ]);
}

const linesCache = lruCache<MatrixLine[]>(16);
/**
 * computeLines, remembered by the input's fingerprint: every page view would otherwise check every line again.
 * The lines are shared between requests: read-only.
 */
export function matrixLinesOf(input: LoadedMatrixInput): MatrixLine[] {
  // the same input object (a cached page state) skips even the fingerprint
  const known = linesOfInput.get(input);
  if (known) return known;
  const key = matrixFingerprint(input);
  let lines = linesCache.get(key);
  if (!lines) {
    lines = computeLines(input);
    linesCache.set(key, lines);
  }
  linesOfInput.set(input, lines);
  return lines;
}
const linesOfInput = new WeakMap<LoadedMatrixInput, MatrixLine[]>();

/** The konteringsmatrise of a tjeneste: computed on every read from the current registers and the saved mappings. */
export async function computeMatrix(db: Executor, tjenesteId: number): Promise<MatrixResult> {
  return matrixOf(await loadMatrixInput(db, tjenesteId));
}

/** computeMatrix on an input already read. */
export function matrixOf(input: LoadedMatrixInput): MatrixResult {
  return summarise(matrixLinesOf(input));
}

/**
 * One kontostreng, as the posting preview and the export need it. Null when the item or kommune does not exist.
 * A kategori asked for a tiltakstype it does not apply to gets a line with the problem `tiltakstype_gjelder_ikke`.
 */
export async function kontostrengFor(
  db: Executor,
  tjenesteId: number,
  item: { itemType: 'lonnsart' | 'utbetalingskategori' | 'aga'; itemKode: string },
  kommunenummer: string,
  tiltakstype: MatrixTiltakstype,
): Promise<MatrixLine | null> {
  const input = await loadMatrixInput(db, tjenesteId);
  const kommune = input.kommuner.find((k) => k.kommunenummer === kommunenummer);
  const found = matrixItems(input).find((i) => i.itemType === item.itemType && i.itemKode === item.itemKode);
  if (!kommune || !found) return null;
  const index = input.kontoplan
    ? {
        art: new Map(input.kontoplan.art.map((x) => [x.kode, x])),
        ansvar: new Map(input.kontoplan.ansvar.map((x) => [x.kode, x])),
        funksjon: new Map(input.kontoplan.funksjon.map((x) => [x.kode, x])),
      }
    : null;
  return buildLine(input, index, found, kommune, input.mappings.get(kommunenummer) ?? null, tiltakstype, ansvarSharingOf(input));
}

/** The Kontering page: the filtered lines plus what the filter form offers. */
export function matrixPageOf(input: LoadedMatrixInput, filter: LineFilter) {
  const result = summarise(matrixLinesOf(input));
  const lines = filterLines(result.lines, filter);
  const codes = new Map<string, string>();
  for (const l of result.lines) for (const p of [...l.problems, ...l.warnings, ...l.notes]) if (!codes.has(p.code)) codes.set(p.code, PROBLEM_LABEL[p.code] ?? p.code);
  return {
    hasKontoplan: input.kontoplan !== null,
    hasItems: input.lonnsarter.length + input.utbetalingskategorier.length > 0,
    // «Ikke i bruk» modules: said on the page, so nobody looks for their lines
    modulesNotInUse: [
      ...(input.modulesInUse.lonn ? [] : ['Lønn er satt til «Ikke i bruk», så lønnsartene er ikke med i matrisen.']),
      ...(input.modulesInUse.okonomi ? [] : ['Økonomi er satt til «Ikke i bruk», så utbetalingskategoriene er ikke med i matrisen.']),
    ],
    mappedCount: input.mappings.size,
    kommuneCount: input.kommuner.length,
    counts: result.counts,
    shown: lines.length,
    // the kontostreng as everywhere else (kontostreng.ts), with «?» where a part is missing
    lines: lines.map((l) => ({ ...l, kontostrengText: kontostrengText(l) })),
    filter,
    kommuner: input.kommuner.map((k) => ({ val: k.kommunenummer, label: `${k.kommunenummer} ${k.navn}`, selected: k.kommunenummer === filter.kommune })),
    tiltakstyper: TILTAKSTYPER.map((t) => ({ val: t, label: TILTAKSTYPE_WITH_FUNKSJON[t], selected: t === filter.tiltakstype })),
    problemer: [{ val: 'feil', label: 'Alle med feil' }, { val: 'advarsel', label: 'Alle med advarsel' }, { val: 'ok', label: 'Uten feil' }, ...[...codes].map(([val, label]) => ({ val, label }))].map(
      (o) => ({ ...o, selected: o.val === filter.problem }),
    ),
  };
}

export async function matrixXlsxOf(input: LoadedMatrixInput, filter: LineFilter) {
  return matrixWorkbook(filterLines(matrixLinesOf(input), filter), `Konteringsmatrise ${input.slug}`);
}

const PROBLEM_LABEL: Record<string, string> = {
  kontoplan_mangler: 'Kontoplan mangler',
  art_ukjent: 'Art finnes ikke',
  art_inaktiv: 'Art ikke aktiv',
  ansvar_mangler: 'Ansvar mangler',
  ansvar_ukjent: 'Ansvar finnes ikke',
  ansvar_inaktiv: 'Ansvar ikke aktivt',
  funksjon_mangler: 'Funksjon mangler',
  funksjon_ukjent: 'Funksjon finnes ikke',
  funksjon_inaktiv: 'Funksjon ikke aktiv',
  funksjon_feil_kostra: 'Funksjon har feil KOSTRA',
  tiltakstype_gjelder_ikke: 'Tiltakstype gjelder ikke',
  aga_art_mangler: 'AGA-art ikke valgt',
  art_ikke_driftskonto: 'Art er ikke en driftsart (kontoklasse)',
  aga_art_ikke_099: 'AGA-art er ikke KOSTRA 099',
  ansvar_flere_kommuner: 'Ansvar brukt av flere kommuner',
  ansvar_felles: 'Felles ansvar (merket)',
  funksjon_ikke_barnevern: 'Funksjon utenfor barnevern',
  funksjon_290: 'Funksjon 290 (interkommunalt)',
  art_uten_kostra: 'Art uten KOSTRA',
  inntektsart: 'Inntektsart',
  lonnsart_pa_inntektsart: 'Lønnsart på inntektsart',
  lonnsart_pa_099: 'Lønnsart på 099',
  aga_pa_089: 'AGA på art 089',
  fosterhjem_ikke_skattepliktig: 'Fosterhjem ikke skattepliktig',
  fosterhjem_uten_aga: 'Fosterhjem uten AGA',
  fosterhjem_feriepenger: 'Fosterhjem med feriepenger',
  utgiftsdekning_aga: 'Utgiftsdekning med AGA',
  utgiftsdekning_feriepenger: 'Utgiftsdekning med feriepenger',
  amelding_utgaatt: 'A-melding-beskrivelse utgått',
  amelding_ukjent: 'A-melding-beskrivelse ukjent',
  skattepliktig_utenfor_lonn: 'Skattepliktig utenfor lønnsart',
  skattefri_pa_lonn: 'Skattefri på lønnsart',
  kategori_pa_lonnsart: 'Utbetaling på lønnsart',
  ssb_025_art_ikke_drift: 'SSB 025: art ikke gyldig i drift',
  ssb_075_skatt_rammetilskudd: 'SSB 075: art 870–879 utenfor funksjon 800',
  ssb_070_art_530: 'SSB 070: art 530 utenfor funksjon 880',
  ssb_080_art_800: 'SSB 080: art 800 utenfor funksjon 840',
  ssb_065_art_899: 'SSB 065: art 589/980/989 utenfor funksjon 899',
  ssb_065_funksjon_899: 'SSB 065: funksjon 899 med feil art',
  ssb_035_utlan: 'SSB 035: art 520/920 på feil funksjon',
  ssb_030_ulogisk_drift: 'SSB 030: art 285/660 ulogisk i drift',
};
