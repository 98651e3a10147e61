import { sharedCache } from '../platform/cache.ts';
import type { CurrentRegisters } from '../registers/current.ts';
import { isInUse, type ModuleStatus } from '../settings/settings.rules.ts';
import { ansvarSharingOf, buildLine, computeLines, matrixItems, summarise, type KommuneMapping, type MatrixInput, type MatrixLine, type MatrixResult, type MatrixTiltakstype } from './matrix.rules.ts';

// The derived matrix: pure functions of the state's matrix input, remembered by its fingerprint.

/** A kommune's confirmed mapping as saved (proposals are never saved), with who saved it. */
export interface SavedMapping extends KommuneMapping {
  version: number;
  updatedAt: Date;
  updatedBy: number | null;
  updatedByLabel: string;
}

/** Everything the matrix is computed from: the state's part of it (kodeverk.state.ts), also what the approval hash covers. */
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

/**
 * computeLines, remembered by the input's fingerprint, shared between requests (read-only, frozen under test). Why it
 * exists: computing the lines of the bench's tjeneste (510 lines, a 5,016-art kontoplan) takes ~80 ms, and a new
 * revision often leaves them as they were (an approval, a setting, a question): the Kontering page, the approvals
 * and the import's impact then reuse them. With the page cache off, the Kontering page cost ~37 ms of server CPU per
 * view without it against ~21 ms with it.
 *
 * The key is the content itself (registers by content hash, every mapping and choice the lines read), so an entry of
 * another database with the same key has the same lines: it needs no database identity. Budget: a line takes ~465
 * bytes of heap (measured on those 510 lines); 16 MB holds some 35,000.
 */
const linesCache = sharedCache<MatrixLine[]>({ maxBytes: 16 * 1024 * 1024, bytesOf: (lines) => 500 * lines.length });
export function matrixLinesOf(input: LoadedMatrixInput): MatrixLine[] {
  // the fingerprint is a few small arrays as JSON (~13 µs): remembering the lines per input object as well saved nothing
  const key = matrixFingerprint(input);
  return linesCache.get(key) ?? linesCache.set(key, computeLines(input));
}

/** The matrix of an input already read: every line and the counts. */
export function matrixOf(input: LoadedMatrixInput): MatrixResult {
  return summarise(matrixLinesOf(input));
}

/**
 * One kontostreng, as the posting preview needs it. Null when the item or kommune does not exist. A kategori asked for
 * a tiltakstype it does not apply to gets a line with the problem `tiltakstype_gjelder_ikke`.
 */
export function lineFor(
  input: LoadedMatrixInput,
  item: { itemType: 'lonnsart' | 'utbetalingskategori' | 'aga'; itemKode: string },
  kommunenummer: string,
  tiltakstype: MatrixTiltakstype,
): MatrixLine | null {
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

/**
 * One kommune's lines only (approving a kommune computes no other kommune's): the whole matrix's when it is already
 * remembered, else computed for that kommune alone (the shared-ansvar check still looks at every kommune's mapping).
 */
export function kommuneLinesOf(input: LoadedMatrixInput, kommunenummer: string): MatrixLine[] {
  const known = linesCache.get(matrixFingerprint(input));
  if (known) return known.filter((l) => l.kommunenummer === kommunenummer);
  return computeLines(input, kommunenummer);
}
