import type { KodeverkDocument } from './export.document.ts';
import { canonicalJson } from '../registers/content-hash.ts';
import { fieldText, type RegisterField } from '../spreadsheet/definition.ts';
import { lonnsarterDefinition } from '../lonnsarter/lonnsarter.definition.ts';
import { utbetalingskategorierDefinition } from '../utbetalingskategorier/utbetalingskategorier.definition.ts';
import { TILTAKSTYPE_TEXT } from '../spreadsheet/labels.ts';
import type { Tiltakstype } from '../spreadsheet/types.ts';
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

/**
 * Matches the two sides by id; a change is shown by `name` (the key in words: «Utbetalingskategori ADV Advokat ·
 * Flakstad (1859) · I hjemmet», not the stored `ADV · 1859 · i_hjemmet`) and `show` (the value in words).
 */
function keyed<T>(title: string, a: readonly T[], b: readonly T[], id: (x: T) => string, show: (x: T) => string, name: (x: T) => string = id): Section {
  const before = new Map(a.map((x) => [id(x), x]));
  const after = new Map(b.map((x) => [id(x), x]));
  const changes: (Change & { id: string })[] = [];
  for (const [k, x] of before) {
    const y = after.get(k);
    if (!y) changes.push({ kind: 'fjernet', id: k, key: name(x), before: show(x), after: null });
    else if (canonicalJson(x) !== canonicalJson(y)) changes.push({ kind: 'endret', id: k, key: name(y), before: show(x), after: show(y) });
  }
  for (const [k, y] of after) if (!before.has(k)) changes.push({ kind: 'lagt_til', id: k, key: name(y), before: null, after: show(y) });
  const order = { fjernet: 0, endret: 1, lagt_til: 2 };
  changes.sort((p, q) => order[p.kind] - order[q.kind] || p.id.localeCompare(q.id, 'nb', { numeric: true }));
  return { title, changes: changes.map(({ id: _id, ...c }) => c) };
}

const tiltakstype = (t: string) => TILTAKSTYPE_TEXT[t as Tiltakstype] ?? t;

/** «Skattepliktig» → «skattepliktig» inside a sentence; «AGA» and «A-melding …» keep their capitals. */
const inSentence = (label: string) => (/^\p{Lu}\p{Ll}/u.test(label) ? `${label.charAt(0).toLowerCase()}${label.slice(1)}` : label);

/**
 * A register row in words, field by field as its definition lists them («2040 Tilsynsfører: art 10500; skattepliktig Ja;
 * AGA Ja; …»), so a field a register gains is compared and shown without a word here. A field the row lacks (an export
 * from before the field existed) or leaves blank is left out, but a Ja/Nei not given is said.
 */
function rowText(fields: readonly RegisterField[], row: object): string {
  const x = row as Record<string, unknown>;
  const parts = fields
    .filter((f) => f.name !== 'kode' && f.name !== 'navn')
    .flatMap((f) => {
      const v = x[f.name];
      if (v === undefined || ((v === null || v === '') && f.kind !== 'janei')) return [];
      return [`${inSentence(f.label)} ${fieldText(f, v)}`];
    });
  return `${`${x['kode'] ?? ''} ${x['navn']}`.trim()}: ${parts.join('; ')}`;
}
const LINE_TYPE: Record<string, string> = { lonnsart: 'Lønnsart', utbetalingskategori: 'Utbetalingskategori', aga: 'Arbeidsgiveravgift av lønnsart' };

/** What was added, removed and changed between two exported kodeverk (a = older, b = newer). */
export function diffDocuments(a: KodeverkDocument, b: KodeverkDocument): Section[] {
  const konto = (x: { kode: string; navn: string; aktiv: boolean }) => `${x.kode} ${x.navn}${x.aktiv ? '' : ' (inaktiv)'}`;
  const kommuneNavn = new Map([...a.kommuner, ...b.kommuner].map((k) => [k.kommunenummer, k.navn]));
  const kommune = (nr: string) => (kommuneNavn.has(nr) ? `${kommuneNavn.get(nr)} (${nr})` : nr);
  const code = (v: string | null) => v ?? 'ikke valgt';
  const sections: Section[] = [
    keyed('Art', a.kontoplan?.art ?? [], b.kontoplan?.art ?? [], (x) => x.kode, konto),
    keyed('Ansvar', a.kontoplan?.ansvar ?? [], b.kontoplan?.ansvar ?? [], (x) => x.kode, konto),
    keyed('Funksjon', a.kontoplan?.funksjon ?? [], b.kontoplan?.funksjon ?? [], (x) => x.kode, konto),
    keyed(
      'Lønnsarter',
      a.lonnsarter?.rader ?? [],
      b.lonnsarter?.rader ?? [],
      (x) => x.kode,
      (x) => rowText(lonnsarterDefinition.fields, x),
    ),
    keyed(
      'Utbetalingskategorier',
      a.utbetalingskategorier?.rader ?? [],
      b.utbetalingskategorier?.rader ?? [],
      (x) => x.kode ?? x.navn,
      (x) => rowText(utbetalingskategorierDefinition.fields, x),
    ),
    keyed(
      'Kontering per kommune',
      a.kontering,
      b.kontering,
      (x) => x.kommunenummer,
      (x) =>
        `Ansvar ${code(x.ansvar)}; funksjon i hjemmet ${code(x.funksjon_i_hjemmet)}; utenfor hjemmet ${code(x.funksjon_utenfor_hjemmet)}; administrasjon ${code(x.funksjon_administrasjon)}` +
        // exports before schemaVersion 3 have no funksjon per kategori
        (x.funksjon_per_kategori ?? []).map((f) => `; ${f.type === 'lonnsart' ? 'lønnsart' : 'kategori'} ${f.kode} ${tiltakstype(f.tiltakstype).toLowerCase()}: funksjon ${f.funksjon}`).join(''),
      (x) => kommune(x.kommunenummer),
    ),
    keyed(
      'Konteringsmatrise',
      a.konteringsmatrise,
      b.konteringsmatrise,
      (x) => `${x.type} ${x.kode} · ${x.kommunenummer} · ${x.tiltakstype}`,
      (x) => x.kontostreng ?? 'ingen kontostreng',
      (x) => `${LINE_TYPE[x.type] ?? x.type} ${x.kode} ${x.navn} · ${kommune(x.kommunenummer)} · ${tiltakstype(x.tiltakstype)}`,
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
