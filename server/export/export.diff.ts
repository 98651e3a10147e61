import type { KodeverkDocument } from './export.document.ts';
import { canonicalJson } from '../registers/content-hash.ts';
import { comparableSettings } from './export.settings.ts';

export interface Change {
  kind: 'lagt_til' | 'fjernet' | 'endret';
  key: string;
  before: string | null;
  after: string | null;
}
export interface Section {
  title: string;
  changes: Change[];
}

function keyed<T>(title: string, a: readonly T[], b: readonly T[], key: (x: T) => string, show: (x: T) => string): Section {
  const before = new Map(a.map((x) => [key(x), x]));
  const after = new Map(b.map((x) => [key(x), x]));
  const changes: Change[] = [];
  for (const [k, x] of before) {
    const y = after.get(k);
    if (!y) changes.push({ kind: 'fjernet', key: k, before: show(x), after: null });
    else if (canonicalJson(x) !== canonicalJson(y)) changes.push({ kind: 'endret', key: k, before: show(x), after: show(y) });
  }
  for (const [k, y] of after) if (!before.has(k)) changes.push({ kind: 'lagt_til', key: k, before: null, after: show(y) });
  const order = { fjernet: 0, endret: 1, lagt_til: 2 };
  changes.sort((p, q) => order[p.kind] - order[q.kind] || p.key.localeCompare(q.key, 'nb', { numeric: true }));
  return { title, changes };
}

/** What was added, removed and changed between two exported kodeverk (a = older, b = newer). */
export function diffDocuments(a: KodeverkDocument, b: KodeverkDocument): Section[] {
  const konto = (x: { kode: string; navn: string; aktiv: boolean }) => `${x.kode} ${x.navn}${x.aktiv ? '' : ' (inaktiv)'}`;
  const sections: Section[] = [
    keyed('Art', a.kontoplan?.art ?? [], b.kontoplan?.art ?? [], (x) => x.kode, konto),
    keyed('Ansvar', a.kontoplan?.ansvar ?? [], b.kontoplan?.ansvar ?? [], (x) => x.kode, konto),
    keyed('Funksjon', a.kontoplan?.funksjon ?? [], b.kontoplan?.funksjon ?? [], (x) => x.kode, konto),
    keyed(
      'Lønnsarter',
      a.lonnsarter?.rader ?? [],
      b.lonnsarter?.rader ?? [],
      (x) => x.kode,
      // an export before schemaVersion 3 has no tiltakstype on its lønnsarter
      (x) => `${x.kode} ${x.navn} → art ${x.art}${x.tiltakstype ? ` (${x.tiltakstype})` : ''}`,
    ),
    keyed(
      'Utbetalingskategorier',
      a.utbetalingskategorier?.rader ?? [],
      b.utbetalingskategorier?.rader ?? [],
      (x) => x.kode ?? x.navn,
      (x) => `${x.kode ?? ''} ${x.navn} → art ${x.art} (${x.tiltakstype})`.trim(),
    ),
    keyed(
      'Kontering per kommune',
      a.kontering,
      b.kontering,
      (x) => x.kommunenummer,
      (x) => `ansvar ${x.ansvar ?? '–'}, i hjemmet ${x.funksjon_i_hjemmet ?? '–'}, utenfor ${x.funksjon_utenfor_hjemmet ?? '–'}`,
    ),
    keyed(
      'Konteringsmatrise',
      a.konteringsmatrise,
      b.konteringsmatrise,
      (x) => `${x.type} ${x.kode} · ${x.kommunenummer} · ${x.tiltakstype}`,
      (x) => x.kontostreng ?? 'ingen kontostreng',
    ),
    keyed(
      'Innstillinger',
      comparableSettings(a),
      comparableSettings(b),
      (x) => x.k,
      (x) => x.v,
    ),
  ];
  return sections;
}
