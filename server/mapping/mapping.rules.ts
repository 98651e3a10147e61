import type { Konto } from '../registers/current.ts';
import { kostraFunksjon } from '../reference/kostra.ts';
import { INTERKOMMUNAL_FUNKSJON, type KommuneMapping } from '../matrix/matrix.rules.ts';

/** How sure a proposal is; shown next to it so the user knows what to look at. */
export type Confidence = 'sikker' | 'usikker' | 'ingen';
export interface Proposal {
  kode: string | null;
  confidence: Confidence;
  reason: string;
}
export interface MappingProposal {
  ansvar: Proposal;
  funksjonIHjemmet: Proposal;
  funksjonUtenforHjemmet: Proposal;
  funksjonAdministrasjon: Proposal;
}
export interface KommuneRef {
  kommunenummer: string;
  navn: string;
}
export type FunksjonSlot = 'funksjonIHjemmet' | 'funksjonUtenforHjemmet' | 'funksjonAdministrasjon';
/** docs/domain.md: tiltak i hjemmet 251, utenfor hjemmet 252, the service's own work and administration 244. */
export const SLOT_KOSTRA: Record<FunksjonSlot, string> = { funksjonIHjemmet: '251', funksjonUtenforHjemmet: '252', funksjonAdministrasjon: '244' };

const letters = 'a-z0-9æøåäöüéèáàóòúç';
const fold = (s: string) => s.normalize('NFC').toLowerCase();

/** True when the text mentions the kommune by name or kommunenummer as a whole word («Barnevern Flakstad», «2512 Flakstad k.»). */
export function mentionsKommune(text: string, k: KommuneRef): boolean {
  const t = fold(text);
  const word = (w: string) => new RegExp(`(^|[^${letters}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^${letters}])`).test(t);
  return word(fold(k.navn)) || word(k.kommunenummer);
}

export const funksjonKostra = (f: Konto) => f.kostra ?? kostraFunksjon(f.kode);
const codes = (list: Konto[]) => list.map((x) => x.kode).join(', ');

export function proposeAnsvar(kommune: KommuneRef, ansvar: readonly Konto[]): Proposal {
  const hits = ansvar.filter((a) => a.aktiv && mentionsKommune(a.navn, kommune));
  const [first] = hits;
  if (!first) return { kode: null, confidence: 'ingen', reason: `Ingen aktive ansvar har «${kommune.navn}» i navnet. Velg ansvaret selv.` };
  if (hits.length === 1) return { kode: first.kode, confidence: 'sikker', reason: `Navnet på ansvar ${first.kode} nevner ${kommune.navn}.` };
  return { kode: first.kode, confidence: 'usikker', reason: `${hits.length} ansvar nevner ${kommune.navn} (${codes(hits)}). Sjekk at riktig er valgt.` };
}

/**
 * The funksjon with the slot's KOSTRA part. Where the kontoplan has one per kommune (2511 Vestvågøy, 2512 Flakstad), the one
 * naming the kommune; otherwise a shared one that names no kommune of the tjeneste.
 */
export function proposeFunksjon(slot: FunksjonSlot, kommune: KommuneRef, kommuner: readonly KommuneRef[], funksjoner: readonly Konto[]): Proposal {
  const kostra = SLOT_KOSTRA[slot];
  const optional = slot === 'funksjonAdministrasjon' ? ' Den er valgfri.' : '';
  const candidates = funksjoner.filter((f) => f.aktiv && funksjonKostra(f) === kostra);
  if (candidates.length === 0) return { kode: null, confidence: 'ingen', reason: `Kontoplanen har ingen aktiv funksjon med KOSTRA ${kostra}.${optional}` };
  const own = candidates.filter((f) => mentionsKommune(f.navn, kommune));
  const [ownFirst] = own;
  if (ownFirst && own.length === 1) return { kode: ownFirst.kode, confidence: 'sikker', reason: `Funksjon ${ownFirst.kode} har KOSTRA ${kostra} og nevner ${kommune.navn}.` };
  if (ownFirst) return { kode: ownFirst.kode, confidence: 'usikker', reason: `${own.length} funksjoner med KOSTRA ${kostra} nevner ${kommune.navn} (${codes(own)}). Sjekk at riktig er valgt.` };
  const shared = candidates.filter((f) => !kommuner.some((k) => mentionsKommune(f.navn, k)));
  const [sharedFirst] = shared;
  if (!sharedFirst) return { kode: null, confidence: 'ingen', reason: `Alle funksjonene med KOSTRA ${kostra} (${codes(candidates)}) nevner andre kommuner. Velg funksjonen selv.${optional}` };
  if (shared.length === 1 && candidates.length === 1) return { kode: sharedFirst.kode, confidence: 'sikker', reason: `Den eneste funksjonen med KOSTRA ${kostra}.` };
  if (shared.length === 1)
    return {
      kode: sharedFirst.kode,
      confidence: 'usikker',
      reason: `Felles funksjon med KOSTRA ${kostra}; de andre (${codes(candidates.filter((c) => c !== sharedFirst))}) nevner andre kommuner. Sjekk at den skal brukes for ${kommune.navn}.`,
    };
  return { kode: sharedFirst.kode, confidence: 'usikker', reason: `${shared.length} funksjoner har KOSTRA ${kostra} (${codes(shared)}). Sjekk at riktig er valgt.` };
}

export function proposeMapping(kommune: KommuneRef, kommuner: readonly KommuneRef[], kontoplan: { ansvar: readonly Konto[]; funksjon: readonly Konto[] }): MappingProposal {
  return {
    ansvar: proposeAnsvar(kommune, kontoplan.ansvar),
    funksjonIHjemmet: proposeFunksjon('funksjonIHjemmet', kommune, kommuner, kontoplan.funksjon),
    funksjonUtenforHjemmet: proposeFunksjon('funksjonUtenforHjemmet', kommune, kommuner, kontoplan.funksjon),
    funksjonAdministrasjon: proposeFunksjon('funksjonAdministrasjon', kommune, kommuner, kontoplan.funksjon),
  };
}

export type MappingField = 'ansvar' | 'funksjon_i_hjemmet' | 'funksjon_utenfor_hjemmet' | 'funksjon_administrasjon';
export const FIELD_SLOT: Record<Exclude<MappingField, 'ansvar'>, FunksjonSlot> = {
  funksjon_i_hjemmet: 'funksjonIHjemmet',
  funksjon_utenfor_hjemmet: 'funksjonUtenforHjemmet',
  funksjon_administrasjon: 'funksjonAdministrasjon',
};
export const FIELD_LABEL: Record<MappingField, string> = {
  ansvar: 'Ansvar',
  funksjon_i_hjemmet: 'Funksjon for tiltak i hjemmet (251)',
  funksjon_utenfor_hjemmet: 'Funksjon for tiltak utenfor hjemmet (252)',
  funksjon_administrasjon: 'Funksjon for administrasjon (244)',
};

/**
 * A tiltak slot takes its own KOSTRA funksjon, or 290 (interkommunale samarbeid) where the vertskommune runs the
 * participants' shares there (docs/domain.md: the vertskommune's choice).
 */
export function slotAccepts(slot: FunksjonSlot, kostra: string | null): boolean {
  return kostra === SLOT_KOSTRA[slot] || (slot !== 'funksjonAdministrasjon' && kostra === INTERKOMMUNAL_FUNKSJON);
}

/** A mapping may only be saved with codes that exist and are active in the current kontoplan, each funksjon with the right KOSTRA part. */
export function validateMapping(m: KommuneMapping, kontoplan: { ansvar: readonly Konto[]; funksjon: readonly Konto[] }): Partial<Record<MappingField, string[]>> {
  const errors: Partial<Record<MappingField, string[]>> = {};
  const add = (f: MappingField, msg: string) => (errors[f] ??= []).push(msg);
  if (m.ansvar === null) add('ansvar', 'Velg ansvar.');
  else {
    const a = kontoplan.ansvar.find((x) => x.kode === m.ansvar);
    if (!a) add('ansvar', `Ansvar ${m.ansvar} finnes ikke i kontoplanen.`);
    else if (!a.aktiv) add('ansvar', `Ansvar ${m.ansvar} er ikke aktivt i kontoplanen. Velg et aktivt ansvar.`);
  }
  for (const [field, slot] of Object.entries(FIELD_SLOT) as [Exclude<MappingField, 'ansvar'>, FunksjonSlot][]) {
    const kode = m[slot];
    const kostra = SLOT_KOSTRA[slot];
    if (kode === null) {
      if (slot !== 'funksjonAdministrasjon') add(field, `Velg funksjon med KOSTRA ${kostra}.`);
      continue;
    }
    const f = kontoplan.funksjon.find((x) => x.kode === kode);
    if (!f) add(field, `Funksjon ${kode} finnes ikke i kontoplanen.`);
    else if (!f.aktiv) add(field, `Funksjon ${kode} er ikke aktiv i kontoplanen. Velg en aktiv funksjon.`);
    else if (!slotAccepts(slot, funksjonKostra(f)))
      add(
        field,
        `Funksjon ${kode} er KOSTRA ${funksjonKostra(f) ?? 'ukjent'}, men her skal det være KOSTRA ${kostra}${slot === 'funksjonAdministrasjon' ? '' : ` (eller ${INTERKOMMUNAL_FUNKSJON} for interkommunalt samarbeid)`}.`,
      );
  }
  return errors;
}

/** «Ansvar: 7110 → 7120» lines for what differs between two mappings (the optimistic-locking message). */
export function describeChanges(before: KommuneMapping | null, after: KommuneMapping | null): string[] {
  const out: string[] = [];
  const fields: [MappingField, keyof KommuneMapping][] = [
    ['ansvar', 'ansvar'],
    ['funksjon_i_hjemmet', 'funksjonIHjemmet'],
    ['funksjon_utenfor_hjemmet', 'funksjonUtenforHjemmet'],
    ['funksjon_administrasjon', 'funksjonAdministrasjon'],
  ];
  for (const [field, key] of fields) {
    const b = before?.[key] ?? null;
    const a = after?.[key] ?? null;
    if (b !== a) out.push(`${FIELD_LABEL[field]}: ${b ?? '(ingen)'} → ${a ?? '(ingen)'}`);
  }
  return out;
}
