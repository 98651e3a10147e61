import { tiltakstypeWord } from '../spreadsheet/labels.ts';
import type { Db, Trx } from '../platform/db/database.ts';
import type { Actor } from '../platform/http/context.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { LoadedMatrixInput } from '../kodeverk/kodeverk.matrix.ts';
import { loadMatrixInput } from '../kodeverk/kodeverk.state.ts';
import { matrixItems, overrideKey, type MatrixItem, type MatrixTiltakstype } from '../kodeverk/matrix.rules.ts';
import { returnToUtkastOnMappingChange } from '../review/review.reset.ts';
import { candidateFunksjoner, checkChosenFunksjon, proposeFunksjon, type FunksjonProposal } from './funksjon-per-kategori.rules.ts';
import * as repo from './mapping.repository.ts';
import { requirePermission } from '../auth/permissions.ts';

/**
 * Funksjon per kategori (#12 item 6): per kommune, each utbetalingskategori and lønnsart may get its own funksjon per
 * tiltakstype (a sub-funksjon such as 25220 fosterhjem) over the kommune's default. The AGA line of a lønnsart follows it.
 */

type ItemType = 'lonnsart' | 'utbetalingskategori';
const ITEM_WORD: Record<ItemType, string> = { lonnsart: 'Lønnsart', utbetalingskategori: 'Kategori' };

/** One choice on the page: an item, a kommune and a tiltakstype the item applies to. */
interface Cell {
  itemType: ItemType;
  itemKode: string;
  itemNavn: string;
  tiltakstype: MatrixTiltakstype;
  defaultFunksjon: string | null;
  saved: string | null;
  proposal: FunksjonProposal | null;
}

const ownItems = (input: LoadedMatrixInput) => matrixItems(input).filter((i): i is MatrixItem & { itemType: ItemType } => i.itemType !== 'aga');
export const itemText = (c: Pick<Cell, 'itemType' | 'itemKode' | 'itemNavn'>) => `${ITEM_WORD[c.itemType]} ${c.itemKode === c.itemNavn ? c.itemNavn : `${c.itemKode} ${c.itemNavn}`}`;
/** The form's key of a cell (the code may hold any character, so it is the last part). */
export const cellKey = (c: Pick<Cell, 'itemType' | 'tiltakstype' | 'itemKode'>) => `${c.itemType}|${c.tiltakstype}|${c.itemKode}`;

export function cellsFor(input: LoadedMatrixInput, kommunenummer: string): Cell[] {
  const mapping = input.mappings.get(kommunenummer);
  const funksjoner = input.kontoplan?.funksjon ?? [];
  return ownItems(input).flatMap((item) =>
    item.tiltakstyper.map((tiltakstype): Cell => {
      const defaultFunksjon = (tiltakstype === 'i_hjemmet' ? mapping?.funksjonIHjemmet : mapping?.funksjonUtenforHjemmet) ?? null;
      return {
        itemType: item.itemType,
        itemKode: item.itemKode,
        itemNavn: item.itemNavn,
        tiltakstype,
        defaultFunksjon,
        saved: input.funksjonOverrides.get(overrideKey(item.itemType, item.itemKode, kommunenummer, tiltakstype)) ?? null,
        proposal: proposeFunksjon(item, candidateFunksjoner(funksjoner, tiltakstype), defaultFunksjon),
      };
    }),
  );
}

export interface FunksjonFormOverride {
  kommunenummer: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}

export type FunksjonSaveResult = { ok: true; navn: string; changed: number } | { ok: false; override: FunksjonFormOverride };

/** Saves one kommune's choices: a blank choice is the kommune's default (the row is removed). Each change is audited in words. */
export async function saveFunksjonPerKategori(db: Db, actor: Actor, kommunenummer: string, values: Record<string, string>): Promise<FunksjonSaveResult> {
  requirePermission(actor, 'editMapping');
  return db.transaction().execute(async (trx): Promise<FunksjonSaveResult> => {
    const kommune = await repo.lockKommune(trx, actor.tjenesteId, kommunenummer);
    if (!kommune) throw new NotFoundError();
    const input = await loadMatrixInput(trx, actor.tjenesteId);
    const funksjoner = input.kontoplan?.funksjon ?? [];
    const cells = cellsFor(input, kommunenummer);
    const errors: Record<string, string> = {};
    const next = new Map<string, string>();
    for (const c of cells) {
      // a choice the form did not show (an item added since the page was opened) keeps what is saved
      if (!(cellKey(c) in values)) {
        if (c.saved !== null) next.set(cellKey(c), c.saved);
        continue;
      }
      const v = (values[cellKey(c)] ?? '').trim();
      if (v === '') continue;
      const problem = v === c.saved ? null : checkChosenFunksjon(v, funksjoner, c.tiltakstype);
      if (problem) errors[cellKey(c)] = problem;
      else next.set(cellKey(c), v);
    }
    if (Object.keys(errors).length > 0) return { ok: false, override: { kommunenummer, values, errors } };
    return { ok: true, navn: kommune.navn, changed: await applyChoices(trx, actor, kommune, cells, next) };
  });
}

/** Writes the changes between the saved choices and next (cellKey → funksjon; absent = the kommune's default). */
async function applyChoices(db: Trx, actor: Actor, kommune: { kommunenummer: string; navn: string }, cells: Cell[], next: ReadonlyMap<string, string>) {
  await repo.lockFunksjonPerKategori(db, actor.tjenesteId, kommune.kommunenummer);
  const user = { id: actor.userId, label: actor.label };
  const changes: string[] = [];
  const before: Record<string, string> = {};
  const after: Record<string, string> = {};
  for (const c of cells) {
    const want = next.get(cellKey(c)) ?? null;
    if (want === c.saved) continue;
    const key = { kommunenummer: kommune.kommunenummer, item_type: c.itemType, item_kode: c.itemKode, tiltakstype: c.tiltakstype };
    if (want === null) await repo.deleteFunksjonPerKategori(db, actor.tjenesteId, key);
    else await repo.upsertFunksjonPerKategori(db, actor.tjenesteId, key, want, user);
    const was = c.saved ?? `kommunens ${c.defaultFunksjon ?? '(ikke valgt)'}`;
    changes.push(`${itemText(c)}, ${tiltakstypeWord(c.tiltakstype)}: ${want ?? `kommunens funksjon ${c.defaultFunksjon ?? '(ikke valgt)'}`} (var ${was})`);
    // the log shows before/after by their keys: in words, not the form's internal key
    const what = `${itemText(c)}, ${tiltakstypeWord(c.tiltakstype)}`;
    before[what] = c.saved ?? `kommunens funksjon ${c.defaultFunksjon ?? '(ikke valgt)'}`;
    after[what] = want ?? `kommunens funksjon ${c.defaultFunksjon ?? '(ikke valgt)'}`;
  }
  if (changes.length === 0) return 0;
  await recordAudit(db, {
    tjenesteId: actor.tjenesteId,
    actor: user,
    action: 'endret',
    entity: 'funksjon_per_kategori',
    entityId: kommune.kommunenummer,
    summary: `Funksjon per kategori for ${kommune.navn}: ${changes.join('; ')}`,
    before,
    after,
  });
  await returnToUtkastOnMappingChange(db, actor.tjenesteId, kommune.kommunenummer, user, kommune.navn);
  return changes.length;
}

/** Saves every sure proposal where nothing is chosen yet, in every kommune with a saved mapping. */
export async function confirmSureFunksjonProposals(db: Db, actor: Actor): Promise<{ saved: number; kommuner: string[] }> {
  requirePermission(actor, 'editMapping');
  return db.transaction().execute(async (trx) => {
    const input = await loadMatrixInput(trx, actor.tjenesteId);
    let saved = 0;
    const kommuner: string[] = [];
    for (const k of input.kommuner) {
      if (!input.mappings.has(k.kommunenummer)) continue;
      const cells = cellsFor(input, k.kommunenummer);
      const next = new Map(cells.flatMap((c) => (c.saved !== null ? [[cellKey(c), c.saved] as const] : c.proposal?.confidence === 'sikker' ? [[cellKey(c), c.proposal.kode] as const] : [])));
      const n = await applyChoices(trx, actor, k, cells, next);
      if (n > 0) {
        saved += n;
        kommuner.push(k.navn);
      }
    }
    return { saved, kommuner };
  });
}
