import type { CurrentRegisters, Konto, VersionRef } from '../registers/current.ts';
import { registerContentHash } from '../registers/content-hash.ts';
import { matrixInputOf, matrixLinesOf } from '../kodeverk/kodeverk.matrix.ts';
import type { MatrixLine } from '../kodeverk/matrix.rules.ts';
import { kommuneApprovalsOf } from '../kodeverk/kodeverk.approvals.ts';
import type { KodeverkState } from '../kodeverk/kodeverk.state.ts';
import { kommuneReviewsOf } from '../review/review.service.ts';
import { countWord, joinNames } from '../platform/text.ts';
import type { RegisterName } from '../spreadsheet/types.ts';
import type { RegisterDiff } from './import.diff.ts';
import type { KontoplanRecord } from '../kontoplan/kontoplan.definition.ts';
import type { LonnsartRecord } from '../lonnsarter/lonnsarter.definition.ts';
import type { RegisterRecord } from '../registers/registry.ts';
import type { UtbetalingskategoriRecord } from '../utbetalingskategorier/utbetalingskategorier.definition.ts';

/**
 * «In use means warned» (#12 item 11): what saving a previewed file does to what is built on the codes it removes or
 * changes — the utbetalingskategorier, lønnsarter and kommuner that use them, the kontostrenger that break, the
 * approvals that go stale. Computed by putting the file's records in place of the current version in the one kodeverk
 * state (kodeverk/kodeverk.state.ts) and comparing the matrix and the approval hashes before and after. Pure.
 */
export interface ImportImpact {
  /** one sentence per removed or changed code that something uses */
  codes: { key: string; text: string; breaks: boolean }[];
  /** kommuner whose valid approval no longer matches what they would have */
  staleApprovals: string[];
  /** kommuner sent to the godkjenner whose content would change (they go back to utkast) */
  staleSubmissions: string[];
  /** the two lists above in words, for the page */
  approvalsText: string | null;
  submissionsText: string | null;
}

const SHOWN = 100;

const lineKey = (l: MatrixLine) => `${l.itemType}|${l.itemKode}|${l.kommunenummer}|${l.tiltakstype}`;

/** The current registers with one of them replaced by a previewed file's records. */
function registersWith(current: CurrentRegisters, register: RegisterName, records: readonly RegisterRecord[]): CurrentRegisters {
  // a version of its own, so the line and approval caches (keyed by content hash) never mix it with a stored one
  const version: VersionRef = { id: 0, versionNo: 0, contentHash: `forhandsvisning:${registerContentHash(register, records)}`, fileName: '', createdAt: new Date(0) };
  if (register === 'kontoplan') {
    const pick = (d: string): Konto[] => (records as KontoplanRecord[]).filter((r) => r.dimensjon === d).map(({ dimensjon: _d, ...konto }) => ({ ...konto, kontoklasse: konto.kontoklasse ?? null }));
    return { ...current, kontoplan: { version, art: pick('art'), ansvar: pick('ansvar'), funksjon: pick('funksjon') } };
  }
  if (register === 'lonnsarter') return { ...current, lonnsarter: { version, rows: records as LonnsartRecord[] } };
  // the file's row order is the kategorier's order (lopenr), as the writer stores it
  return { ...current, utbetalingskategorier: { version, rows: (records as UtbetalingskategoriRecord[]).map((r, i) => ({ ...r, lopenr: i + 1 })) } };
}

interface Outcome {
  total: number;
  kommuner: number;
  invalid: number;
  invalidKommuner: number;
  gone: number;
  changed: number;
}

/** What happens to the given lines (as they are now) once the file is saved. */
function outcomeOf(before: readonly MatrixLine[], after: ReadonlyMap<string, MatrixLine>): Outcome {
  const kommuner = new Set<string>();
  const invalidKommuner = new Set<string>();
  let invalid = 0;
  let gone = 0;
  let changed = 0;
  for (const l of before) {
    kommuner.add(l.kommunenummer);
    const next = after.get(lineKey(l));
    if (!next) gone++;
    else if (next.problems.length > 0 && l.problems.length === 0) {
      invalid++;
      invalidKommuner.add(l.kommunenummer);
    } else if (next.kontostreng !== l.kontostreng) changed++;
  }
  return { total: before.length, kommuner: kommuner.size, invalid, invalidKommuner: invalidKommuner.size, gone, changed };
}

const strenger = (n: number) => countWord(n, 'kontostreng', 'kontostrenger');
const kommunerWord = (n: number) => countWord(n, 'kommune', 'kommuner');

/** The changes among the lines, in words; empty when every line stays as it is. */
function outcomeParts(o: Outcome): string[] {
  const parts: string[] = [];
  if (o.invalid > 0) parts.push(`${strenger(o.invalid)} i ${kommunerWord(o.invalidKommuner)} blir ${o.invalid === 1 ? 'ugyldig' : 'ugyldige'}`);
  if (o.gone > 0) parts.push(o.gone === o.total ? `${o.total === 1 ? 'den' : 'de'} tas ut av matrisen` : `${strenger(o.gone)} tas ut av matrisen`);
  if (o.changed > 0) parts.push(`${strenger(o.changed)} endres`);
  return parts;
}

const users = (n: number, one: string, many: string): string | null => (n > 0 ? countWord(n, one, many) : null);

/**
 * The impact of saving `next` (the previewed file's records) over the current version of `register`, given the diff
 * between them. Null when nothing removed or changed is in use and no approval goes stale.
 */
export function importImpactOf(state: KodeverkState, register: RegisterName, diff: RegisterDiff, next: readonly RegisterRecord[]): ImportImpact | null {
  if (diff.removed.length + diff.changed.length === 0) return null;
  const registers = registersWith(state.registers, register, next);
  // everything else the matrix is built from stays as it is (mappings, overrides, settings): only the registers change
  const fresh = matrixInputOf(state.tjeneste, registers, state.kommuner, state.matrix.mappings);
  const nextInput = { ...state.matrix, kontoplan: fresh.kontoplan, lonnsarter: fresh.lonnsarter, utbetalingskategorier: fresh.utbetalingskategorier, registerHashes: fresh.registerHashes };
  const before = matrixLinesOf(state.matrix);
  const after = new Map(matrixLinesOf(nextInput).map((l) => [lineKey(l), l]));
  const kommuneNavn = new Map(state.kommuner.map((k) => [k.kommunenummer, k.navn]));

  const codes: ImportImpact['codes'] = [];
  for (const entry of [...diff.removed, ...diff.changed]) {
    const sentence = register === 'kontoplan' ? kontoplanSentence(state, entry, before, after, kommuneNavn) : itemSentence(register, entry, before, after);
    if (sentence) codes.push(sentence);
  }

  const nextApprovals = kommuneApprovalsOf({ ...state, registers, matrix: nextInput });
  const staleApprovals: string[] = [];
  const staleSubmissions: string[] = [];
  for (const r of kommuneReviewsOf(state)) {
    const hash = nextApprovals.get(r.kommunenummer)?.hash;
    if (r.status === 'godkjent' && !r.outdated && hash !== r.review?.approved_hash) staleApprovals.push(r.navn);
    if (r.status === 'til_godkjenning' && hash !== r.hash) staleSubmissions.push(r.navn);
  }
  if (codes.length === 0 && staleApprovals.length === 0 && staleSubmissions.length === 0) return null;
  // the codes that break kontostrenger first: those are what the user must look at
  codes.sort((a, b) => Number(b.breaks) - Number(a.breaks));
  return {
    codes: codes.slice(0, SHOWN),
    staleApprovals,
    staleSubmissions,
    approvalsText: staleApprovals.length > 0 ? `Godkjenningen av ${joinNames(staleApprovals)} blir utdatert og må gjøres på nytt.` : null,
    submissionsText: staleSubmissions.length > 0 ? `${joinNames(staleSubmissions)} venter på godkjenning og sendes tilbake til utkast (innholdet endres).` : null,
  };
}

function kontoplanSentence(
  state: KodeverkState,
  entry: { key: string; label: string },
  before: readonly MatrixLine[],
  after: ReadonlyMap<string, MatrixLine>,
  kommuneNavn: ReadonlyMap<string, string>,
) {
  const [dimensjon, kode] = splitKey(entry.key);
  const label = entry.label;
  if (dimensjon === 'art') {
    const input = state.matrix;
    const kategorier = input.modulesInUse.okonomi ? input.utbetalingskategorier.filter((k) => k.art === kode).length : 0;
    const lonnsarter = input.modulesInUse.lonn ? input.lonnsarter.filter((l) => l.art === kode).length : 0;
    const lines = before.filter((l) => l.art === kode);
    const agaLines = lines.some((l) => l.itemType === 'aga');
    const who = [users(kategorier, 'utbetalingskategori', 'utbetalingskategorier'), users(lonnsarter, 'lønnsart', 'lønnsarter'), agaLines ? 'arbeidsgiveravgiften' : null].filter(
      (x): x is string => x !== null,
    );
    if (who.length === 0) return null;
    return { key: entry.key, ...usedBy(`${label} brukes av ${joinNames(who)}`, outcomeOf(lines, after)) };
  }
  const uses: string[] = [];
  for (const [nr, m] of state.matrix.mappings) {
    const used = dimensjon === 'ansvar' ? m.ansvar === kode : [m.funksjonIHjemmet, m.funksjonUtenforHjemmet, m.funksjonAdministrasjon].includes(kode);
    if (used) uses.push(kommuneNavn.get(nr) ?? nr);
  }
  // a funksjon may also be chosen per category (funksjon per kategori): the items whose own funksjon it is
  const perItem = new Set<string>();
  if (dimensjon === 'funksjon') for (const [key, f] of state.matrix.funksjonOverrides) if (f === kode) perItem.add(key.split('|').slice(0, 2).join('|'));
  if (uses.length === 0 && perItem.size === 0) return null;
  const lines = before.filter((l) => (dimensjon === 'ansvar' ? l.ansvar === kode : l.funksjon === kode));
  const who = [
    ...(uses.length > 0 ? [`i konteringen til ${joinNames(uses.sort((a, b) => a.localeCompare(b, 'nb')))}`] : []),
    ...(perItem.size > 0 ? [`som egen funksjon for ${joinNames(perItemWords(perItem))}`] : []),
  ];
  return { key: entry.key, ...usedBy(`${label} brukes ${who.join(' og ')}`, outcomeOf(lines, after)) };
}

function itemSentence(register: RegisterName, entry: { key: string; label: string }, before: readonly MatrixLine[], after: ReadonlyMap<string, MatrixLine>) {
  const kode = register === 'lonnsarter' ? entry.key : entry.key.replace(/^(kode|navn):/, '');
  const types = register === 'lonnsarter' ? ['lonnsart', 'aga'] : ['utbetalingskategori'];
  const lines = before.filter((l) => types.includes(l.itemType) && l.itemKode === kode);
  if (lines.length === 0) return null;
  const o = outcomeOf(lines, after);
  const parts = outcomeParts(o);
  return {
    key: entry.key,
    text: `${entry.label} har ${strenger(o.total)} i ${kommunerWord(o.kommuner)} – ${parts.length > 0 ? parts.join(', ') : 'de er fortsatt gyldige'}.`,
    breaks: o.invalid + o.gone > 0,
  };
}

/** «1 utbetalingskategori», «2 lønnsarter og 1 utbetalingskategori» of the items (`type|kode`) with a funksjon of their own. */
function perItemWords(items: ReadonlySet<string>): string[] {
  const n = (type: string) => [...items].filter((k) => k.startsWith(`${type}|`)).length;
  return [users(n('lonnsart'), 'lønnsart', 'lønnsarter'), users(n('utbetalingskategori'), 'utbetalingskategori', 'utbetalingskategorier')].filter((x): x is string => x !== null);
}

/** «<who uses it> – 18 kontostrenger i 3 kommuner blir ugyldige.» */
function usedBy(subject: string, o: Outcome) {
  const parts = outcomeParts(o);
  const rest = o.total === 0 ? 'ingen kontostrenger i matrisen nå' : parts.length > 0 ? parts.join(', ') : `${strenger(o.total)} i ${kommunerWord(o.kommuner)}, fortsatt gyldige`;
  return { text: `${subject} – ${rest}.`, breaks: o.invalid + o.gone > 0 };
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf(':');
  return [key.slice(0, i), key.slice(i + 1)];
}
