import type { Konto } from '../registers/current.ts';
import { kostraFunksjon } from '../reference/kostra.ts';
import { INTERKOMMUNAL_FUNKSJON, type KommuneMapping } from '../kodeverk/matrix.rules.ts';

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
const SLOT_KOSTRA: Record<FunksjonSlot, string> = { funksjonIHjemmet: '251', funksjonUtenforHjemmet: '252', funksjonAdministrasjon: '244' };

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

/** What the proposals know about the tjeneste beyond the kommune itself. */
export interface ProposalContext {
  /** every kommune of the tjeneste (an ansvar naming another is not this kommune's) */
  kommuner?: readonly (KommuneRef & { er_vertskommune?: boolean })[];
  /** the tjeneste's name («Sogn barnevern»): an ansvar carrying its own word belongs to the service */
  tjenesteNavn?: string;
}

// Words of a tjeneste's name that say nothing about which service it is.
const GENERIC_WORDS = new Set([
  'barnevern',
  'barneverntjeneste',
  'barnevernstjeneste',
  'barneverntjenesten',
  'barnevernstjenesten',
  'tjeneste',
  'tjenesten',
  'interkommunal',
  'interkommunale',
  'og',
  'i',
  'for',
  'kommune',
  'kommunene',
  'felles',
]);
const wordsOf = (text: string) =>
  fold(text)
    .split(new RegExp(`[^${letters}]+`))
    .filter((w) => w.length >= 3);

/**
 * docs/domain.md «What real kontoplaner look like»: a whole kommune's plan has hundreds of ansvar and many name the kommune
 * (its archive, its resource centre), while the barnevern service has its own ansvar and one «tiltak» ansvar per kommune.
 * An ansvar belongs to the service when its name speaks of barnevern or carries the tjeneste's own word, or when it
 * sits beside such an ansvar in number (304000 BARNEVERN ADMINISTRASJON → 304100 MOTTAKSAVDELINGEN; 471 → 472).
 */
function serviceAnsvarOf(ansvar: readonly Konto[], ctx: ProposalContext) {
  const kommuneWords = new Set((ctx.kommuner ?? []).flatMap((k) => wordsOf(k.navn)));
  const own = wordsOf(ctx.tjenesteNavn ?? '').filter((w) => !GENERIC_WORDS.has(w) && !kommuneWords.has(w) && !/^\d+$/.test(w));
  const speaks = (a: Konto) => {
    const words = wordsOf(a.navn);
    return words.some((w) => w.startsWith('barnevern')) || own.some((w) => words.includes(w));
  };
  const named = ansvar.filter(speaks);
  const beside = (a: Konto) => named.some((s) => isBeside(s.kode, a.kode));
  return {
    speaks,
    belongs: (a: Konto) => speaks(a) || beside(a),
    any: named.length > 0,
  };
}

/** Same length, same leading digits up to the service ansvar's last significant digit (471 → 47x, 304000 → 304xxx, 7100 → 71xx). */
function isBeside(service: string, other: string): boolean {
  if (service === other || service.length !== other.length || !/^\d+$/.test(service) || !/^\d+$/.test(other)) return false;
  const trailingZeros = service.length - service.replace(/0+$/, '').length;
  const prefix = service.slice(0, Math.max(1, service.length - Math.max(1, trailingZeros)));
  return other.startsWith(prefix);
}

const isTiltak = (a: Konto) => wordsOf(a.navn).some((w) => w.startsWith('tiltak'));
const isAdministration = (a: Konto) => wordsOf(a.navn).some((w) => /^(adm|administrasjon|stab|leder|ledelse|felles)/.test(w));

export function proposeAnsvar(kommune: KommuneRef & { er_vertskommune?: boolean }, ansvar: readonly Konto[], ctx: ProposalContext = {}): Proposal {
  const active = ansvar.filter((a) => a.aktiv);
  const service = serviceAnsvarOf(active, ctx);
  const others = (ctx.kommuner ?? []).filter((k) => k.kommunenummer !== kommune.kommunenummer);
  const mentions = active.filter((a) => mentionsKommune(a.navn, kommune));
  // the tiltak ansvar before the service's own administration, a name that speaks of barnevern before a neighbour; else the plan's order
  const rank = (a: Konto) => (isTiltak(a) ? 0 : 2) + (service.speaks(a) ? 0 : 1) + (isAdministration(a) ? 4 : 0);
  const ranked = (list: Konto[]) =>
    list
      .map((a, i) => ({ a, i }))
      .sort((x, y) => rank(x.a) - rank(y.a) || x.i - y.i)
      .map((x) => x.a);

  const own = ranked(mentions.filter(service.belongs));
  const [best] = own;
  if (best) {
    const what = isTiltak(best) ? 'er barnevernets tiltaksansvar for' : 'hører til barnevernet og nevner';
    // sure when it alone is the best kind: the only one, or ranked above every other (a tiltak ansvar above the administration)
    const second = own[1];
    if (!second || rank(best) < rank(second)) return { kode: best.kode, confidence: 'sikker', reason: `Ansvar ${best.kode} ${what} ${kommune.navn}.` };
    return { kode: best.kode, confidence: 'usikker', reason: `${own.length} ansvar for barnevernet nevner ${kommune.navn} (${codes(own)}). Sjekk at riktig er valgt.` };
  }
  // the service's own ansvar (naming no kommune of the tjeneste) is the vertskommune's, or the only kommune's: the service keeps its books there
  const solo = ctx.kommuner !== undefined && (others.length === 0 || kommune.er_vertskommune === true);
  const unnamed = solo ? ranked(active.filter((a) => service.belongs(a) && !others.some((k) => mentionsKommune(a.navn, k)))) : [];
  const [serviceFirst] = unnamed;
  if (serviceFirst) {
    // the others in the plan's order, so the reader finds them in the list
    const also = active.filter((a) => a !== serviceFirst && unnamed.includes(a));
    const rest = also.length > 0 ? ` (også ${codes(also.slice(0, 5))}${also.length > 5 ? ' …' : ''})` : '';
    return {
      kode: serviceFirst.kode,
      confidence: 'usikker',
      reason: `Ingen ansvar for barnevernet nevner ${kommune.navn}; ansvar ${serviceFirst.kode} hører til barnevernet${rest}. Sjekk hvilket tiltakene skal føres på.`,
    };
  }
  const [first] = mentions;
  if (!first) return { kode: null, confidence: 'ingen', reason: `Ingen aktive ansvar har «${kommune.navn}» i navnet. Velg ansvaret selv.` };
  // the plan has the service's ansvar, but none for this kommune: a name that merely mentions the kommune is a guess
  if (service.any)
    return {
      kode: first.kode,
      confidence: 'usikker',
      reason: `Ansvar ${first.kode} nevner ${kommune.navn}, men ikke barnevernet${mentions.length > 1 ? ` (${mentions.length} ansvar nevner ${kommune.navn})` : ''}. Sjekk at riktig er valgt.`,
    };
  if (mentions.length === 1) return { kode: first.kode, confidence: 'sikker', reason: `Navnet på ansvar ${first.kode} nevner ${kommune.navn}.` };
  return { kode: first.kode, confidence: 'usikker', reason: `${mentions.length} ansvar nevner ${kommune.navn} (${codes(mentions)}). Sjekk at riktig er valgt.` };
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

export function proposeMapping(
  kommune: KommuneRef & { er_vertskommune?: boolean },
  kommuner: readonly (KommuneRef & { er_vertskommune?: boolean })[],
  kontoplan: { ansvar: readonly Konto[]; funksjon: readonly Konto[] },
  tjenesteNavn?: string,
): MappingProposal {
  return {
    ansvar: proposeAnsvar(kommune, kontoplan.ansvar, { kommuner, ...(tjenesteNavn ? { tjenesteNavn } : {}) }),
    funksjonIHjemmet: proposeFunksjon('funksjonIHjemmet', kommune, kommuner, kontoplan.funksjon),
    funksjonUtenforHjemmet: proposeFunksjon('funksjonUtenforHjemmet', kommune, kommuner, kontoplan.funksjon),
    funksjonAdministrasjon: proposeFunksjon('funksjonAdministrasjon', kommune, kommuner, kontoplan.funksjon),
  };
}

export type MappingField = 'ansvar' | 'funksjon_i_hjemmet' | 'funksjon_utenfor_hjemmet' | 'funksjon_administrasjon';
const FIELD_SLOT: Record<Exclude<MappingField, 'ansvar'>, FunksjonSlot> = {
  funksjon_i_hjemmet: 'funksjonIHjemmet',
  funksjon_utenfor_hjemmet: 'funksjonUtenforHjemmet',
  funksjon_administrasjon: 'funksjonAdministrasjon',
};
const FIELD_LABEL: Record<MappingField, string> = {
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
