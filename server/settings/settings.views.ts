import type { Executor } from '../platform/db/database.ts';
import type { Actor } from '../platform/http/context.ts';
import type { FieldErrors } from '../platform/http/forms.ts';
import { canEditSettings } from '../auth/permissions.ts';
import { SELECT_LIMIT } from '../registers/code-chooser.ts';
import type { CurrentKontoplan } from '../registers/current.ts';
import type { MotkontoLookup } from './settings.rules.ts';
import * as service from './settings.service.ts';
import { autopayValues, erpOptions, gridErrorSummary, jaNeiOptions, moduleStatusOptions, mvaErrorSummary, mvaRows, postingGrid, type PostingFormFailure } from './settings.view.ts';

// The Innstillinger pages (reads only); a refused form's messages and values come in `failure`. The cells and rows they
// are made of are in settings.view.ts.

export type Failure = { errors: FieldErrors; values: Record<string, unknown> };
/** `all`: the Postering page's one form was refused: every section shows what was typed, not what is stored. */
export type PosteringFailure = {
  erp?: Failure;
  posting?: PostingFormFailure;
  all?: { values: Record<string, unknown>; postings: Partial<Record<'okonomi' | 'lonn', PostingFormFailure>> };
  agaArt?: string;
};

/**
 * The motkonto fields' datalist: balance accounts when the plan has them, else every active art. Past SELECT_LIMIT the
 * list is not sent with the page but searched as the user types (registers/code-chooser.ts).
 */
function motkontoList(kontoplan: CurrentKontoplan, artLookup: MotkontoLookup | null | undefined) {
  const arts = kontoplan.art.filter((a) => a.aktiv && (!artLookup?.hasBalanse || artLookup.arts.get(a.kode)?.balanse));
  const searched = arts.length > SELECT_LIMIT;
  return { versionNo: kontoplan.version.versionNo, hasBalanse: !!artLookup?.hasBalanse, searched, arts: searched ? [] : arts };
}

export async function modulerPage(db: Executor, actor: Actor, failure: Failure | null = null) {
  const { settings } = await service.loadSettingsPage(db, actor.tjenesteId);
  const values = failure?.values ?? { okonomi_status: settings.moduler.okonomi, lonn_status: settings.moduler.lonn };
  return {
    title: 'Moduler',
    canEdit: canEditSettings(actor),
    errors: failure?.errors,
    values,
    okonomiOptions: moduleStatusOptions(values.okonomi_status),
    lonnOptions: moduleStatusOptions(values.lonn_status),
  };
}

export async function posteringPage(db: Executor, actor: Actor, failure: PosteringFailure = {}) {
  const p = await service.loadSettingsPage(db, actor.tjenesteId);
  const typed = failure.all?.values;
  const erpValues =
    failure.erp?.values ?? (typed ? { erp: String(typed['erp'] ?? ''), erp_annet: String(typed['erp_annet'] ?? '') } : { erp: p.settings.erp ?? '', erp_annet: p.settings.erpAnnet ?? '' });
  return {
    title: 'Postering',
    canEdit: canEditSettings(actor),
    errors: failure.all
      ? {
          ...(failure.erp?.errors ?? {}),
          ...gridErrorSummary(failure.all.postings.okonomi?.errors ?? {}, 'okonomi', p.kommuner),
          ...gridErrorSummary(failure.all.postings.lonn?.errors ?? {}, 'lonn', p.kommuner),
        }
      : (failure.erp?.errors ?? (failure.posting ? gridErrorSummary(failure.posting.errors, failure.posting.modul, p.kommuner) : undefined)),
    erpErrors: failure.erp?.errors,
    values: erpValues,
    erpOptions: erpOptions(erpValues.erp),
    // the datalist offers balance accounts when the plan has them, else every active art
    kontoplan: p.registers.kontoplan ? motkontoList(p.registers.kontoplan, p.artLookup) : null,
    motkontoNotes: service.motkontoNotesOf(p),
    agaArt: { ...service.agaArtChoices(p, p.regnskapsar), error: failure.agaArt ?? null },
    grids: (['okonomi', 'lonn'] as const).map((m) =>
      postingGrid(m, p.settings.moduler[m], p.postings[m], p.kommuner, failure.all ? (failure.all.postings[m] ?? { modul: m, errors: {}, values: failure.all.values }) : (failure.posting ?? null)),
    ),
  };
}

export async function autopayPage(db: Executor, actor: Actor, failure: Failure | null = null) {
  const { settings } = await service.loadSettingsPage(db, actor.tjenesteId);
  const values = failure?.values ?? autopayValues(settings.autopay);
  return {
    title: 'Autopay',
    canEdit: canEditSettings(actor),
    okonomiIkkeIBruk: settings.moduler.okonomi === 'ikke_i_bruk',
    errors: failure?.errors,
    values,
    avtaleOptions: jaNeiOptions(values.avtale),
    godkjenningOptions: jaNeiOptions(values.godkjenning),
  };
}

export async function mvaPage(db: Executor, actor: Actor, failure: Failure | null = null) {
  const p = await service.loadSettingsPage(db, actor.tjenesteId);
  return {
    title: 'Mva-koder',
    canEdit: canEditSettings(actor),
    errors: mvaErrorSummary(failure?.errors, p.registers.utbetalingskategorier?.rows ?? []),
    rows: mvaRows(p.registers.utbetalingskategorier?.rows ?? [], p.mva, failure),
    imported: !!p.registers.utbetalingskategorier,
  };
}
