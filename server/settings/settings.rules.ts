// Pure rules of the posting settings: the vocabulary, effective values per kommune, and what is still missing.
import { deriveKostraArt } from '../reference/kostra.ts';

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
export interface PostingValues {
  selskap: string | null;
  motkonto: string | null;
  bilagsserie: string | null;
}
export interface ModulePosting {
  standard: PostingValues;
  kommuner: Record<string, PostingValues>;
}

export interface EffectiveModule extends PostingValues {
  status: ModuleStatus;
}
export interface EffectiveSettings {
  okonomi: EffectiveModule;
  lonn: EffectiveModule;
}

export const emptyPosting = (): PostingValues => ({ selskap: null, motkonto: null, bilagsserie: null });

export const isInUse = (s: ModuleStatus) => s !== 'ikke_i_bruk';

/** A kommune's own value wins field by field; an empty override falls back to the tjeneste default. */
export function effectivePosting(module: ModulePosting, kommunenummer: string): PostingValues {
  const o = module.kommuner[kommunenummer] ?? emptyPosting();
  return { selskap: o.selskap ?? module.standard.selskap, motkonto: o.motkonto ?? module.standard.motkonto, bilagsserie: o.bilagsserie ?? module.standard.bilagsserie };
}

/** A kommune's module statuses and effective posting values (override over default; null = ikke avklart). JSON-serialisable. */
export function effectiveSettingsOf(settings: { moduler: Record<Modul, ModuleStatus> }, postings: Record<Modul, ModulePosting>, kommunenummer: string): EffectiveSettings {
  return {
    okonomi: { status: settings.moduler.okonomi, ...effectivePosting(postings.okonomi, kommunenummer) },
    lonn: { status: settings.moduler.lonn, ...effectivePosting(postings.lonn, kommunenummer) },
  };
}

/**
 * The art the AGA lines are posted on: the tjeneste's choice, else the kontoplan's one art whose KOSTRA art is 099.
 * With several or none, the user is asked (the reason says which).
 */
export function resolveAgaArt(
  chosen: string | null | undefined,
  kontoplan: { art: readonly { kode: string; aktiv: boolean; kostra: string | null }[] } | null,
  regnskapsar: number,
): { kode: string | null; missing?: string } {
  if (chosen) return { kode: chosen };
  if (!kontoplan) return { kode: null, missing: 'Importer kontoplanen, så velges arten for arbeidsgiveravgift (KOSTRA 099).' };
  const candidates = kontoplan.art.filter((a) => a.aktiv && deriveKostraArt(a.kode, regnskapsar, a.kostra) === '099').map((a) => a.kode);
  const [only] = candidates;
  if (only && candidates.length === 1) return { kode: only };
  return {
    kode: null,
    missing:
      candidates.length === 0
        ? 'Kontoplanen har ingen aktiv art med KOSTRA-art 099 (arbeidsgiveravgift). Velg arten arbeidsgiveravgiften føres på under Innstillinger → Postering.'
        : `Kontoplanen har ${candidates.length} arter med KOSTRA-art 099 (${candidates.join(', ')}). Velg hvilken arbeidsgiveravgiften føres på under Innstillinger → Postering.`,
  };
}

/** What the motkonto is checked against: the current kontoplan's arts, each with whether it is a balance account. */
export interface MotkontoLookup {
  versionNo: number;
  arts: ReadonlyMap<string, { aktiv: boolean; balanse: boolean }>;
  hasBalanse: boolean;
}

/**
 * docs/domain.md: balance accounts are kapitler, usually written with kontoklasse digit 2 first (`2xxxx`) — a convention with
 * a default, not a law. Five or more digits: a 4-digit `2xxx` is KOSTRA art 2xx plus a local digit, a drift art.
 */
export const isBalanseKode = (kode: string) => /^2\d{4,7}$/.test(kode);

/**
 * The motkonto balances the posting, so it is a balance account: when the kontoplan holds balance accounts it must be
 * one of them; a barnevern extract often holds none, and then the motkonto is accepted by its format with a note
 * saying so. An inactive account is refused either way.
 */
export function motkontoCheck(motkonto: string, k: MotkontoLookup | null): { error: string | null; note: string | null } {
  if (!k) return { error: null, note: null };
  const art = k.arts.get(motkonto);
  if (art && !art.aktiv) return { error: `Konto ${motkonto} er merket inaktiv i kontoplanen. Velg en aktiv balansekonto som motkonto.`, note: null };
  if (k.hasBalanse) {
    if (!art) return { error: `Motkonto ${motkonto} finnes ikke i kontoplanen (versjon ${k.versionNo}). Velg en balansekonto fra kontoplanen, f.eks. leverandørgjeld eller skyldig lønn.`, note: null };
    if (!art.balanse)
      return { error: `Motkonto ${motkonto} er en art i driftsregnskapet, ikke en balansekonto. Velg en balansekonto fra kontoplanen, f.eks. leverandørgjeld eller skyldig lønn.`, note: null };
    return { error: null, note: null };
  }
  return {
    error: null,
    note: art
      ? `Kontoplanen har ingen balansekontoer, så motkonto ${motkonto} er bare sjekket for format. ${motkonto} står i kontoplanen som en art i driftsregnskapet; en motkonto er vanligvis en balansekonto – sjekk med regnskap.`
      : `Kontoplanen har ingen balansekontoer, så motkonto ${motkonto} er bare sjekket for format. Sjekk med regnskap at kontoen finnes i økonomisystemet.`,
  };
}

export interface PostingGap {
  kommunenummer: string;
  kommunenavn: string;
  field: PostingField;
}
export interface PostingCompleteness {
  complete: boolean;
  gaps: PostingGap[];
  unknownMotkonto: { kommunenummer: string; kommunenavn: string; motkonto: string; message: string }[];
  /** motkonto notes (accepted by format only), one per distinct motkonto */
  motkontoNotes: string[];
}

/**
 * A module's posting settings are complete when every kommune has an effective selskap, motkonto and bilagsserie,
 * and (when a kontoplan is imported) every motkonto passes motkontoCheck — a re-import may have removed one.
 */
export function postingCompleteness(module: ModulePosting, kommuner: readonly { kommunenummer: string; navn: string }[], lookup: MotkontoLookup | null): PostingCompleteness {
  const gaps: PostingGap[] = [];
  const unknownMotkonto: PostingCompleteness['unknownMotkonto'] = [];
  const notes = new Set<string>();
  for (const k of kommuner) {
    const e = effectivePosting(module, k.kommunenummer);
    for (const field of POSTING_FIELDS) if (!e[field]) gaps.push({ kommunenummer: k.kommunenummer, kommunenavn: k.navn, field });
    if (!e.motkonto) continue;
    const c = motkontoCheck(e.motkonto, lookup);
    if (c.error) unknownMotkonto.push({ kommunenummer: k.kommunenummer, kommunenavn: k.navn, motkonto: e.motkonto, message: c.error });
    if (c.note) notes.add(c.note);
  }
  return { complete: gaps.length === 0 && unknownMotkonto.length === 0 && kommuner.length > 0, gaps, unknownMotkonto, motkontoNotes: [...notes] };
}

/** «Mangler selskap og motkonto for alle kommuner» / «Mangler motkonto for Flakstad, Moskenes». */
export function describeGaps(c: PostingCompleteness, kommuneCount: number): string[] {
  const out: string[] = [];
  for (const field of POSTING_FIELDS) {
    const names = c.gaps.filter((g) => g.field === field).map((g) => g.kommunenavn);
    if (names.length === 0) continue;
    out.push(`Mangler ${POSTING_FIELD_LABEL[field].toLowerCase()} for ${names.length === kommuneCount ? 'alle kommuner' : names.join(', ')}.`);
  }
  for (const u of c.unknownMotkonto) out.push(`${u.kommunenavn}: ${u.message}`);
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
