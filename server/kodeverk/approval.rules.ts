import { canonicalJson, sha256 } from '../registers/content-hash.ts';
import type { KommuneMapping, MatrixLine } from './matrix.rules.ts';

/**
 * One kontostreng as it is approved: every field of the matrix line (so a field the matrix gains later is covered
 * without a change here), with its problems, warnings, notes — any list of coded findings — as their sorted codes
 * (the messages and links are presentation).
 */
export type ApprovedKontostreng = Pick<MatrixLine, 'itemType' | 'itemKode' | 'itemNavn' | 'tiltakstype' | 'art' | 'ansvar' | 'funksjon' | 'kontostreng'> & {
  key: string;
  problems: string[];
  warnings: string[];
  [field: string]: unknown;
};

/**
 * Exactly what a godkjenner approves for one kommune; its canonical JSON is hashed. The mapping and the settings are
 * taken whole (bookkeeping fields aside), for the same reason as the lines.
 */
export interface ApprovalContent {
  kommunenummer: string;
  mapping: Record<string, unknown> | null;
  names: { ansvar: string | null; funksjoner: Record<string, string | null> };
  kontostrenger: ApprovedKontostreng[];
  settings: unknown;
  /** Only when the kommune's ansvar is marked as shared with other kommuner: the reason the godkjenner approves. */
  deltAnsvar?: { ansvar: string; kommuner: string[]; begrunnelse: string };
}

export const lineKey = (l: { itemType: string; itemKode: string; tiltakstype: string }) => `${l.itemType}|${l.itemKode}|${l.tiltakstype}`;

// who saved it and when is not content: re-saving the same values must not change what was approved
const MAPPING_BOOKKEEPING = new Set(['version', 'updatedAt', 'updatedBy', 'updatedByLabel']);

export function approvedMapping(mapping: KommuneMapping | null): Record<string, unknown> | null {
  if (!mapping) return null;
  return Object.fromEntries(Object.entries(mapping).filter(([k]) => !MAPPING_BOOKKEEPING.has(k)));
}

const isFindings = (v: unknown): v is { code: string }[] => Array.isArray(v) && v.every((x) => x !== null && typeof x === 'object' && typeof (x as { code?: unknown }).code === 'string');

export function approvedKontostreng(l: MatrixLine): ApprovedKontostreng {
  const { kommunenummer: _nr, kommuneNavn: _navn, ...fields } = l;
  const out: Record<string, unknown> = { key: lineKey(l), warnings: [] };
  for (const [k, v] of Object.entries(fields)) out[k] = isFindings(v) ? v.map((p) => p.code).sort() : v;
  return out as ApprovedKontostreng;
}

export function approvalContent(kommunenummer: string, mapping: KommuneMapping | null, names: ApprovalContent['names'], lines: readonly MatrixLine[], settings: unknown): ApprovalContent {
  const kontostrenger = lines
    .filter((l) => l.kommunenummer === kommunenummer)
    .map(approvedKontostreng)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { kommunenummer, mapping: approvedMapping(mapping), names, kontostrenger, settings: settings ?? null };
}

export const approvalHash = (c: ApprovalContent) => sha256(canonicalJson(c));

export interface ApprovalDiff {
  added: ApprovedKontostreng[];
  removed: ApprovedKontostreng[];
  changed: { before: ApprovedKontostreng; after: ApprovedKontostreng }[];
  mappingChanged: boolean;
  namesChanged: boolean;
  settingsChanged: boolean;
  deltAnsvarChanged: boolean;
}

/** What differs between the approved snapshot and the kommune's content now. */
export function diffApproval(before: ApprovalContent, after: ApprovalContent): ApprovalDiff {
  const b = new Map(before.kontostrenger.map((k) => [k.key, k]));
  const a = new Map(after.kontostrenger.map((k) => [k.key, k]));
  const changed: ApprovalDiff['changed'] = [];
  for (const [key, now] of a) {
    const was = b.get(key);
    if (was && canonicalJson(was) !== canonicalJson(now)) changed.push({ before: was, after: now });
  }
  return {
    added: [...a.values()].filter((k) => !b.has(k.key)),
    removed: [...b.values()].filter((k) => !a.has(k.key)),
    changed,
    mappingChanged: canonicalJson(before.mapping) !== canonicalJson(after.mapping),
    namesChanged: canonicalJson(before.names) !== canonicalJson(after.names),
    settingsChanged: canonicalJson(before.settings) !== canonicalJson(after.settings),
    deltAnsvarChanged: canonicalJson(before.deltAnsvar) !== canonicalJson(after.deltAnsvar),
  };
}
