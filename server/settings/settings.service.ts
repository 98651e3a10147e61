import { chooserFor } from '../registers/code-chooser.ts';
import type { Transaction } from 'kysely';
import type { Db, Executor } from '../platform/db/database.ts';
import type { Database } from '../platform/db/schema.ts';
import type { Actor } from '../platform/http/context.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { requirePermission } from '../auth/permissions.ts';
import { loadCurrentRegisters } from '../registers/current.ts';
import { formatKontonummer } from '../reference/norwegian-numbers.ts';
import { deriveKostraArt } from '../reference/kostra.ts';
import { findTjeneste, listKommuner } from '../tenancy/tenancy.service.ts';
import * as repo from './settings.repository.ts';
import { canonicalJson } from '../registers/content-hash.ts';
import {
  ERP_LABEL,
  JA_NEI_LABEL,
  MODULER,
  MODUL_LABEL,
  POSTING_FIELDS,
  autopayGaps,
  describeGaps,
  postingCompleteness,
  type PostingCompleteness,
  MODULE_STATUS_LABEL,
  effectivePosting,
  effectiveSettingsOf,
  resolveAgaArt,
  isInUse,
  isBalanseKode,
  kategoriKey,
  type EffectiveSettings,
  type Erp,
  type Modul,
  type ModulePosting,
  type ModuleStatus,
} from './settings.rules.ts';
import type { ArtLookup, AutopayInput } from './settings.schemas.ts';

export type { EffectiveSettings } from './settings.rules.ts';

const actorRef = (a: Actor) => ({ id: a.userId, label: a.label });

// ---- Contract read by approval, export and the dashboard ----

/** A kommune's module statuses and effective posting values (override over default; null = ikke avklart). JSON-serialisable. */
export async function effectiveSettingsForKommune(db: Executor, tjenesteId: number, kommunenummer: string): Promise<EffectiveSettings> {
  const [settings, postings] = await Promise.all([repo.findTjenesteSettings(db, tjenesteId), repo.findPostings(db, tjenesteId)]);
  return effectiveSettingsOf(settings, postings, kommunenummer);
}
export { effectiveSettingsOf };

/** In use = anything but ikke_i_bruk (an undecided module must still be prepared). */
export async function modulesInUse(db: Executor, tjenesteId: number): Promise<{ okonomi: boolean; lonn: boolean }> {
  const s = await repo.findTjenesteSettings(db, tjenesteId);
  return { okonomi: isInUse(s.moduler.okonomi), lonn: isInUse(s.moduler.lonn) };
}

/**
 * Everything the kodeverk package carries about settings, JSON-serialisable. A module that is ikke_i_bruk is
 * exported as null (its posting values, and for økonomi also mva-koder and Autopay), per "what a module does not use
 * is not exported"; the statuses are always there so the reader can see why.
 */
export async function settingsForExport(db: Executor, tjenesteId: number) {
  return settingsForExportOf(await loadSettingsPage(db, tjenesteId));
}

/** settingsForExport on what is already read (the export reads the kodeverk state once). */
export function settingsForExportOf({ settings, postings, mva, kommuner, registers }: SettingsInputs) {
  const modulExport = (m: Modul) =>
    isInUse(settings.moduler[m])
      ? {
          standard: postings[m].standard,
          kommuner: Object.fromEntries(kommuner.filter((k) => postings[m].kommuner[k.kommunenummer]).map((k) => [k.kommunenummer, postings[m].kommuner[k.kommunenummer]])),
          effektiv: Object.fromEntries(kommuner.map((k) => [k.kommunenummer, effectivePosting(postings[m], k.kommunenummer)])),
        }
      : null;
  const okonomiInUse = isInUse(settings.moduler.okonomi);
  const kategorier = registers.utbetalingskategorier?.rows ?? [];
  const a = settings.autopay;
  return {
    erp: { system: settings.erp, annet: settings.erpAnnet },
    moduler: { okonomi: settings.moduler.okonomi, lonn: settings.moduler.lonn },
    postering: { okonomi: modulExport('okonomi'), lonn: modulExport('lonn') },
    // Only kategorier of the current import; a kode kept for a kategori that is gone is not part of the kodeverk.
    // Keys in snake_case like the rest of kodeverk.json (schemaVersion 2).
    mva_koder: okonomiInUse ? kategorier.filter((k) => mva[kategoriKey(k)]).map((k) => ({ kategori: kategoriKey(k), kode: k.kode, navn: k.navn, mva_kode: mva[kategoriKey(k)] as string })) : null,
    autopay: okonomiInUse
      ? {
          avtale: a.avtale,
          kontonummer: a.kontonummer,
          kontonummer_formatert: a.kontonummer ? formatKontonummer(a.kontonummer) : null,
          godkjenning_i_autopay: a.godkjenning,
          antall_godkjennere: a.antallGodkjennere,
          avtalereferanse: a.avtalereferanse,
        }
      : null,
    oppdatert: settings.updatedAt ? settings.updatedAt.toISOString() : null,
  };
}

// ---- Reads for the pages ----

export interface SettingsFacts {
  moduler: Record<Modul, ModuleStatus>;
  erpChosen: boolean;
  erpLabel: string | null;
  posting: Record<Modul, PostingCompleteness & { problems: string[]; nothingSet: boolean }>;
  autopay: { avtale: string; gaps: string[] };
  mvaCount: number;
}

/** What the settings say about readiness: read by the settings overview and the dashboard checklist. */
async function settingsFacts(db: Executor, tjenesteId: number): Promise<SettingsFacts> {
  return settingsFactsOf(await loadSettingsPage(db, tjenesteId));
}

export type SettingsInputs = Pick<Awaited<ReturnType<typeof loadSettingsPage>>, 'settings' | 'postings' | 'mva' | 'kommuner' | 'registers'>;

/** settingsFacts on what is already read (the dashboard reads everything once). */
export function settingsFactsOf(p: SettingsInputs): SettingsFacts {
  const lookup = artLookupOf(p.registers.kontoplan);
  const posting = (m: Modul) => {
    const c = postingCompleteness(p.postings[m], p.kommuner, lookup);
    return { ...c, problems: describeGaps(c, p.kommuner.length), nothingSet: c.gaps.length === POSTING_FIELDS.length * p.kommuner.length };
  };
  const erpLabel = p.settings.erp === 'annet' ? p.settings.erpAnnet : p.settings.erp ? ERP_LABEL[p.settings.erp] : null;
  return {
    moduler: p.settings.moduler,
    erpChosen: !!p.settings.erp,
    erpLabel,
    posting: { okonomi: posting('okonomi'), lonn: posting('lonn') },
    autopay: { avtale: p.settings.autopay.avtale, gaps: autopayGaps(p.settings.autopay) },
    mvaCount: Object.keys(p.mva).length,
  };
}

/** The notes on motkontoer accepted by format only (a kontoplan without balance accounts), for the Postering page. */
export function motkontoNotesOf(p: Pick<Awaited<ReturnType<typeof loadSettingsPage>>, 'postings' | 'kommuner' | 'artLookup' | 'settings'>): string[] {
  return [...new Set(MODULER.filter((m) => isInUse(p.settings.moduler[m])).flatMap((m) => postingCompleteness(p.postings[m], p.kommuner, p.artLookup).motkontoNotes))];
}

export async function settingsOverview(db: Executor, tjenesteId: number) {
  const f = await settingsFacts(db, tjenesteId);
  return {
    erpLabel: f.erpLabel,
    moduler: MODULER.map((m) => ({
      modul: m,
      label: MODUL_LABEL[m],
      statusLabel: MODULE_STATUS_LABEL[f.moduler[m]],
      inUse: isInUse(f.moduler[m]),
      complete: f.posting[m].complete,
      problems: f.posting[m].problems,
    })),
    autopay: { avtaleLabel: JA_NEI_LABEL[f.autopay.avtale as keyof typeof JA_NEI_LABEL], gaps: f.autopay.gaps, okonomiInUse: isInUse(f.moduler.okonomi) },
    mvaCount: f.mvaCount,
  };
}

export async function loadSettingsPage(db: Executor, tjenesteId: number) {
  const [settings, postings, mva, kommuner, registers, tjeneste] = await Promise.all([
    repo.findTjenesteSettings(db, tjenesteId),
    repo.findPostings(db, tjenesteId),
    repo.findMvaKoder(db, tjenesteId),
    listKommuner(db, tjenesteId),
    loadCurrentRegisters(db, tjenesteId),
    findTjeneste(db, tjenesteId),
  ]);
  return { settings, postings, mva, kommuner, registers, artLookup: artLookupOf(registers.kontoplan), regnskapsar: tjeneste?.regnskapsar ?? new Date().getFullYear() };
}

/**
 * The motkonto lookup of a kontoplan: every art, whether it is a balance account, and whether the plan has any. Built
 * on each call: remembering it per kontoplan was measured (bench/http.bench.ts on the code search with motkonto=1 and
 * the posting preview, 5,016-row kontoplan) to save ~0.3 ms of ~1.5 ms and nothing on the posting preview.
 */
export function artLookupOf(kontoplan: { version: { versionNo: number }; art: readonly { kode: string; aktiv: boolean; kontoklasse?: string | null }[] } | null): ArtLookup | null {
  if (!kontoplan) return null;
  // the kontoplan's kontoklasse when it was derived; rows stored before it fall back to the 2xxxx convention
  const arts = new Map(kontoplan.art.map((a) => [a.kode, { aktiv: a.aktiv, balanse: a.kontoklasse ? a.kontoklasse === 'balanse' : isBalanseKode(a.kode) }]));
  return { versionNo: kontoplan.version.versionNo, arts, hasBalanse: [...arts.values()].some((a) => a.balanse) };
}

// ---- Changes (each audited with before/after inside its transaction) ----

export async function saveModuler(db: Db, actor: Actor, input: { okonomi_status: ModuleStatus; lonn_status: ModuleStatus }) {
  requirePermission(actor, 'editSettings');
  await db.transaction().execute((trx) => applyModuler(trx, actor, input));
}

/**
 * saveModuler inside a transaction the caller owns: the meeting answers a question that a setting holds in the same
 * transaction as it records the decision (server/meeting).
 */
export async function applyModuler(trx: Transaction<Database>, actor: Actor, input: { okonomi_status: ModuleStatus; lonn_status: ModuleStatus }) {
  requirePermission(actor, 'editSettings');
  const before = (await repo.findTjenesteSettings(trx, actor.tjenesteId)).moduler;
  await repo.upsertTjenesteSettings(trx, actor.tjenesteId, actor.userId, input);
  const after = { okonomi: input.okonomi_status, lonn: input.lonn_status };
  await recordAudit(trx, {
    tjenesteId: actor.tjenesteId,
    actor: actorRef(actor),
    action: 'endret',
    entity: 'moduler',
    summary: `Moduler: økonomi ${MODULE_STATUS_LABEL[after.okonomi].toLowerCase()}, lønn ${MODULE_STATUS_LABEL[after.lonn].toLowerCase()}`,
    before,
    after,
  });
}

export async function saveErp(db: Db, actor: Actor, input: { erp: Erp | null; erp_annet: string | null }) {
  requirePermission(actor, 'editSettings');
  await db.transaction().execute((trx) => applyErp(trx, actor, input));
}

/** saveErp inside a transaction the caller owns (see applyModuler). */
export async function applyErp(trx: Transaction<Database>, actor: Actor, input: { erp: Erp | null; erp_annet: string | null }) {
  requirePermission(actor, 'editSettings');
  const s = await repo.findTjenesteSettings(trx, actor.tjenesteId);
  await repo.upsertTjenesteSettings(trx, actor.tjenesteId, actor.userId, input);
  await recordAudit(trx, {
    tjenesteId: actor.tjenesteId,
    actor: actorRef(actor),
    action: 'endret',
    entity: 'erp',
    summary: 'Endret økonomisystemet som tar imot posteringene',
    before: { erp: s.erp, erp_annet: s.erpAnnet },
    after: input,
  });
}

export async function saveModulePosting(db: Db, actor: Actor, modul: Modul, posting: ModulePosting) {
  requirePermission(actor, 'editSettings');
  await db.transaction().execute((trx) => applyModulePosting(trx, actor, modul, posting));
}

/** saveModulePosting inside a transaction the caller owns (see applyModuler). */
async function applyModulePosting(trx: Transaction<Database>, actor: Actor, modul: Modul, posting: ModulePosting) {
  requirePermission(actor, 'editSettings');
  const before = (await repo.findPostings(trx, actor.tjenesteId))[modul];
  await repo.replaceModulePosting(trx, actor.tjenesteId, modul, actor.userId, posting);
  const after = (await repo.findPostings(trx, actor.tjenesteId))[modul];
  await recordAudit(trx, {
    tjenesteId: actor.tjenesteId,
    actor: actorRef(actor),
    action: 'endret',
    entity: 'posteringsinnstillinger',
    entityId: modul,
    summary: `Endret posteringsinnstillinger for ${MODUL_LABEL[modul].toLowerCase()}`,
    before,
    after,
  });
}

/** What a module's posting says, with «use the default» overrides left out: two that say the same compare equal. */
const postingKey = (p: ModulePosting) =>
  canonicalJson({ standard: p.standard, kommuner: Object.fromEntries(Object.entries(p.kommuner).filter(([, v]) => v.selskap !== null || v.motkonto !== null || v.bilagsserie !== null)) });

/**
 * The Postering page's one form: the ERP and both modules' grids in one transaction, so nothing typed on the page is
 * lost to another section's button. Only what differs from what is stored is written (and logged): saving the page
 * unchanged makes nobody a contributor to a kommune's content.
 */
export async function savePostingPage(db: Db, actor: Actor, input: { erp: { erp: Erp | null; erp_annet: string | null }; postings: Record<Modul, ModulePosting> }): Promise<{ changed: string[] }> {
  requirePermission(actor, 'editSettings');
  return db.transaction().execute(async (trx) => {
    const [s, postings] = await Promise.all([repo.findTjenesteSettings(trx, actor.tjenesteId), repo.findPostings(trx, actor.tjenesteId)]);
    const changed: string[] = [];
    if (s.erp !== input.erp.erp || s.erpAnnet !== input.erp.erp_annet) {
      await applyErp(trx, actor, input.erp);
      changed.push('økonomisystemet');
    }
    for (const m of MODULER) {
      if (postingKey(postings[m]) === postingKey(input.postings[m])) continue;
      await applyModulePosting(trx, actor, m, input.postings[m]);
      changed.push(m === 'lonn' ? 'lønn' : 'økonomi');
    }
    return { changed };
  });
}

/** The art arbeidsgiveravgift is posted on; null = the kontoplan's only 099 art. Must be an active art of the current kontoplan. */
export async function saveAgaArt(db: Db, actor: Actor, agaArt: string | null): Promise<{ ok: true } | { ok: false; error: string }> {
  requirePermission(actor, 'editSettings');
  return db.transaction().execute(async (trx) => {
    const { kontoplan } = await loadCurrentRegisters(trx, actor.tjenesteId);
    if (agaArt !== null) {
      const art = kontoplan?.art.find((a) => a.kode === agaArt);
      if (!art) return { ok: false as const, error: `Art ${agaArt} finnes ikke i kontoplanen. Velg en art fra listen.` };
      if (!art.aktiv) return { ok: false as const, error: `Art ${agaArt} er ikke aktiv i kontoplanen. Velg en aktiv art.` };
    }
    const before = (await repo.findTjenesteSettings(trx, actor.tjenesteId)).agaArt;
    if (before === agaArt) return { ok: true as const };
    await repo.upsertTjenesteSettings(trx, actor.tjenesteId, actor.userId, { aga_art: agaArt });
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: actorRef(actor),
      action: 'endret',
      entity: 'aga-art',
      summary: agaArt ? `Arbeidsgiveravgift føres på art ${agaArt}` : 'Arbeidsgiveravgift føres på kontoplanens art med KOSTRA-art 099',
      before: { agaArt: before },
      after: { agaArt },
    });
    return { ok: true as const };
  });
}

/** The AGA art choice for the Postering page: the arts with KOSTRA-art 099 first, then the other active arts. */
export function agaArtChoices(p: Pick<Awaited<ReturnType<typeof loadSettingsPage>>, 'registers' | 'settings'>, regnskapsar: number) {
  const arts = p.registers.kontoplan?.art.filter((a) => a.aktiv) ?? [];
  const is099 = (a: { kode: string; kostra: string | null }) => deriveKostraArt(a.kode, regnskapsar, a.kostra) === '099';
  const resolved = resolveAgaArt(p.settings.agaArt, p.registers.kontoplan, regnskapsar);
  return {
    chosen: p.settings.agaArt,
    resolved: resolved.kode,
    missing: resolved.missing ?? null,
    // every active art in a select, or (a very large kontoplan) a searched text field (registers/code-chooser.ts)
    chooser: chooserFor(
      'art',
      [...arts.filter(is099), ...arts.filter((a) => !is099(a))].map((a) => ({
        kode: a.kode,
        label: `${a.kode} ${a.navn}${is099(a) ? ' (KOSTRA 099)' : ''}`,
        selected: a.kode === p.settings.agaArt,
      })),
      p.settings.agaArt,
      (kode) => `${kode} (finnes ikke som aktiv art i kontoplanen)`,
    ),
  };
}

export async function saveAutopay(db: Db, actor: Actor, input: AutopayInput) {
  requirePermission(actor, 'editSettings');
  await db.transaction().execute((trx) => applyAutopay(trx, actor, input));
}

/** saveAutopay inside a transaction the caller owns (see applyModuler). */
export async function applyAutopay(trx: Transaction<Database>, actor: Actor, input: AutopayInput) {
  requirePermission(actor, 'editSettings');
  const before = (await repo.findTjenesteSettings(trx, actor.tjenesteId)).autopay;
  await repo.upsertTjenesteSettings(trx, actor.tjenesteId, actor.userId, {
    autopay_avtale: input.avtale,
    autopay_kontonummer: input.kontonummer,
    autopay_godkjenning: input.godkjenning,
    autopay_antall_godkjennere: input.antall_godkjennere,
    autopay_avtalereferanse: input.avtalereferanse,
  });
  const after = (await repo.findTjenesteSettings(trx, actor.tjenesteId)).autopay;
  await recordAudit(trx, { tjenesteId: actor.tjenesteId, actor: actorRef(actor), action: 'endret', entity: 'autopay', summary: 'Endret Autopay-innstillingene', before, after });
}

/** koder: kategori key → mva-kode or null (removed). */
export async function saveMvaKoder(db: Db, actor: Actor, koder: Record<string, string | null>) {
  requirePermission(actor, 'editSettings');
  await db.transaction().execute(async (trx) => {
    const all = await repo.findMvaKoder(trx, actor.tjenesteId);
    const before = Object.fromEntries(Object.keys(koder).map((k) => [k, all[k] ?? null]));
    const changed = Object.keys(koder).filter((k) => before[k] !== koder[k]);
    if (changed.length === 0) return;
    await repo.setMvaKoder(trx, actor.tjenesteId, actor.userId, koder);
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: actorRef(actor),
      action: 'endret',
      entity: 'mva-koder',
      summary: `Endret mva-kode for ${changed.length} utbetalingskategori${changed.length === 1 ? '' : 'er'}`,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, koder[k]])),
    });
  });
}
