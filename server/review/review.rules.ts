import { canonicalJson, sha256 } from '../registers/content-hash.ts';
import type { KommuneMapping, MatrixLine } from '../matrix/matrix.rules.ts';

/** One kontostreng as it is approved: the line's identity, its parts with their kontoplan names, and its problem codes. */
export interface ApprovedKontostreng {
  key: string;
  itemType: string;
  itemKode: string;
  itemNavn: string;
  tiltakstype: string;
  kontostreng: string | null;
  problems: string[];
}

/** Exactly what a godkjenner approves for one kommune; its canonical JSON is hashed. */
export interface ApprovalContent {
  kommunenummer: string;
  mapping: KommuneMapping | null;
  names: { ansvar: string | null; funksjoner: Record<string, string | null> };
  kontostrenger: ApprovedKontostreng[];
  settings: unknown;
  /** Only when the kommune's ansvar is marked as shared with other kommuner: the reason the godkjenner approves. */
  deltAnsvar?: { ansvar: string; kommuner: string[]; begrunnelse: string };
}

export const lineKey = (l: { itemType: string; itemKode: string; tiltakstype: string }) => `${l.itemType}|${l.itemKode}|${l.tiltakstype}`;

export function approvalContent(
  kommunenummer: string,
  mapping: KommuneMapping | null,
  names: ApprovalContent['names'],
  lines: readonly MatrixLine[],
  settings: unknown,
): ApprovalContent {
  const kontostrenger = lines
    .filter((l) => l.kommunenummer === kommunenummer)
    .map((l) => ({ key: lineKey(l), itemType: l.itemType, itemKode: l.itemKode, itemNavn: l.itemNavn, tiltakstype: l.tiltakstype, kontostreng: l.kontostreng, problems: l.problems.map((p) => p.code).sort() }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const m = mapping
    ? { ansvar: mapping.ansvar, funksjonIHjemmet: mapping.funksjonIHjemmet, funksjonUtenforHjemmet: mapping.funksjonUtenforHjemmet, funksjonAdministrasjon: mapping.funksjonAdministrasjon }
    : null;
  return { kommunenummer, mapping: m, names, kontostrenger, settings: settings ?? null };
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
