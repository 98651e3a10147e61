import type { Db, Executor } from '../platform/db/database.ts';
import type { Actor } from '../platform/http/context.ts';
import { BadRequestError, NotFoundError } from '../platform/http/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { requirePermission } from '../auth/permissions.ts';
import { loadCurrentRegisters } from '../registers/current.ts';
import { findTjeneste, listKommuner } from '../tenancy/tenancy.service.ts';
import type { KommuneMapping } from '../kodeverk/matrix.rules.ts';
import { loadKodeverkState, savedMappingOf, type KodeverkState, type SavedMapping } from '../kodeverk/kodeverk.state.ts';
import { returnToUtkastOnMappingChange } from '../review/review.reset.ts';
import * as repo from './mapping.repository.ts';
import { describeChanges, proposeMapping, validateMapping, type MappingField, type MappingProposal } from './mapping.rules.ts';
import type { DeltAnsvarInput, MappingInput } from './mapping.schemas.ts';

export type { SavedMapping } from '../kodeverk/kodeverk.state.ts';

/** The saved (confirmed) mappings by kommunenummer; proposals are never here. */
export async function loadMappings(db: Executor, tjenesteId: number): Promise<Map<string, SavedMapping>> {
  return new Map((await repo.listMappings(db, tjenesteId)).map((r) => [r.kommunenummer, savedMappingOf(r)]));
}

/** The export's view: every kommune of the tjeneste, null where nothing is saved, with its funksjon per kategori. */
export function mappingsForExportOf(state: Pick<KodeverkState, 'kommuner' | 'matrix' | 'funksjonPerKategori'>) {
  return state.kommuner.map((k) => {
    const m = state.matrix.mappings.get(k.kommunenummer);
    return {
      kommunenummer: k.kommunenummer,
      ansvar: m?.ansvar ?? null,
      funksjonIHjemmet: m?.funksjonIHjemmet ?? null,
      funksjonUtenforHjemmet: m?.funksjonUtenforHjemmet ?? null,
      funksjonAdministrasjon: m?.funksjonAdministrasjon ?? null,
      funksjonPerKategori: state.funksjonPerKategori
        .filter((o) => o.kommunenummer === k.kommunenummer)
        .map((o) => ({ type: o.item_type, kode: o.item_kode, tiltakstype: o.tiltakstype, funksjon: o.funksjon })),
    };
  });
}

export async function mappingsForExport(db: Executor, tjenesteId: number) {
  return mappingsForExportOf(await loadKodeverkState(db, tjenesteId));
}

// ---- Form state the page shows again ----

export interface MappingFormOverride {
  kommunenummer: string;
  values: Record<MappingField, string | null>;
  version: number;
  orig: Record<MappingField, string | null>;
  errors?: Partial<Record<MappingField, string[]>>;
  conflict?: { message: string; changes: string[] };
}

export interface DeltAnsvarOverride {
  ansvar: string;
  begrunnelse: string;
  errors: string[];
}

export const toValues = (m: KommuneMapping | null): Record<MappingField, string | null> => ({
  ansvar: m?.ansvar ?? null,
  funksjon_i_hjemmet: m?.funksjonIHjemmet ?? null,
  funksjon_utenfor_hjemmet: m?.funksjonUtenforHjemmet ?? null,
  funksjon_administrasjon: m?.funksjonAdministrasjon ?? null,
});
export const fromProposal = (p: MappingProposal): KommuneMapping => ({
  ansvar: p.ansvar.kode,
  funksjonIHjemmet: p.funksjonIHjemmet.kode,
  funksjonUtenforHjemmet: p.funksjonUtenforHjemmet.kode,
  funksjonAdministrasjon: p.funksjonAdministrasjon.kode,
});

/**
 * Marks an ansvar as shared by the kommuner that use it (or changes the reason). Only an ansvar that two or more kommuner
 * actually use can be marked: a marking nobody needs would only hide the next mistake.
 */
export async function markDeltAnsvar(db: Db, actor: Actor, input: DeltAnsvarInput): Promise<{ ok: true } | { ok: false; override: DeltAnsvarOverride }> {
  requirePermission(actor, 'editMapping');
  return db.transaction().execute(async (trx) => {
    const [kommuner, mappings] = await Promise.all([listKommuner(trx, actor.tjenesteId), loadMappings(trx, actor.tjenesteId)]);
    const users = kommuner.filter((k) => mappings.get(k.kommunenummer)?.ansvar === input.ansvar);
    if (users.length < 2)
      return { ok: false, override: { ansvar: input.ansvar, begrunnelse: input.begrunnelse, errors: [`Ansvar ${input.ansvar} brukes ikke av flere kommuner, så det trenger ingen merking.`] } };
    const before = await repo.findDeltAnsvarForUpdate(trx, actor.tjenesteId, input.ansvar);
    if (before?.begrunnelse === input.begrunnelse) return { ok: true };
    const user = { id: actor.userId, label: actor.label };
    await repo.upsertDeltAnsvar(trx, actor.tjenesteId, input.ansvar, input.begrunnelse, user);
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: user,
      action: before ? 'endret' : 'opprettet',
      entity: 'delt_ansvar',
      entityId: input.ansvar,
      summary: `Merket ansvar ${input.ansvar} som felles for ${users.map((k) => k.navn).join(', ')}`,
      before: before ? { begrunnelse: before.begrunnelse } : null,
      after: { begrunnelse: input.begrunnelse, kommuner: users.map((k) => k.kommunenummer) },
    });
    return { ok: true };
  });
}

export async function unmarkDeltAnsvar(db: Db, actor: Actor, ansvar: string): Promise<boolean> {
  requirePermission(actor, 'editMapping');
  return db.transaction().execute(async (trx) => {
    const before = await repo.findDeltAnsvarForUpdate(trx, actor.tjenesteId, ansvar);
    if (!before) return false;
    await repo.deleteDeltAnsvar(trx, actor.tjenesteId, ansvar);
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: { id: actor.userId, label: actor.label },
      action: 'slettet',
      entity: 'delt_ansvar',
      entityId: ansvar,
      summary: `Fjernet merkingen av ansvar ${ansvar} som felles`,
      before: { begrunnelse: before.begrunnelse },
    });
    return true;
  });
}

/** Lønn og regnskap or an admin; the routes call it before reading a form, so a reader gets 403 and not the form's messages. */

export type SaveResult = { ok: true; navn: string; changed: boolean } | { ok: false; kind: 'invalid' | 'conflict'; override: MappingFormOverride };

/**
 * Saves one kommune's mapping with optimistic locking: the form carries the version it was based on; when someone saved
 * in between, nothing is written and the user sees what the other person changed.
 */
export async function saveMapping(db: Db, actor: Actor, kommunenummer: string, input: MappingInput): Promise<SaveResult> {
  requirePermission(actor, 'editMapping');
  const next: KommuneMapping = {
    ansvar: input.ansvar,
    funksjonIHjemmet: input.funksjon_i_hjemmet,
    funksjonUtenforHjemmet: input.funksjon_utenfor_hjemmet,
    funksjonAdministrasjon: input.funksjon_administrasjon,
  };
  const orig: KommuneMapping = {
    ansvar: input.orig_ansvar,
    funksjonIHjemmet: input.orig_funksjon_i_hjemmet,
    funksjonUtenforHjemmet: input.orig_funksjon_utenfor_hjemmet,
    funksjonAdministrasjon: input.orig_funksjon_administrasjon,
  };
  return db.transaction().execute(async (trx): Promise<SaveResult> => {
    const kommune = await repo.lockKommune(trx, actor.tjenesteId, kommunenummer);
    if (!kommune) throw new NotFoundError();
    const { kontoplan } = await loadCurrentRegisters(trx, actor.tjenesteId);
    if (!kontoplan) throw new BadRequestError('Importer kontoplanen før du velger ansvar og funksjoner.');
    const row = await repo.findMappingForUpdate(trx, actor.tjenesteId, kommunenummer);
    const current = row ? savedMappingOf(row) : null;
    const currentVersion = current?.version ?? 0;
    if (input.version !== currentVersion) {
      const changes = describeChanges(orig, current);
      const who = current ? `${current.updatedByLabel.replace(/ <.*>$/, '')} lagret ${kommune.navn} ${formatTime(current.updatedAt)}` : `${kommune.navn} ble endret`;
      return {
        ok: false,
        kind: 'conflict',
        override: {
          kommunenummer,
          values: toValues(next),
          version: currentVersion,
          orig: toValues(current),
          conflict: {
            message: `${who} mens du redigerte. Endringene dine er ikke lagret. Se over verdiene (dine valg står i skjemaet) og lagre på nytt hvis de fortsatt er riktige.`,
            changes: changes.length ? changes : ['Ingen verdier ble endret, men tilknytningen ble lagret på nytt.'],
          },
        },
      };
    }
    const errors = validateMapping(next, kontoplan);
    if (Object.keys(errors).length > 0) return { ok: false, kind: 'invalid', override: { kommunenummer, values: toValues(next), version: currentVersion, orig: toValues(orig), errors } };
    if (current && describeChanges(current, next).length === 0) return { ok: true, navn: kommune.navn, changed: false };
    const user = { id: actor.userId, label: actor.label };
    await repo.upsertMapping(trx, actor.tjenesteId, kommunenummer, toValues(next), currentVersion + 1, user);
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: user,
      action: current ? 'endret' : 'opprettet',
      entity: 'tilknytning',
      entityId: kommunenummer,
      summary: current ? `Endret ansvar og funksjoner for ${kommune.navn}: ${describeChanges(current, next).join('; ')}` : `Bekreftet ansvar og funksjoner for ${kommune.navn}`,
      before: current ? toValues(current) : null,
      after: { ...toValues(next), version: currentVersion + 1 },
    });
    await returnToUtkastOnMappingChange(trx, actor.tjenesteId, kommunenummer, user, kommune.navn);
    return { ok: true, navn: kommune.navn, changed: true };
  });
}

const formatTime = (d: Date) => new Intl.DateTimeFormat('nb-NO', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Oslo' }).format(new Date(d));

/**
 * «Bekreft alle sikre forslag»: saves, in one go, the proposal of every kommune that has nothing saved yet and whose
 * ansvar and 251/252 funksjoner are all sure. Uncertain or missing proposals stay for a person to choose.
 */
export async function confirmSureProposals(db: Db, actor: Actor): Promise<{ saved: string[]; left: string[] }> {
  // checked up front: when every kommune is mapped already, saveMapping (which also checks) is never reached
  requirePermission(actor, 'editMapping');
  const [registers, kommuner, mappings, tjeneste] = await Promise.all([
    loadCurrentRegisters(db, actor.tjenesteId),
    listKommuner(db, actor.tjenesteId),
    loadMappings(db, actor.tjenesteId),
    findTjeneste(db, actor.tjenesteId),
  ]);
  if (!registers.kontoplan) throw new BadRequestError('Importer kontoplanen før du velger ansvar og funksjoner.');
  const saved: string[] = [];
  const left: string[] = [];
  for (const k of kommuner) {
    if (mappings.has(k.kommunenummer)) continue;
    const p = proposeMapping(k, kommuner, registers.kontoplan, tjeneste?.navn);
    const sure = [p.ansvar, p.funksjonIHjemmet, p.funksjonUtenforHjemmet].every((x) => x.confidence === 'sikker' && x.kode !== null);
    if (!sure) {
      left.push(k.navn);
      continue;
    }
    const m = fromProposal(p);
    const r = await saveMapping(db, actor, k.kommunenummer, {
      version: 0,
      ansvar: m.ansvar,
      funksjon_i_hjemmet: m.funksjonIHjemmet,
      funksjon_utenfor_hjemmet: m.funksjonUtenforHjemmet,
      funksjon_administrasjon: p.funksjonAdministrasjon.confidence === 'sikker' ? m.funksjonAdministrasjon : null,
      orig_ansvar: null,
      orig_funksjon_i_hjemmet: null,
      orig_funksjon_utenfor_hjemmet: null,
      orig_funksjon_administrasjon: null,
    });
    (r.ok ? saved : left).push(k.navn);
  }
  return { saved, left };
}
