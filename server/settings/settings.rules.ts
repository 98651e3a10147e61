// Pure rules of the posting settings: the vocabulary, effective values per kommune, and what is still missing.

export const MODULER = ['okonomi', 'lonn'] as const;
export type Modul = (typeof MODULER)[number];

/**
 * ikke_avklart is an explicit fourth state: the tjeneste has not decided yet. The checklist then treats the module
 * as in use (everything it needs must be prepared) and asks for the decision; only ikke_i_bruk drops a module.
 */
export const MODULE_STATUSES = ['ikke_avklart', 'ikke_i_bruk', 'under_oppbygging', 'i_drift'] as const;
export type ModuleStatus = (typeof MODULE_STATUSES)[number];
export const MODULE_STATUS_LABEL: Record<ModuleStatus, string> = {
  ikke_avklart: 'Ikke avklart',
  ikke_i_bruk: 'Ikke i bruk',
  under_oppbygging: 'Under oppbygging',
  i_drift: 'I drift',
};
export const MODUL_LABEL: Record<Modul, string> = { okonomi: 'Økonomi (utbetalinger)', lonn: 'Lønn' };

export const ERP_CHOICES = ['visma_enterprise', 'visma_enterprise_plus', 'annet'] as const;
export type Erp = (typeof ERP_CHOICES)[number];
export const ERP_LABEL: Record<Erp, string> = { visma_enterprise: 'Visma Enterprise', visma_enterprise_plus: 'Visma Enterprise Plus', annet: 'Annet' };

export const JA_NEI = ['ja', 'nei', 'ikke_avklart'] as const;
export type JaNei = (typeof JA_NEI)[number];
export const JA_NEI_LABEL: Record<JaNei, string> = { ja: 'Ja', nei: 'Nei', ikke_avklart: 'Ikke avklart' };

export const POSTING_FIELDS = ['selskap', 'motkonto', 'bilagsserie'] as const;
export type PostingField = (typeof POSTING_FIELDS)[number];
export const POSTING_FIELD_LABEL: Record<PostingField, string> = { selskap: 'Selskap', motkonto: 'Motkonto', bilagsserie: 'Bilagsserie' };

/** null = ikke avklart. */
export interface PostingValues { selskap: string | null; motkonto: string | null; bilagsserie: string | null }
export interface ModulePosting { standard: PostingValues; kommuner: Record<string, PostingValues> }

export interface EffectiveModule extends PostingValues { status: ModuleStatus }
export interface EffectiveSettings { okonomi: EffectiveModule; lonn: EffectiveModule }

export const emptyPosting = (): PostingValues => ({ selskap: null, motkonto: null, bilagsserie: null });

export const isInUse = (s: ModuleStatus) => s !== 'ikke_i_bruk';

/** A kommune's own value wins field by field; an empty override falls back to the tjeneste default. */
export function effectivePosting(module: ModulePosting, kommunenummer: string): PostingValues {
  const o = module.kommuner[kommunenummer] ?? emptyPosting();
  return { selskap: o.selskap ?? module.standard.selskap, motkonto: o.motkonto ?? module.standard.motkonto, bilagsserie: o.bilagsserie ?? module.standard.bilagsserie };
}

export interface PostingGap { kommunenummer: string; kommunenavn: string; field: PostingField }
export interface PostingCompleteness { complete: boolean; gaps: PostingGap[]; unknownMotkonto: { kommunenummer: string; kommunenavn: string; motkonto: string }[] }

/**
 * A module's posting settings are complete when every kommune has an effective selskap, motkonto and bilagsserie,
 * and (when a kontoplan is imported) every motkonto is an art in it — a re-import may have removed one.
 */
export function postingCompleteness(module: ModulePosting, kommuner: readonly { kommunenummer: string; navn: string }[], artCodes: ReadonlySet<string> | null): PostingCompleteness {
  const gaps: PostingGap[] = [];
  const unknownMotkonto: PostingCompleteness['unknownMotkonto'] = [];
  for (const k of kommuner) {
    const e = effectivePosting(module, k.kommunenummer);
    for (const field of POSTING_FIELDS) if (!e[field]) gaps.push({ kommunenummer: k.kommunenummer, kommunenavn: k.navn, field });
    if (e.motkonto && artCodes && !artCodes.has(e.motkonto)) unknownMotkonto.push({ kommunenummer: k.kommunenummer, kommunenavn: k.navn, motkonto: e.motkonto });
  }
  return { complete: gaps.length === 0 && unknownMotkonto.length === 0 && kommuner.length > 0, gaps, unknownMotkonto };
}

/** «Mangler selskap og motkonto for alle kommuner» / «Mangler motkonto for Flakstad, Moskenes». */
export function describeGaps(c: PostingCompleteness, kommuneCount: number): string[] {
  const out: string[] = [];
  for (const field of POSTING_FIELDS) {
    const names = c.gaps.filter((g) => g.field === field).map((g) => g.kommunenavn);
    if (names.length === 0) continue;
    out.push(`Mangler ${POSTING_FIELD_LABEL[field].toLowerCase()} for ${names.length === kommuneCount ? 'alle kommuner' : names.join(', ')}.`);
  }
  for (const u of c.unknownMotkonto) out.push(`Motkonto ${u.motkonto} (${u.kommunenavn}) finnes ikke som art i kontoplanen.`);
  return out;
}

export interface AutopaySettings {
  avtale: JaNei;
  kontonummer: string | null;
  godkjenning: JaNei;
  antallGodkjennere: number | null;
  avtalereferanse: string | null;
}

/** What is still open about Autopay; empty = decided. With no agreement nothing else is needed. */
export function autopayGaps(a: AutopaySettings): string[] {
  if (a.avtale === 'ikke_avklart') return ['Det er ikke avklart om kommunen har Autopay-avtale.'];
  if (a.avtale === 'nei') return [];
  const out: string[] = [];
  if (!a.kontonummer) out.push('Mangler bankkontoen barneverntjenesten betaler fra.');
  if (a.godkjenning === 'ikke_avklart') out.push('Det er ikke avklart om økonomi skal godkjenne utbetalinger i Autopay.');
  if (a.godkjenning === 'ja' && !a.antallGodkjennere) out.push('Mangler antall godkjennere (1 eller 2).');
  return out;
}

/** The key an mva-kode is stored under: the kategori's kode, or its navn when it has none. */
export const kategoriKey = (k: { kode: string | null; navn: string }) => k.kode ?? k.navn;
