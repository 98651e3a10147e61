import type { Executor } from '../platform/db/database.ts';
import type { KommuneMapping } from '../matrix/matrix.rules.ts';
import { listKommuner } from '../tenancy/tenancy.repository.ts';
import * as repo from './mapping.repository.ts';

export interface SavedMapping extends KommuneMapping {
  version: number;
  updatedAt: Date;
  updatedBy: number | null;
  updatedByLabel: string;
}

const toSaved = (r: Awaited<ReturnType<typeof repo.listMappings>>[number]): SavedMapping => ({
  ansvar: r.ansvar,
  funksjonIHjemmet: r.funksjon_i_hjemmet,
  funksjonUtenforHjemmet: r.funksjon_utenfor_hjemmet,
  funksjonAdministrasjon: r.funksjon_administrasjon,
  version: r.version,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
  updatedByLabel: r.updated_by_label,
});

/** The saved (confirmed) mappings by kommunenummer; proposals are never here. */
export async function loadMappings(db: Executor, tjenesteId: number): Promise<Map<string, SavedMapping>> {
  return new Map((await repo.listMappings(db, tjenesteId)).map((r) => [r.kommunenummer, toSaved(r)]));
}

/** The export's view: every kommune of the tjeneste, null where nothing is saved. */
export async function mappingsForExport(db: Executor, tjenesteId: number) {
  const [kommuner, mappings] = await Promise.all([listKommuner(db, tjenesteId), loadMappings(db, tjenesteId)]);
  return kommuner.map((k) => {
    const m = mappings.get(k.kommunenummer);
    return {
      kommunenummer: k.kommunenummer,
      ansvar: m?.ansvar ?? null,
      funksjonIHjemmet: m?.funksjonIHjemmet ?? null,
      funksjonUtenforHjemmet: m?.funksjonUtenforHjemmet ?? null,
      funksjonAdministrasjon: m?.funksjonAdministrasjon ?? null,
    };
  });
}

