import { tiltakstypeWord } from '../spreadsheet/labels.ts';
import { kontostrengText, type KontostrengParts } from '../kodeverk/kontostreng.ts';
import { canonicalJson } from '../registers/content-hash.ts';
import { MODULE_STATUS_LABEL, MODUL_LABEL, type ModuleStatus, type Modul } from '../settings/settings.rules.ts';
import type { ContentChange } from '../kodeverk/changes.ts';
import type { ApprovalDiff, ApprovedKontostreng } from '../kodeverk/approval.rules.ts';

// What the Godkjenning page says about an approval's content and its changes, in words.

/** «Lønnsart 2010 Fosterhjem, i hjemmet: 10510.7110.251» — the kontostreng in its one form (matrix/kontostreng.ts). */
export const describeLine = (k: { itemType: string; itemKode: string; itemNavn: string; tiltakstype: string; kontostreng: string | null } & Partial<KontostrengParts>) =>
  `${k.itemType === 'lonnsart' ? 'Lønnsart' : k.itemType === 'aga' ? 'AGA for lønnsart' : 'Kategori'} ${k.itemKode} ${k.itemNavn}, ${tiltakstypeWord(k.tiltakstype)}: ${k.kontostreng ?? `${kontostrengText({ art: k.art ?? null, ansvar: k.ansvar ?? null, funksjon: k.funksjon ?? null })} (ufullstendig)`}`;

// the line's identity and what describeLine already shows are not repeated as a field change
const SHOWN_IN_LINE = new Set(['key', 'itemType', 'itemKode', 'tiltakstype', 'itemNavn', 'kontostreng', 'art', 'ansvar', 'funksjon', 'problems']);
const FIELD_LABEL: Record<string, string> = { warnings: 'advarsler', notes: 'merknader', status: 'status', selskap: 'selskap', motkonto: 'motkonto', bilagsserie: 'bilagsserie' };
const show = (v: unknown) => (v == null || (Array.isArray(v) && v.length === 0) ? 'ikke satt' : Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? canonicalJson(v) : String(v));

/**
 * Every field of a changed line that the line's description does not already show, as «felt: før → nå». The content
 * takes the matrix line whole, so a field it gains later shows here by its own name rather than not at all.
 */
export function otherFieldChanges(before: ApprovedKontostreng, after: ApprovedKontostreng): string[] {
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !SHOWN_IN_LINE.has(k)).sort();
  return keys.filter((k) => canonicalJson(b[k] ?? null) !== canonicalJson(a[k] ?? null)).map((k) => `${FIELD_LABEL[k] ?? k}: ${show(b[k])} → ${show(a[k])}`);
}

type EffectiveModule = { status?: ModuleStatus } & Record<string, unknown>;
const asModules = (s: unknown): Record<string, EffectiveModule> => (s && typeof s === 'object' ? (s as Record<string, EffectiveModule>) : {});

/** The kommune's posting settings as approved: one line per module. */
export function describeSettings(settings: unknown): string[] {
  return Object.entries(asModules(settings)).map(([m, v]) => {
    const parts = Object.entries(v)
      .filter(([k]) => k !== 'status')
      .map(([k, x]) => `${FIELD_LABEL[k] ?? k} ${show(x)}`);
    return `${MODUL_LABEL[m as Modul] ?? m}: ${v.status ? MODULE_STATUS_LABEL[v.status].toLowerCase() : 'ikke avklart'}; ${parts.join(', ')}`;
  });
}

/** «Lønn: motkonto 14700 → 13500» for each setting that differs. */
export function settingsChanges(before: unknown, after: unknown): string[] {
  const b = asModules(before);
  const a = asModules(after);
  const out: string[] = [];
  for (const m of [...new Set([...Object.keys(b), ...Object.keys(a)])]) {
    const bm = b[m] ?? {};
    const am = a[m] ?? {};
    for (const k of [...new Set([...Object.keys(bm), ...Object.keys(am)])]) {
      if (canonicalJson(bm[k] ?? null) === canonicalJson(am[k] ?? null)) continue;
      const fmt = (v: unknown) => (k === 'status' && typeof v === 'string' && v in MODULE_STATUS_LABEL ? MODULE_STATUS_LABEL[v as ModuleStatus].toLowerCase() : show(v));
      out.push(`${MODUL_LABEL[m as Modul] ?? m}: ${FIELD_LABEL[k] ?? k} ${fmt(bm[k])} → ${fmt(am[k])}`);
    }
  }
  return out;
}

export const describeDiff = (d: ApprovalDiff, before: { settings: unknown }, after: { settings: unknown }) => ({
  added: d.added.map(describeLine),
  removed: d.removed.map(describeLine),
  changed: d.changed.map((c) => ({
    before: describeLine(c.before),
    after: describeLine(c.after),
    problemsBefore: c.before.problems.join(', '),
    problemsAfter: c.after.problems.join(', '),
    other: otherFieldChanges(c.before, c.after),
  })),
  notes: [
    ...(d.mappingChanged ? ['Ansvar eller funksjoner er endret.'] : []),
    ...(d.namesChanged ? ['Navn i kontoplanen er endret.'] : []),
    ...(d.settingsChanged ? ['Posteringsinnstillingene er endret.', ...settingsChanges(before.settings, after.settings)] : []),
    ...(d.deltAnsvarChanged ? ['Merkingen av ansvaret som felles med andre kommuner er endret.'] : []),
  ],
});

const dateTimeOslo = (d: Date) => new Intl.DateTimeFormat('nb-NO', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Oslo' }).format(d);
export const describeChange = (e: ContentChange) => ({ who: e.label, what: e.summary, when: dateTimeOslo(e.at) });
