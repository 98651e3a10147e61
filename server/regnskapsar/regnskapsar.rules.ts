import { artOutcomeFor, detectArtScheme } from '../kontoplan/kontoplan.rules.ts';
import type { IssueDraft } from '../spreadsheet/definition.ts';
import { kostraArtName, kostraFor, KOSTRA_KONTOKLASSER, nearestSupportedYear, type ArtScheme, type KontoklasseDigits } from '../reference/kostra.ts';
import type { KontoplanRecord } from '../kontoplan/kontoplan.definition.ts';

/**
 * The regnskapsår as a lifecycle (#12 item 9, docs/domain.md «KOSTRA»): what SSB's lists change between two years, and
 * the kontoplan's stored KOSTRA derivations redone for another year. Pure.
 */

export interface ListChange {
  kode: string;
  navn: string;
  /** for an expiring code: the codes SSB replaces it by */
  replacedBy: string[];
}
export interface KostraListChanges {
  from: number;
  to: number;
  /** the years whose lists are compared (a year without its own list uses the newest, docs/domain.md) */
  fromList: number;
  toList: number;
  arter: { expire: ListChange[]; appear: ListChange[] };
  funksjoner: { expire: ListChange[]; appear: ListChange[] };
}

/** The KOSTRA arter and funksjoner valid in `from` and not in `to` (expire), and the other way round (appear). */
export function kostraListChanges(from: number, to: number): KostraListChanges {
  const a = kostraFor(from);
  const b = kostraFor(to);
  const diff = <T extends { navn: string }>(x: Map<string, T>, y: Map<string, T>, expired: Map<string, { replacedBy: string[] }>) =>
    [...x.keys()]
      .filter((k) => !y.has(k))
      .sort()
      .map((kode) => ({ kode, navn: x.get(kode)?.navn || kostraArtName(kode), replacedBy: expired.get(kode)?.replacedBy ?? [] }));
  return {
    from,
    to,
    fromList: nearestSupportedYear(from),
    toList: nearestSupportedYear(to),
    arter: { expire: diff(a.arter, b.arter, b.expiredArter), appear: diff(b.arter, a.arter, new Map()).map((c) => ({ ...c, navn: c.navn || kostraArtName(c.kode) })) },
    funksjoner: { expire: diff(a.funksjoner, b.funksjoner, b.expiredFunksjoner), appear: diff(b.funksjoner, a.funksjoner, new Map()) },
  };
}

export interface RederivedArt {
  kode: string;
  navn: string;
  before: string | null;
  after: string | null;
}

/**
 * The kontoplan's records with each art's KOSTRA art derived again for `to`. Only a value the app derived is redone:
 * one that equals what the code gives for `from` (null included). A value that differs came from the file's KOSTRA
 * column — the user's own data — and is kept as it is (the matrix checks it against the year's list on every read).
 * Ansvar and funksjoner do not depend on the year (a funksjon's KOSTRA part is its first three digits).
 */
export function rederiveKontoplan(
  records: readonly KontoplanRecord[],
  from: number,
  to: number,
  opts: { artScheme: ArtScheme | null; kontoklasser: KontoklasseDigits | null },
): { records: KontoplanRecord[]; changed: RederivedArt[]; issues: (IssueDraft & { kode: string })[] } {
  const klasser = opts.kontoklasser ?? KOSTRA_KONTOKLASSER;
  const arter = records.filter((r) => r.dimensjon === 'art').map((r) => r.kode);
  const scheme = opts.artScheme ?? detectArtScheme(arter, from, klasser).scheme;
  const changed: RederivedArt[] = [];
  const issues: (IssueDraft & { kode: string })[] = [];
  const out = records.map((r) => {
    if (r.dimensjon !== 'art') return r;
    const before = artOutcomeFor(r.kode, scheme, from, klasser);
    if (before.kostra !== r.kostra) return r;
    const after = artOutcomeFor(r.kode, scheme, to, klasser);
    if (after.issue) issues.push({ ...after.issue, kode: r.kode });
    if (after.kostra === r.kostra) return r;
    changed.push({ kode: r.kode, navn: r.navn, before: r.kostra, after: after.kostra });
    return { ...r, kostra: after.kostra };
  });
  return { records: out, changed, issues };
}
