// Pure view models for the settings pages: turn stored values (or a failed form's values) into rows and cells.
import type { FieldErrors } from '../platform/http/forms.ts';
import { formatKontonummer } from '../reference/norwegian-numbers.ts';
import { STANDARD_SCOPE, kommuneScope, mvaFieldName, postingFieldName } from './settings.schemas.ts';
import {
  ERP_CHOICES,
  ERP_LABEL,
  JA_NEI,
  JA_NEI_LABEL,
  MODULE_STATUSES,
  MODULE_STATUS_LABEL,
  MODUL_LABEL,
  POSTING_FIELDS,
  POSTING_FIELD_LABEL,
  kategoriKey,
  type AutopaySettings,
  type Modul,
  type ModulePosting,
  type ModuleStatus,
  type PostingValues,
} from './settings.rules.ts';

const options = <T extends string>(values: readonly T[], labels: Record<T, string>, selected: unknown) => values.map((v) => ({ code: v, label: labels[v], selected: String(selected ?? '') === v }));

export const moduleStatusOptions = (selected: unknown) => options(MODULE_STATUSES, MODULE_STATUS_LABEL, selected);
export const jaNeiOptions = (selected: unknown) => options(JA_NEI, JA_NEI_LABEL, selected);
export const erpOptions = (selected: unknown) => options(ERP_CHOICES, ERP_LABEL, selected);

export interface PostingFormFailure {
  modul: Modul;
  errors: FieldErrors;
  values: Record<string, unknown>;
}

/** The grid of one module: the default row, then one row per kommune (an empty cell shows the default as placeholder). */
export function postingGrid(modul: Modul, status: ModuleStatus, posting: ModulePosting, kommuner: readonly { kommunenummer: string; navn: string }[], failure: PostingFormFailure | null) {
  const mine = failure?.modul === modul ? failure : null;
  const cellsFor = (scope: string, stored: PostingValues, placeholder: PostingValues | null) =>
    POSTING_FIELDS.map((field) => {
      const name = postingFieldName(modul, scope, field);
      const error = mine?.errors[name]?.[0] ?? '';
      return { name, field, label: POSTING_FIELD_LABEL[field], text: mine ? String(mine.values[name] ?? '') : (stored[field] ?? ''), placeholder: placeholder?.[field] ?? '', error };
    });
  return {
    modul,
    label: MODUL_LABEL[modul],
    status,
    statusLabel: MODULE_STATUS_LABEL[status],
    inUse: status !== 'ikke_i_bruk',
    hasErrors: !!mine,
    rows: [
      { label: 'Standard for hele tjenesten', isDefault: true, cells: cellsFor(STANDARD_SCOPE, posting.standard, null) },
      ...kommuner.map((k) => ({
        label: `${k.kommunenummer} ${k.navn}`,
        isDefault: false,
        cells: cellsFor(kommuneScope(k.kommunenummer), posting.kommuner[k.kommunenummer] ?? { selskap: null, motkonto: null, bilagsserie: null }, posting.standard),
      })),
    ],
  };
}

export function autopayValues(a: AutopaySettings): Record<string, string> {
  return {
    avtale: a.avtale,
    kontonummer: a.kontonummer ? formatKontonummer(a.kontonummer) : '',
    godkjenning: a.godkjenning,
    antall_godkjennere: a.antallGodkjennere ? String(a.antallGodkjennere) : '',
    avtalereferanse: a.avtalereferanse ?? '',
  };
}

export function mvaRows(
  kategorier: readonly { lopenr: number; kode: string | null; navn: string; art: string; tiltakstype: string }[],
  stored: Record<string, string>,
  failure: { errors: FieldErrors; values: Record<string, unknown> } | null,
) {
  return kategorier.map((k) => {
    const name = mvaFieldName(k.lopenr);
    return { ...k, key: kategoriKey(k), name, text: failure ? String(failure.values[name] ?? '') : (stored[kategoriKey(k)] ?? ''), error: failure?.errors[name]?.[0] ?? '' };
  });
}

/**
 * The error summary above a grid names the row of each message («Flakstad, lønn: Bilagsserie kan bare …»): the
 * message beside the cell needs no name, the list at the top of the page does.
 */
export function gridErrorSummary(errors: FieldErrors | undefined, modul: Modul, kommuner: readonly { kommunenummer: string; navn: string }[]): FieldErrors | undefined {
  if (!errors) return errors;
  const rowOf = new Map<string, string>();
  for (const f of POSTING_FIELDS) {
    rowOf.set(postingFieldName(modul, STANDARD_SCOPE, f), 'Standard for hele tjenesten');
    for (const k of kommuner) rowOf.set(postingFieldName(modul, kommuneScope(k.kommunenummer), f), k.navn);
  }
  const modulText = modul === 'lonn' ? 'lønn' : 'økonomi';
  return Object.fromEntries(Object.entries(errors).map(([name, messages]) => [name, (messages ?? []).map((m) => (rowOf.has(name) ? `${rowOf.get(name)}, ${modulText}: ${m}` : m))]));
}

/** The same for the mva grid: each message names its utbetalingskategori. */
export function mvaErrorSummary(errors: FieldErrors | undefined, kategorier: readonly { lopenr: number; kode: string | null; navn: string }[]): FieldErrors | undefined {
  if (!errors) return errors;
  const rowOf = new Map(kategorier.map((k) => [mvaFieldName(k.lopenr), k.kode ? `${k.kode} ${k.navn}` : k.navn]));
  return Object.fromEntries(Object.entries(errors).map(([name, messages]) => [name, (messages ?? []).map((m) => (rowOf.has(name) ? `${rowOf.get(name)}: ${m}` : m))]));
}
