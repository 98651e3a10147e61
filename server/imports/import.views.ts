import { COUNT_NOUN, DIMENSJON_LABEL, REGISTER_LABEL, TILTAKSTYPE_WITH_FUNKSJON, versionAuthor } from '../spreadsheet/labels.ts';
import { countWord } from '../platform/text.ts';
import type { Executor } from '../platform/db/database.ts';
import type { Actor } from '../platform/http/context.ts';
import { canEditRegisters } from '../auth/permissions.ts';
import { importJobs } from './import.jobs.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import { buildTemplate } from '../spreadsheet/index.ts';
import type { RegisterDefinition, RegisterField } from '../spreadsheet/definition.ts';
import type { Dimensjon, Issue, ParseResult, RegisterName, Tiltakstype } from '../spreadsheet/types.ts';
import * as registers from '../registers/versions.ts';
import { diffRegister, type RegisterDiff } from './import.diff.ts';
import { importImpactOf } from './import.impact.ts';
import { removalGuardOf } from './import.removal.ts';
import { fixForm } from './import.fixes.ts';
import { loadKodeverkState } from '../kodeverk/kodeverk.state.ts';
import * as repo from './import.repository.ts';
import { STALE_READ_MS } from './import.service.ts';
import { mappingFieldName } from './import.schemas.ts';
import { FIELD_LABEL } from '../spreadsheet/field-labels.ts';
import { findKontoplanScheme } from '../kontoplan/kontoplan-scheme.repository.ts';
import { artSchemeLabel, artSchemes, KOSTRA_KONTOKLASSER } from '../reference/kostra.ts';
import { definitionFor, registerNames, type RegisterRecord } from '../registers/registry.ts';

// Read-only view models for the import pages (no writes here).

const PREVIEW_ROWS = 20;
/** Errors and warnings listed on the preview page, each; the rest are counted by kind and all are in the marked workbook. */
export const ISSUES_SHOWN = 200;
const DIFF_SHOWN = 100;
const VERSION_PAGE_SIZE = 500;

function cellText(field: RegisterField, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'Ja' : 'Nei';
  if (field.name === 'tiltakstype') return TILTAKSTYPE_WITH_FUNKSJON[v as Tiltakstype] ?? String(v);
  if (field.name === 'dimensjon') return DIMENSJON_LABEL[v as Dimensjon] ?? String(v);
  return field.options?.find((o) => o.value === v)?.label ?? String(v);
}

/** The register's fields as its definition lists them (a field added there shows here). */
export function recordTable(of: RegisterName | Pick<RegisterDefinition<never>, 'fields'>, records: readonly unknown[]) {
  const fields = (typeof of === 'string' ? definitionFor(of) : of).fields;
  return {
    columns: fields.map((f) => f.label),
    rows: records.map((r) => fields.map((f) => cellText(f, (r as Record<string, unknown>)[f.name]))),
  };
}

// The engine counts per dimension key; people read «20 arter», not «20 art» or «8 lonnsart».
const countList = (counts: Record<string, number> | null | undefined) => Object.entries(counts ?? {}).map(([key, n]) => ({ key: COUNT_NOUN[key]?.[1] ?? key, n }));
const shortHash = (h: string) => h.slice(0, 12);

/** What a waiting preview is, in words: being read, failed, outdated, blocked by errors, or ready to save. */
function previewState(p: { status: string; rows_read: number; error_count: number; warning_count: number; superseded: boolean | 0 | 1 }): { text: string; badge: 'ok' | 'warn' | 'err' | null } {
  if (p.status === 'leser') return { text: `Leses (${p.rows_read.toLocaleString('nb-NO')} rader så langt)`, badge: null };
  if (p.status === 'feilet') return { text: 'Lesingen feilet – last opp filen på nytt', badge: 'err' };
  if (p.superseded) return { text: 'Utdatert: en nyere versjon av registeret er lagret etter opplastingen', badge: 'warn' };
  const n = countWord;
  if (p.error_count > 0) return { text: `${n(p.error_count, 'feil', 'feil')} – må rettes før den kan lagres`, badge: 'err' };
  if (p.warning_count > 0) return { text: `Klar til lagring (${n(p.warning_count, 'advarsel', 'advarsler')})`, badge: 'ok' };
  return { text: 'Klar til lagring', badge: 'ok' };
}

/** The import page: each register's current version, and the signed-in user's own previews still waiting. */
export async function overview(db: Executor, tjenesteId: number, userId: number, now: Date) {
  const list = await Promise.all(
    registerNames.map(async (register) => {
      const versions = await registers.listVersions(db, tjenesteId, register);
      const current = versions[0];
      return {
        register,
        label: REGISTER_LABEL[register],
        versionCount: versions.length,
        current: current
          ? {
              versionNo: current.version_no,
              createdByNavn: versionAuthor(current),
              createdAt: current.created_at,
              fileName: current.file_name,
              fromFile: current.kilde === 'fil',
              counts: countList(current.counts),
            }
          : null,
      };
    }),
  );
  const pending = (await repo.listOpenPreviews(db, tjenesteId, userId, now)).map((p) => ({
    ...p,
    registerLabel: REGISTER_LABEL[p.register as RegisterName] ?? p.register,
    state: previewState(p),
  }));
  return { registers: list, pending, kontoplanMissing: !list[0]?.current };
}

async function currentRecords(db: Executor, tjenesteId: number, register: RegisterName): Promise<{ versionNo: number; records: RegisterRecord[] } | null> {
  const v = await registers.findCurrentVersion(db, tjenesteId, register);
  if (!v) return null;
  const rows =
    register === 'kontoplan'
      ? await registers.listKontoplanRows(db, v.id)
      : register === 'lonnsarter'
        ? await registers.listLonnsartRows(db, v.id)
        : await registers.listUtbetalingskategoriRows(db, v.id);
  return { versionNo: v.version_no, records: rows as unknown as RegisterRecord[] };
}

function diffView(diff: RegisterDiff) {
  const cap = <T>(xs: T[]) => ({ shown: xs.slice(0, DIFF_SHOWN), more: Math.max(0, xs.length - DIFF_SHOWN), total: xs.length });
  return { added: cap(diff.added), removed: cap(diff.removed), changed: cap(diff.changed), unchanged: diff.unchanged, none: diff.added.length + diff.removed.length + diff.changed.length === 0 };
}

/** values: a refused mapping form's own choices, shown again instead of what was detected. */
function mappingForm(register: RegisterName, result: Pick<ParseResult<RegisterRecord>, 'headers' | 'columns'>, remembered: Record<string, string> | null, values?: Record<string, unknown>) {
  const seen = new Set<string>();
  const options: { header: string; label: string }[] = [];
  for (const h of result.headers) {
    for (const c of h.columns) {
      const key = c.header.trim();
      if (key === '' || seen.has(key.toLowerCase())) continue;
      seen.add(key.toLowerCase());
      options.push({ header: key, label: `${key} (arket «${h.sheet}», kolonne ${c.letter})` });
    }
  }
  // what the file was read with: the columns used (older stored results have only the recognised headers)
  const detected = new Map<string, string>();
  for (const c of result.columns ?? []) if (c.field && !detected.has(c.field)) detected.set(c.field, c.header.trim());
  // then what was recognised on a sheet that could not be read, so the user only adds what is missing
  for (const h of result.headers) for (const c of h.columns) if (c.field && !detected.has(c.field)) detected.set(c.field, c.header.trim());
  const fields = definitionFor(register).mappableFields.map((field) => {
    const name = mappingFieldName(field);
    const selected = values ? values[name] : (detected.get(field) ?? remembered?.[field] ?? '');
    return { field, name, label: FIELD_LABEL[field] ?? field, options: options.map((o) => ({ ...o, selected: o.header === selected })) };
  });
  return { fields, hasOptions: options.length > 0 };
}

const COLUMN_NOTES = new Set(['kolonne_ikke_brukt', 'kolonne_uklar', 'flagg_tomt', 'kolonne_innhold', 'kolonne_uten_overskrift', 'tiltakstype_tom', 'tiltakstype_ja_nei']);

/** The column overview: per read sheet, each column and what it was read as, with the warning about it if any. */
function columnOverview(result: Pick<repo.PreviewResult, 'columns' | 'columnIssues'>) {
  const noteAt = new Map<string, string>();
  for (const w of result.columnIssues) {
    if (!COLUMN_NOTES.has(w.code) || !w.sheet || !w.column) continue;
    const key = `${w.sheet}!${w.column}`;
    noteAt.set(key, noteAt.has(key) ? `${noteAt.get(key)} ${w.message}` : w.message);
  }
  const sheets: { sheet: string; columns: { letter: string; header: string; readAs: string | null; note: string | null }[] }[] = [];
  for (const c of result.columns ?? []) {
    let s = sheets.find((x) => x.sheet === c.sheet);
    if (!s) sheets.push((s = { sheet: c.sheet, columns: [] }));
    s.columns.push({ letter: c.column, header: c.header, readAs: c.field === null ? null : (FIELD_LABEL[c.field] ?? c.field), note: noteAt.get(`${c.sheet}!${c.column}`) ?? null });
  }
  return sheets.map((s) => ({ ...s, usedCount: s.columns.filter((c) => c.readAs !== null).length, unusedCount: s.columns.filter((c) => c.readAs === null).length }));
}

/**
 * Where an issue is, as a person says it: «arket «Art», celle A13» in a workbook, «rad 15, kolonne B» in a CSV (which has
 * one sheet, named after the file). The issue's code stays on the row for tests and support, not in the text.
 */
function placeOf(i: Issue, csv: boolean): string {
  const column = i.cell?.replace(/\d+$/, '') ?? i.column ?? null;
  if (csv) return i.row ? `rad ${i.row}${column ? `, kolonne ${column}` : ''}` : 'Hele filen';
  if (!i.sheet) return 'Hele filen';
  if (i.cell) return `arket «${i.sheet}», celle ${i.cell}`;
  return `arket «${i.sheet}»${i.row ? `, rad ${i.row}` : ''}`;
}
const issueRows = (issues: readonly Issue[], csv: boolean) => issues.map((i) => ({ ...i, place: placeOf(i, csv) }));

/** The kontoplan's scheme line and the form to choose another (values: a refused form's own). */
async function artSchemeView(db: Executor, tjenesteId: number, report: ParseResult<RegisterRecord>['artScheme'], values: Record<string, unknown> | undefined) {
  if (!report) return null;
  const remembered = await findKontoplanScheme(db, tjenesteId);
  const klasser = remembered?.kontoklasser ?? KOSTRA_KONTOKLASSER;
  const selected = typeof values?.['artsskjema'] === 'string' ? values['artsskjema'] : (remembered?.artScheme ?? '');
  const fitsOf = new Map(report.alternatives.map((a) => [a.scheme, a.fits]));
  return {
    message: report.message,
    ambiguous: report.ambiguous,
    chosen: report.chosen,
    klasserText: `${report.kontoklasser.drift} drift, ${report.kontoklasser.investering} investering, ${report.kontoklasser.balanse} balanse`,
    options: [
      { value: '', label: 'Finn skjemaet ut fra kodene (anbefalt)', selected: selected === '' },
      ...artSchemes.map((s) => ({ value: s, label: `${artSchemeLabel[s]} (${fitsOf.get(s) ?? 0} av ${report.total} passer)`, selected: selected === s })),
    ],
    drift: String(values?.['klasse_drift'] ?? klasser.drift),
    investering: String(values?.['klasse_investering'] ?? klasser.investering),
    balanse: String(values?.['klasse_balanse'] ?? klasser.balanse),
  };
}

/** The preview page: progress while reading, a failure, or the read result with its diff against the current version. */
export async function preview(db: Executor, tjenesteId: number, id: string, now: Date, values?: Record<string, unknown>) {
  const pending = await repo.findPendingImportPreview(db, tjenesteId, id, PREVIEW_ROWS, ISSUES_SHOWN, [...COLUMN_NOTES]);
  if (!pending || new Date(pending.expires_at) < now) throw new NotFoundError('Forhåndsvisningen finnes ikke lenger (den varer ett døgn, eller den er lagret eller avbrutt). Last opp filen på nytt.');
  const register = pending.register as RegisterName;
  const base = { id: pending.id, register, registerLabel: REGISTER_LABEL[register], fileName: pending.file_name, createdAt: pending.created_at, rowsRead: pending.rows_read };
  if (pending.status === 'leser') {
    const stale = now.getTime() - new Date(pending.updated_at).getTime() > STALE_READ_MS;
    if (!stale) return { ...base, state: 'leser' as const };
    return { ...base, state: 'feilet' as const, failure: 'Lesingen ble avbrutt – last opp filen på nytt.' };
  }
  if (pending.status === 'feilet' || !pending.result) return { ...base, state: 'feilet' as const, failure: pending.failure ?? 'Lesingen ble avbrutt – last opp filen på nytt.' };
  const result = pending.result;
  // the diff needs every record of both sides: read only when there is something to compare with and no errors
  const currentVersion = await registers.findCurrentVersion(db, tjenesteId, register);
  const current = currentVersion && result.errorCount === 0 ? await currentRecords(db, tjenesteId, register) : null;
  const remembered = await repo.findColumnMapping(db, tjenesteId, register);
  const mapping = mappingForm(register, result, remembered, values);
  const next = current ? await repo.findPendingRecords(db, tjenesteId, id, result.recordCount) : null;
  const diff = current && next ? diffRegister(register, current.records, next) : null;
  // what uses the removed and changed codes, from the same state the matrix and the approvals are built from
  const impact = diff && next && diff.removed.length + diff.changed.length > 0 ? importImpactOf(await loadKodeverkState(db, tjenesteId), register, diff, next) : null;
  return {
    ...base,
    state: 'klar' as const,
    counts: countList(result.counts),
    recordCount: result.recordCount,
    firstRecords: recordTable(register, result.firstRecords),
    moreRecords: Math.max(0, result.recordCount - PREVIEW_ROWS),
    fileErrors: issueRows(result.errors, /\.csv$/i.test(pending.file_name)),
    fixes: fixForm(register, issueRows(result.errors, /\.csv$/i.test(pending.file_name)), pending.fixes, result.warnings),
    fileWarnings: issueRows(result.warnings, /\.csv$/i.test(pending.file_name)),
    errorCount: result.errorCount,
    warningCount: result.warningCount,
    moreErrors: Math.max(0, result.errorCount - result.errors.length),
    moreWarnings: Math.max(0, result.warningCount - result.warnings.length),
    // by kind only when the lists are cut: a short list says it all itself
    errorKinds: result.errorCount > result.errors.length ? result.issueKinds.filter((k) => k.severity === 'error') : [],
    warningKinds: result.warningCount > result.warnings.length ? result.issueKinds.filter((k) => k.severity === 'warning') : [],
    ignoredSheets: result.ignoredSheets,
    notes: result.notes ?? [],
    artScheme: register === 'kontoplan' ? await artSchemeView(db, tjenesteId, result.artScheme, values) : null,
    columnSheets: columnOverview(result),
    needsMapping: result.needsMapping,
    // mapping by hand is always offered: a file that reads may still have read a column as the wrong thing
    mapping,
    rememberedMapping: remembered !== null,
    canCommit: result.errorCount === 0 && !result.needsMapping,
    kontoplanMissing: register !== 'kontoplan' && pending.kontoplan_version_no === null,
    currentVersionNo: currentVersion?.version_no ?? null,
    diff: diff ? diffView(diff) : null,
    impact,
    removalGuard: current && next && diff ? removalGuardOf(register, current.records, next, diff) : null,
  };
}

export type FormErrors = Record<string, string[] | undefined>;

/**
 * The whole preview page. A refused form is shown again with its messages (errors) and the user's values; while the
 * file is read the page refreshes itself and says where it is in line behind other files (import.jobs.ts) instead of
 * «0 rader lest».
 */
export async function previewPage(db: Executor, actor: Actor, id: string, now: Date, refused: { errors?: FormErrors; values?: Record<string, unknown> } = {}) {
  const model = await preview(db, actor.tjenesteId, id, now, refused.values);
  return {
    title: `Forhåndsvisning: ${model.registerLabel}`,
    ...model,
    refreshSeconds: model.state === 'leser' ? 2 : undefined,
    queuePosition: model.state === 'leser' ? importJobs().position(model.id) || null : null,
    canEdit: canEditRegisters(actor),
    errors: refused.errors,
  };
}

/** The import page; uploadErrors: a refused upload's message under its register's form. */
export async function overviewPage(db: Executor, actor: Actor, now: Date, limitMb: number, uploadErrors: Partial<Record<RegisterName, string>> = {}) {
  return {
    title: 'Import',
    ...(await overview(db, actor.tjenesteId, actor.userId, now)),
    canEdit: canEditRegisters(actor),
    limitMb,
    uploadErrors,
    uploadErrorList: Object.values(uploadErrors),
  };
}

/** Where a version's content came from, as the version list says it. */
function sourceText(v: { kilde: string; file_name: string; restored_from: number | null }): string {
  if (v.kilde === 'app') return 'Endret i appen';
  if (v.kilde === 'gjenoppretting') return `Gjenopprettet fra versjon ${v.restored_from ?? '?'}`;
  if (v.kilde === 'system') return `Laget av systemet: ${v.file_name}`;
  return `Fil: ${v.file_name}`;
}

async function versionHistory(db: Executor, tjenesteId: number, register: RegisterName) {
  const versions = await registers.listVersions(db, tjenesteId, register);
  return {
    register,
    registerLabel: REGISTER_LABEL[register],
    versions: versions.map((v, i) => ({
      versionNo: v.version_no,
      createdByNavn: versionAuthor(v),
      createdAt: v.created_at,
      fileName: v.file_name,
      source: sourceText(v),
      reason: v.begrunnelse,
      hash: shortHash(v.content_hash),
      fullHash: v.content_hash,
      counts: countList(v.counts),
      isCurrent: i === 0,
    })),
  };
}

async function versionRows(db: Executor, tjenesteId: number, register: RegisterName, versionNo: number, page: number, search?: string) {
  const v = await registers.findVersion(db, tjenesteId, register, versionNo);
  if (!v) throw new NotFoundError();
  const total = await registers.countVersionRows(db, register, v.id, search);
  const pages = Math.max(1, Math.ceil(total / VERSION_PAGE_SIZE));
  if (page > pages) throw new NotFoundError();
  const rows = await registers.listVersionRowsPage(db, register, v.id, { limit: VERSION_PAGE_SIZE, offset: (page - 1) * VERSION_PAGE_SIZE, ...(search ? { search } : {}) });
  const current = await registers.findCurrentVersion(db, tjenesteId, register);
  return {
    register,
    registerLabel: REGISTER_LABEL[register],
    versionNo: v.version_no,
    isCurrent: current?.version_no === v.version_no,
    fileName: v.file_name,
    source: sourceText(v),
    reason: v.begrunnelse,
    fixes: v.rettinger ?? [],
    createdAt: v.created_at,
    hash: v.content_hash,
    counts: countList(v.counts),
    warningCount: Array.isArray(v.warnings) ? v.warnings.length : 0,
    table: recordTable(register, rows),
    total,
    search: search ?? '',
    // the pager keeps the search
    pageQuery: search ? `sok=${encodeURIComponent(search)}&` : '',
    page,
    pages,
    prevPage: page > 1 ? page - 1 : null,
    nextPage: page < pages ? page + 1 : null,
  };
}

/** The register of a pending import (the mapping form's fields depend on it). */
export async function versionsPage(db: Executor, actor: Actor, register: RegisterName) {
  const model = await versionHistory(db, actor.tjenesteId, register);
  return { title: `Versjoner: ${model.registerLabel}`, ...model, canEdit: canEditRegisters(actor) };
}

export async function versionPage(db: Executor, actor: Actor, register: RegisterName, versionNo: number, page: number, search?: string) {
  const model = await versionRows(db, actor.tjenesteId, register, versionNo, page, search);
  return { title: `${model.registerLabel} versjon ${model.versionNo}`, ...model, canEdit: canEditRegisters(actor) };
}

export async function pendingRegister(db: Executor, tjenesteId: number, id: string): Promise<RegisterName> {
  const pending = await repo.findPendingImport(db, tjenesteId, id);
  if (!pending) throw new NotFoundError();
  return pending.register as RegisterName;
}

/**
 * Every row of one version as import records, as a workbook with the register's own template sheets and headers: the
 * file re-imports unchanged (the same rows readers as the pages, so a field added there is in the download too).
 */
export async function versionWorkbook(db: Executor, tjenesteId: number, register: RegisterName, versionNo: number): Promise<{ fileName: string; bytes: Buffer }> {
  const v = await registers.findVersion(db, tjenesteId, register, versionNo);
  if (!v) throw new NotFoundError();
  const records: RegisterRecord[] =
    register === 'kontoplan'
      ? ((await registers.listKontoplanRows(db, v.id)) as RegisterRecord[])
      : register === 'lonnsarter'
        ? ((await registers.listLonnsartRows(db, v.id)) as RegisterRecord[])
        : (await registers.listUtbetalingskategoriRows(db, v.id)).map(({ lopenr: _lopenr, ...r }) => r as RegisterRecord);
  return { fileName: `${register}-versjon-${v.version_no}.xlsx`, bytes: await buildTemplate(definitionFor(register), records) };
}

/** The blank template; for lønnsarter and utbetalingskategorier with the tjeneste's current arter as a drop-down. */
export async function blankTemplate(db: Executor, tjenesteId: number, register: RegisterName): Promise<Buffer> {
  if (register === 'kontoplan') return buildTemplate(definitionFor(register));
  const kontoplan = await registers.findCurrentVersion(db, tjenesteId, 'kontoplan');
  const arter = kontoplan ? (await registers.listKontoplanRows(db, kontoplan.id)).filter((r) => r.dimensjon === 'art' && r.aktiv) : [];
  return buildTemplate(definitionFor(register), undefined, { arter });
}
