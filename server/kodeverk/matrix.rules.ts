import { tiltakstypeWord } from '../spreadsheet/labels.ts';
import { urls } from '../platform/http/urls.ts';
import { kontostrengOf } from './kontostreng.ts';
import type { Konto, CurrentLonnsart, CurrentUtbetalingskategori } from '../registers/current.ts';
import { artExpiry, artSeries, deriveKostraArt, kostraFunksjon } from '../reference/kostra.ts';
import { ssbDriftRules } from './ssb.rules.ts';
import { lonnsartRules, placementKindOf } from '../lonnsarter/lonnsarter.rules.ts';
import { resolveAgaArt } from '../settings/settings.rules.ts';

/** The two tiltakstyper a kontostreng is made for; `begge` on a kategori expands to both (docs/domain.md «tiltakstype»). */
export type MatrixTiltakstype = 'i_hjemmet' | 'utenfor_hjemmet';
export const TILTAKSTYPER: readonly MatrixTiltakstype[] = ['i_hjemmet', 'utenfor_hjemmet'];
/** docs/domain.md: 251 when the child is not placed by the service, 252 when placed. */
export const KOSTRA_FOR: Record<MatrixTiltakstype, string> = { i_hjemmet: '251', utenfor_hjemmet: '252' };
/** The barnevern funksjoner (docs/domain.md): a kontostreng on another is a warning, on the wrong one of these an error. */
const BARNEVERN_FUNKSJONER: ReadonlySet<string> = new Set(['244', '251', '252']);
/** Funksjon 290, interkommunale samarbeid: where some vertskommuner run the participants' shares (docs/domain.md). */
export const INTERKOMMUNAL_FUNKSJON = '290';

/** aga: the arbeidsgiveravgift line of an AGA-pliktig lønnsart (KOSTRA 099 follows the wage's funksjon, docs/domain.md). */
export type ItemType = 'lonnsart' | 'utbetalingskategori' | 'aga';
export interface MatrixProblem {
  code: string;
  message: string;
  fixHref: string;
}

export interface MatrixLine {
  itemType: ItemType;
  /** lonnsart kode, or utbetalingskategori kode ?? navn */
  itemKode: string;
  itemNavn: string;
  kommunenummer: string;
  kommuneNavn: string;
  tiltakstype: MatrixTiltakstype;
  art: string | null;
  ansvar: string | null;
  funksjon: string | null;
  /** "art.ansvar.funksjon", null while a part is missing */
  kontostreng: string | null;
  /** Errors: a line with any problem is invalid. */
  problems: MatrixProblem[];
  /** Plausibility warnings (docs/domain.md: warnings, not errors); they do not make the line invalid. */
  warnings: MatrixProblem[];
  /** Notes (SSB «info»: illogical but accepted); they neither invalidate nor count as warnings. */
  notes: MatrixProblem[];
}
export interface MatrixResult {
  lines: MatrixLine[];
  counts: { total: number; valid: number; invalid: number; warnings: number };
}

export interface KommuneMapping {
  ansvar: string | null;
  funksjonIHjemmet: string | null;
  funksjonUtenforHjemmet: string | null;
  funksjonAdministrasjon: string | null;
}

export interface MatrixInput {
  slug: string;
  regnskapsar: number;
  kontoplan: { art: Konto[]; ansvar: Konto[]; funksjon: Konto[] } | null;
  lonnsarter: readonly CurrentLonnsart[];
  utbetalingskategorier: readonly CurrentUtbetalingskategori[];
  kommuner: readonly { kommunenummer: string; navn: string }[];
  mappings: ReadonlyMap<string, KommuneMapping>;
  /** Ansvar the tjeneste has marked as shared by several kommuner → the reason shown to the godkjenner. */
  deltAnsvar?: ReadonlyMap<string, string>;
  /** A module set to «Ikke i bruk» has no lines (lønn: the lønnsarter, økonomi: the utbetalingskategorier); absent = both in use. */
  modulesInUse?: { okonomi: boolean; lonn: boolean };
  /** The tjeneste's chosen AGA art (a setting); null or absent = the kontoplan's only art with KOSTRA art 099. */
  agaArt?: string | null;
  /** Funksjon per kategori: overrideKey → the funksjon that replaces the kommune's default for that item and tiltakstype. */
  funksjonOverrides?: ReadonlyMap<string, string>;
}

/** The key of a funksjon per kategori: `lonnsart|2010|1859|utenfor_hjemmet`; an AGA line follows its wage's. */
export const overrideKey = (itemType: ItemType, itemKode: string, kommunenummer: string, tiltakstype: MatrixTiltakstype) =>
  `${itemType === 'aga' ? 'lonnsart' : itemType}|${itemKode}|${kommunenummer}|${tiltakstype}`;
const funksjonerHref = (slug: string, kommunenummer: string) => urls.funksjonPerKategori(slug, { anchor: `k-${kommunenummer}` });

export interface MatrixItem {
  itemType: ItemType;
  itemKode: string;
  itemNavn: string;
  art: string;
  tiltakstyper: readonly MatrixTiltakstype[];
  skattepliktig: boolean | null;
  /** the lønnsart itself, for the Skatteetaten/KS rules */
  lonnsart?: CurrentLonnsart;
  /** aga lines: why no AGA art could be chosen (art is then '') */
  agaArtMissing?: string;
}

const collator = new Intl.Collator('nb', { numeric: true });

/**
 * A lønnsart or kategori applies to its own tiltakstype, `begge` to both; each AGA-pliktig lønnsart has an AGA line on
 * the AGA art for each of the wage's tiltakstyper. Items of a module not in use are left out.
 */
export function matrixItems(input: Pick<MatrixInput, 'lonnsarter' | 'utbetalingskategorier' | 'modulesInUse' | 'agaArt' | 'kontoplan' | 'regnskapsar'>): MatrixItem[] {
  const lonn = (input.modulesInUse?.lonn === false ? [] : [...input.lonnsarter])
    .sort((a, b) => collator.compare(a.kode, b.kode))
    .map(
      (l): MatrixItem => ({
        itemType: 'lonnsart',
        itemKode: l.kode,
        itemNavn: l.navn,
        art: l.art,
        tiltakstyper: l.tiltakstype === 'begge' ? TILTAKSTYPER : [l.tiltakstype],
        skattepliktig: l.skattepliktig,
        lonnsart: l,
      }),
    );
  const kat = (input.modulesInUse?.okonomi === false ? [] : [...input.utbetalingskategorier])
    .sort((a, b) => a.lopenr - b.lopenr)
    .map(
      (k): MatrixItem => ({
        itemType: 'utbetalingskategori',
        itemKode: k.kode ?? k.navn,
        itemNavn: k.navn,
        art: k.art,
        tiltakstyper: k.tiltakstype === 'begge' ? TILTAKSTYPER : [k.tiltakstype],
        skattepliktig: null,
      }),
    );
  const aga = resolveAgaArt(input.agaArt, input.kontoplan, input.regnskapsar);
  const agaLines = lonn
    .filter((l) => l.lonnsart?.aga === true)
    .map(
      (l): MatrixItem => ({
        itemType: 'aga',
        itemKode: l.itemKode,
        itemNavn: `Arbeidsgiveravgift av ${l.itemNavn}`,
        art: aga.kode ?? '',
        tiltakstyper: l.tiltakstyper,
        skattepliktig: null,
        ...(l.lonnsart ? { lonnsart: l.lonnsart } : {}),
        ...(aga.missing ? { agaArtMissing: aga.missing } : {}),
      }),
    );
  return [...lonn, ...agaLines, ...kat];
}

const mappingHref = (slug: string, kommunenummer: string) => urls.mappingKommuner(slug, { anchor: `k-${kommunenummer}` });
const importHref = (slug: string, register: 'kontoplan' | 'lonnsarter' | 'utbetalingskategorier') => urls.importRegister(slug, register);
const itemRegister = (t: ItemType) => (t === 'utbetalingskategori' ? 'utbetalingskategorier' : 'lonnsarter');
const ITEM_WORD: Record<ItemType, string> = { lonnsart: 'lønnsart', utbetalingskategori: 'utbetalingskategori', aga: 'AGA-linjen for lønnsart' };
const itemLabel = (item: MatrixItem) => (item.itemType === 'aga' ? `AGA-linjen for lønnsart ${item.itemKode}` : `${ITEM_WORD[item.itemType]} ${item.itemKode} ${item.itemNavn}`);
const agaSettingsHref = (slug: string) => urls.posting(slug, { anchor: 'aga-art' });

/** Every line of the konteringsmatrise: item × kommune × tiltakstype the item applies to, each checked. */
export function computeLines(input: MatrixInput, onlyKommune?: string): MatrixLine[] {
  const index = indexKontoplan(input.kontoplan);
  const shared = ansvarSharingOf(input);
  const lines: MatrixLine[] = [];
  for (const kommune of input.kommuner) {
    if (onlyKommune !== undefined && kommune.kommunenummer !== onlyKommune) continue;
    const mapping = input.mappings.get(kommune.kommunenummer) ?? null;
    for (const item of matrixItems(input)) {
      for (const tiltakstype of item.tiltakstyper) lines.push(buildLine(input, index, item, kommune, mapping, tiltakstype, shared));
    }
  }
  return lines;
}

/** An ansvar chosen for more than one kommune: which, and the tjeneste's reason when it has marked it as shared. */
export interface AnsvarSharing {
  ansvar: string;
  kommuner: string[];
  begrunnelse: string | null;
}

/**
 * docs/domain.md: in an inter-municipal service there is one ansvar per kommune, else one kommune's costs land in another's
 * budget. Ansvar used by two or more of the tjeneste's kommuner, by kommunenummer.
 */
export function ansvarSharingOf(input: Pick<MatrixInput, 'kommuner' | 'mappings' | 'deltAnsvar'>): Map<string, AnsvarSharing> {
  const byAnsvar = new Map<string, { kommunenummer: string; navn: string }[]>();
  for (const k of input.kommuner) {
    const a = input.mappings.get(k.kommunenummer)?.ansvar;
    if (a == null) continue;
    const list = byAnsvar.get(a);
    if (list) list.push(k);
    else byAnsvar.set(a, [k]);
  }
  const out = new Map<string, AnsvarSharing>();
  for (const [ansvar, ks] of byAnsvar) {
    if (ks.length < 2) continue;
    const sharing = { ansvar, kommuner: ks.map((k) => k.navn), begrunnelse: input.deltAnsvar?.get(ansvar) ?? null };
    for (const k of ks) out.set(k.kommunenummer, sharing);
  }
  return out;
}

export function summarise(lines: MatrixLine[]): MatrixResult {
  const invalid = lines.filter((l) => l.problems.length > 0).length;
  return { lines, counts: { total: lines.length, valid: lines.length - invalid, invalid, warnings: lines.filter((l) => l.warnings.length > 0).length } };
}

type KontoIndex = { art: Map<string, Konto>; ansvar: Map<string, Konto>; funksjon: Map<string, Konto> } | null;
function indexKontoplan(k: MatrixInput['kontoplan']): KontoIndex {
  if (!k) return null;
  const m = (list: Konto[]) => new Map(list.map((x) => [x.kode, x]));
  return { art: m(k.art), ansvar: m(k.ansvar), funksjon: m(k.funksjon) };
}

export function buildLine(
  input: Pick<MatrixInput, 'slug' | 'regnskapsar' | 'funksjonOverrides'>,
  index: KontoIndex,
  item: MatrixItem,
  kommune: { kommunenummer: string; navn: string },
  mapping: KommuneMapping | null,
  tiltakstype: MatrixTiltakstype,
  shared: ReadonlyMap<string, AnsvarSharing> = new Map(),
): MatrixLine {
  const ansvar = mapping?.ansvar ?? null;
  // a funksjon chosen for this kategori or lønnsart (its sub-funksjon) over the kommune's default for the tiltakstype
  const override = input.funksjonOverrides?.get(overrideKey(item.itemType, item.itemKode, kommune.kommunenummer, tiltakstype)) ?? null;
  const funksjon = override ?? (tiltakstype === 'i_hjemmet' ? mapping?.funksjonIHjemmet : mapping?.funksjonUtenforHjemmet) ?? null;
  const art = item.art;
  const fixMapping = mappingHref(input.slug, kommune.kommunenummer);
  const fixFunksjon = override !== null ? funksjonerHref(input.slug, kommune.kommunenummer) : fixMapping;
  const fixItem = importHref(input.slug, itemRegister(item.itemType));
  const problems: MatrixProblem[] = [];
  const warnings: MatrixProblem[] = [];
  const notes: MatrixProblem[] = [];
  const p = (code: string, message: string, fixHref: string) => problems.push({ code, message, fixHref });

  if (!item.tiltakstyper.includes(tiltakstype)) {
    p(
      'tiltakstype_gjelder_ikke',
      `${cap(itemLabel(item))} gjelder ikke tiltak ${tiltakstypeWord(tiltakstype)}. Endre tiltakstypen i ${item.itemType === 'utbetalingskategori' ? 'utbetalingskategoriene' : 'lønnsartene'} hvis den skal gjelde.`,
      fixItem,
    );
  }
  // docs/domain.md: a fosterhjem (beredskapshjem included) is a placement, so its wage and AGA never go on 251
  const placement = item.lonnsart ? placementKindOf(item.lonnsart) : null;
  if (placement !== null && tiltakstype === 'i_hjemmet')
    p(
      'plassering_i_hjemmet',
      `${cap(itemLabel(item))} er ${placement}, som alltid er en plassering: den skal føres på KOSTRA 252 (utenfor hjemmet), ikke 251. Sett lønnsartens tiltakstype til Utenfor hjemmet.`,
      fixItem,
    );
  const fixArt = item.itemType === 'aga' ? agaSettingsHref(input.slug) : fixItem;
  if (!index) {
    p('kontoplan_mangler', 'Ingen kontoplan er importert. Importer kontoplanen først.', importHref(input.slug, 'kontoplan'));
  } else {
    const a = index.art.get(art);
    const kostraArt = a ? deriveKostraArt(a.kode, input.regnskapsar, a.kostra) : null;
    if (item.agaArtMissing) p('aga_art_mangler', item.agaArtMissing, fixArt);
    else if (!a) p('art_ukjent', `Art ${art} (${itemLabel(item)}) finnes ikke i kontoplanen. Rett arten, eller legg den til i kontoplanen.`, fixArt);
    else if (!a.aktiv) p('art_inaktiv', `Art ${art} (${itemLabel(item)}) er ikke aktiv i kontoplanen. Velg en aktiv art, eller aktiver den i kontoplanen.`, fixArt);
    else if (a.kontoklasse === 'investering' || a.kontoklasse === 'balanse')
      // docs/domain.md: every barnevern payment and wage line is driftsregnskap; SSB's kontoklasse 0 = investering, balance accounts are kapitler
      p(
        'art_ikke_driftskonto',
        `Art ${art} (${itemLabel(item)}) er ${a.kontoklasse === 'balanse' ? 'en balansekonto' : 'en art i investeringsregnskapet'} i kontoplanen. Utbetalinger og lønn føres i driftsregnskapet – velg en driftsart.`,
        fixArt,
      );
    else if (item.itemType === 'aga') {
      if (kostraArt !== '099')
        warnings.push({
          code: 'aga_art_ikke_099',
          message: `AGA-arten ${art} er KOSTRA-art ${kostraArt ?? 'ukjent'}, men arbeidsgiveravgift føres på KOSTRA-art 099. Sjekk AGA-arten.`,
          fixHref: fixArt,
        });
    } else for (const f of artPlausibility(item, a, input.regnskapsar, fixItem)) (f.severity === 'error' ? problems : warnings).push({ code: f.code, message: f.message, fixHref: f.fixHref });

    if (ansvar === null) p('ansvar_mangler', `${kommune.navn} har ikke fått et ansvar. Velg ansvar for kommunen.`, fixMapping);
    else {
      const x = index.ansvar.get(ansvar);
      if (!x) p('ansvar_ukjent', `Ansvar ${ansvar} (${kommune.navn}) finnes ikke i kontoplanen. Velg et annet ansvar.`, fixMapping);
      else if (!x.aktiv) p('ansvar_inaktiv', `Ansvar ${ansvar} (${kommune.navn}) er ikke aktivt i kontoplanen. Velg et aktivt ansvar.`, fixMapping);
      const s = shared.get(kommune.kommunenummer);
      if (s?.ansvar === ansvar) {
        const others = s.kommuner.filter((n) => n !== kommune.navn).join(', ');
        if (s.begrunnelse === null)
          p(
            'ansvar_flere_kommuner',
            `Ansvar ${ansvar} er valgt både for ${kommune.navn} og ${others}. Hver kommune skal ha sitt eget ansvar, ellers havner kostnadene i en annen kommunes budsjett. Velg et annet ansvar, eller merk ansvaret som felles med en begrunnelse.`,
            fixMapping,
          );
        else
          notes.push({
            code: 'ansvar_felles',
            message: `Ansvar ${ansvar} er merket som felles for ${s.kommuner.join(', ')}: «${s.begrunnelse}»`,
            fixHref: urls.mappingKommuner(input.slug, { anchor: 'delt-ansvar' }),
          });
      }
    }

    const want = KOSTRA_FOR[tiltakstype];
    const what = tiltakstype === 'i_hjemmet' ? 'tiltak i hjemmet' : 'tiltak utenfor hjemmet';
    if (funksjon === null) p('funksjon_mangler', `${kommune.navn} har ikke fått funksjon for ${what} (KOSTRA ${want}). Velg funksjon.`, fixMapping);
    else {
      const f = index.funksjon.get(funksjon);
      const kostra = f?.kostra ?? kostraFunksjon(funksjon);
      if (!f) p('funksjon_ukjent', `Funksjon ${funksjon} (${kommune.navn}) finnes ikke i kontoplanen. Velg en annen funksjon.`, fixFunksjon);
      else if (!f.aktiv) p('funksjon_inaktiv', `Funksjon ${funksjon} (${kommune.navn}) er ikke aktiv i kontoplanen. Velg en aktiv funksjon.`, fixFunksjon);
      if (kostra === INTERKOMMUNAL_FUNKSJON)
        notes.push({
          code: 'funksjon_290',
          message: `Funksjon ${funksjon} er KOSTRA 290 (interkommunalt samarbeid). ${cap(kommune.navn)}s andel føres der, og funksjon 290 skal gå i null hos vertskommunen.`,
          fixHref: fixFunksjon,
        });
      else if (kostra === null || BARNEVERN_FUNKSJONER.has(kostra)) {
        if (kostra !== want)
          p('funksjon_feil_kostra', `Funksjon ${funksjon} er KOSTRA ${kostra ?? 'ukjent'}, men ${what} skal føres på KOSTRA ${want}. Velg en ${want}-funksjon for ${kommune.navn}.`, fixFunksjon);
      } else
        warnings.push({
          code: 'funksjon_ikke_barnevern',
          message: `Funksjon ${funksjon} er KOSTRA ${kostra}, som ikke er en barnevernsfunksjon (244, 251, 252, eller 290 for interkommunalt samarbeid). ${cap(what)} føres på KOSTRA ${want}. Sjekk funksjonen for ${kommune.navn}.`,
          fixHref: fixFunksjon,
        });
      if (a) {
        // An art rule is fixed on the item's art; the funksjon-side of rule 065 on the kommune's mapping.
        for (const s of ssbDriftRules({ art, kostraArt, funksjon, kostraFunksjon: kostra })) {
          const finding = { code: s.code, message: `${s.message} (${itemLabel(item)}, ${kommune.navn})`, fixHref: s.code === 'ssb_065_funksjon_899' ? fixFunksjon : fixArt };
          (s.severity === 'error' ? problems : s.severity === 'warning' ? warnings : notes).push(finding);
        }
      }
    }
  }
  return {
    itemType: item.itemType,
    itemKode: item.itemKode,
    itemNavn: item.itemNavn,
    kommunenummer: kommune.kommunenummer,
    kommuneNavn: kommune.navn,
    tiltakstype,
    art: art === '' ? null : art,
    ansvar,
    funksjon,
    kontostreng: kontostrengOf({ art: art === '' ? null : art, ansvar, funksjon }),
    problems,
    warnings,
    notes,
  };
}

/**
 * docs/domain.md plausibility: a kategori on an income or wage art (warnings); a lønnsart by the Skatteetaten/KS rules of
 * lonnsarter.rules.ts, on the KOSTRA art the kontoplan gives its art (warnings, a few errors).
 */
export function artPlausibility(item: MatrixItem, art: Konto, regnskapsar: number, fixHref: string): (MatrixProblem & { severity: 'error' | 'warning' })[] {
  const kostra = deriveKostraArt(art.kode, regnskapsar, art.kostra);
  const label = itemLabel(item);
  const warn = (code: string, message: string) => [{ code, message, fixHref, severity: 'warning' as const }];
  // issue 11: an art whose KOSTRA art is expired (or not yet valid) is a warning in the kontoplan, an error where used
  const expiry = kostra === null ? artExpiry(art.kode, regnskapsar) : null;
  if (expiry !== null) return [{ code: 'art_utgatt', message: `Art ${art.kode} (${label}): KOSTRA-art ${expiry}, regnskapsår ${regnskapsar}. Velg en gyldig art.`, fixHref, severity: 'error' }];
  if (item.lonnsart) {
    const found = lonnsartRules(item.lonnsart, kostra, regnskapsar).map((i) => ({
      code: i.code,
      message: i.message,
      fixHref,
      severity: i.severity === 'error' ? ('error' as const) : ('warning' as const),
    }));
    return kostra === null ? [...warn('art_uten_kostra', `Art ${art.kode} (${label}) har ingen gyldig KOSTRA-art. Sjekk arten i kontoplanen.`), ...found] : found;
  }
  if (kostra === null) return warn('art_uten_kostra', `Art ${art.kode} (${label}) har ingen gyldig KOSTRA-art. Sjekk arten i kontoplanen.`);
  const series = artSeries(kostra);
  if (series >= 6) return warn('inntektsart', `${cap(label)} er kontert på art ${art.kode}, som er en inntektsart (KOSTRA ${kostra}). Sjekk arten.`);
  if (series === 0)
    return warn('kategori_pa_lonnsart', `${cap(label)} er kontert på art ${art.kode} (KOSTRA ${kostra}, lønn). Utbetalinger fra økonomi føres vanligvis på 350, 370 eller 470. Sjekk arten.`);
  return [];
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export interface LineFilter {
  kommune?: string | undefined;
  tiltakstype?: MatrixTiltakstype | undefined;
  problem?: string | undefined;
}

/** feil = lines with errors, advarsel = with warnings, ok = without errors, anything else = that problem code. */
export function filterLines(lines: readonly MatrixLine[], f: LineFilter): MatrixLine[] {
  return lines.filter((l) => {
    if (f.kommune && l.kommunenummer !== f.kommune) return false;
    if (f.tiltakstype && l.tiltakstype !== f.tiltakstype) return false;
    if (!f.problem) return true;
    if (f.problem === 'feil') return l.problems.length > 0;
    if (f.problem === 'advarsel') return l.warnings.length > 0;
    if (f.problem === 'ok') return l.problems.length === 0;
    return [l.problems, l.warnings, l.notes].some((list) => list.some((p) => p.code === f.problem));
  });
}
