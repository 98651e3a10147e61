import type { Executor } from '../platform/db/database.ts';
import { urls } from '../platform/http/urls.ts';
import { fieldLabel as baseFieldLabel } from '../spreadsheet/field-labels.ts';
import type { RegisterName } from '../spreadsheet/types.ts';
import * as registerVersions from '../registers/versions.ts';
import { recordCells } from './edit.rules.ts';
import { bulkActions, planRestore, type Conflict, type EditInput, type EditOutcome, type PlacedIssue, type RestorePlan } from './edit.service.ts';
import { EDIT_PAGE_SIZE, NEW_ROWS } from './edit.schemas.ts';
import { COUNT_NOUN, DIMENSJON_LABEL, REGISTER_LABEL, TILTAKSTYPE_TEXT } from '../spreadsheet/labels.ts';
import { choicesOf } from '../spreadsheet/definition.ts';
import type { ImportImpact } from './import.impact.ts';
import { definitionFor, type RegisterRecord } from '../registers/registry.ts';

// View models of the register edit and restore pages (read-only).

/** Where the edit page is in the list: the search and the page (the first page and no search say nothing). */
export interface EditPlace {
  side: number;
  sok: string;
}

/** The field's name as the register's own template heads it, else the shared label. */
export function fieldLabelFor(register: RegisterName): (field: string) => string {
  const headers = definitionFor(register).exportHeaders;
  return (f) => headers[f] ?? baseFieldLabel(f);
}

const TILTAKSTYPE_CHOICES: readonly string[] = Object.values(TILTAKSTYPE_TEXT);
const DIMENSJON_CHOICES = [...choicesOf(DIMENSJON_LABEL)];

/** A closed list is a drop-down (its values are the texts an import reads); every other field is a text box. */
function choicesFor(register: RegisterName, field: string): { value: string; label: string }[] | null {
  const def = definitionFor(register);
  if (def.janeiFields.includes(field))
    return [
      { value: '', label: '(tom)' },
      { value: 'Ja', label: 'Ja' },
      { value: 'Nei', label: 'Nei' },
    ];
  if (def.tiltakstypeFields.includes(field)) return TILTAKSTYPE_CHOICES.map((v) => ({ value: v, label: v }));
  if (field === 'dimensjon') return DIMENSJON_CHOICES;
  // any other closed list of the definition (a lønnsart's fordel): its options' words, blank allowed when not required
  const f = def.fields.find((x) => x.name === field && x.kind === 'choice');
  if (f?.options) return [...(f.required ? [] : [{ value: '', label: '(tom)' }]), ...f.options.map((o) => ({ value: o.label, label: o.label }))];
  return null;
}

function cellView(register: RegisterName, field: string, name: string, value: string, errors: string[]) {
  const choices = choicesFor(register, field);
  const options = choices?.map((c) => ({ ...c, selected: c.value === value }));
  // a value the list does not have (a refused one, or one stored before the list) stays visible
  if (options && !options.some((o) => o.selected)) options.unshift({ value, label: value, selected: true });
  return { field, name, value, options: options ?? null, errors, hasErrors: errors.length > 0 };
}

export interface EditOverlay {
  input: EditInput;
  issues?: PlacedIssue[];
  conflict?: Conflict;
  message?: string;
  /** what uses the rows the save would remove (asked before removing) */
  impact?: ImportImpact;
}

/** What a refused save lays over the page: on a conflict the user's own changes over the new version, else what was sent. */
export function refusedSaveOverlay(outcome: Exclude<EditOutcome, { ok: true }>, input: EditInput): EditOverlay {
  if (outcome.kind === 'conflict') return { input: outcome.conflict.ownChanges, conflict: outcome.conflict };
  if (outcome.kind === 'confirm') return { input, impact: outcome.impact, message: outcome.message };
  return { input, issues: outcome.issues, message: outcome.message };
}

/** A form the schema refused (a hand-made or cut-off post): the page as stored, with the messages in one sentence. */
export function incompleteFormOverlay(messages: readonly (string | undefined)[]): EditOverlay {
  return {
    input: { baseVersionNo: 0, rows: [], newRows: [], action: '', reason: '' },
    message: messages.join(' ') || 'Skjemaet var ufullstendig. Last siden på nytt og prøv igjen.',
  };
}

/** The edit page's own address at the same place in the list (where a save leads back to). */
export function editAddress(slug: string, register: RegisterName, q: EditPlace): string {
  const p = new URLSearchParams();
  if (q.sok) p.set('sok', q.sok);
  if (q.side > 1) p.set('side', String(q.side));
  return urls.registerEdit(slug, register, { query: p.toString() });
}

const countList = (counts: Record<string, number>) => Object.entries(counts).map(([key, n]) => ({ key: COUNT_NOUN[key]?.[1] ?? key, n }));

/** One page of the current version as a form, with a refused save's values and messages laid over it. */
export async function editPage(db: Executor, tjenesteId: number, register: RegisterName, q: EditPlace & { nye: number }, overlay?: EditOverlay) {
  const def = definitionFor(register);
  const label = fieldLabelFor(register);
  const current = await registerVersions.findCurrentVersion(db, tjenesteId, register);
  const search = q.sok || undefined;
  const total = current ? await registerVersions.countVersionRows(db, register, current.id, search) : 0;
  const pages = Math.max(1, Math.ceil(total / EDIT_PAGE_SIZE));
  const page = Math.min(q.side, pages);
  const stored = current ? await registerVersions.listVersionRowsPage(db, register, current.id, { limit: EDIT_PAGE_SIZE, offset: (page - 1) * EDIT_PAGE_SIZE, ...(search ? { search } : {}) }) : [];
  const sent = new Map((overlay?.input.rows ?? []).map((r) => [r.key, r]));
  const issues = overlay?.issues ?? [];
  const rowIssues = (key: string, field: string | null) =>
    issues.filter((i) => i.place.kind === 'row' && i.place.key === key && (field === null ? i.field === null || !def.inputFields.includes(i.field) : i.field === field)).map((i) => i.message);
  const newIssues = (index: number, field: string | null) =>
    issues.filter((i) => i.place.kind === 'new' && i.place.index === index && (field === null ? i.field === null || !def.inputFields.includes(i.field) : i.field === field)).map((i) => i.message);
  const rows = stored.map((row, i) => {
    const { lopenr: _lopenr, ...record } = row as Record<string, unknown>;
    const key = def.identity(record as unknown as RegisterRecord) ?? '';
    const cells = recordCells(def, record as unknown as RegisterRecord);
    const form = sent.get(key);
    return {
      index: i,
      key,
      id: `rad-${i}`,
      describe: def.describe(record as unknown as RegisterRecord),
      selected: form?.selected ?? false,
      cells: def.inputFields.map((f) => cellView(register, f, `f_${i}_${f}`, form?.cells[f] ?? cells[f] ?? '', rowIssues(key, f))),
      errors: rowIssues(key, null),
      hasErrors: issues.some((x) => x.place.kind === 'row' && x.place.key === key && x.severity === 'error'),
    };
  });
  const newCount = Math.max(q.nye, overlay?.input.newRows.length ?? 0, NEW_ROWS);
  const newRows = Array.from({ length: newCount }, (_, j) => {
    const sentRow = overlay?.input.newRows[j] ?? {};
    return { index: j, rowNo: j + 1, cells: def.inputFields.map((f) => cellView(register, f, `n_${j}_${f}`, sentRow[f] ?? '', newIssues(j, f))), errors: newIssues(j, null) };
  });
  const query = (extra: Record<string, string | number>) => {
    const p = new URLSearchParams();
    if (q.sok) p.set('sok', q.sok);
    for (const [k, v] of Object.entries(extra)) p.set(k, String(v));
    return p.toString();
  };
  return {
    title: `Rediger ${REGISTER_LABEL[register].toLowerCase()}`,
    register,
    registerLabel: REGISTER_LABEL[register],
    registerNoun: REGISTER_LABEL[register].toLowerCase(),
    current: current ? { versionNo: current.version_no, fileName: current.file_name, createdAt: current.created_at, counts: countList(current.counts as Record<string, number>) } : null,
    baseVersionNo: overlay?.conflict?.currentVersionNo ?? current?.version_no ?? 0,
    columns: def.inputFields.map((f) => ({ field: f, label: label(f) })),
    rows,
    newRows,
    moreRowsQuery: query({ side: page, nye: Math.min(newCount + 5, 20) }),
    canAddMore: newCount < 20,
    actions: bulkActions(register, label, TILTAKSTYPE_CHOICES).map((a) => ({ ...a, selected: a.value === overlay?.input.action })),
    reason: overlay?.input.reason ?? '',
    issues: issues.filter((i) => i.severity === 'error'),
    warnings: issues.filter((i) => i.severity === 'warning'),
    conflict: overlay?.conflict ?? null,
    message: overlay?.message ?? null,
    impact: overlay?.impact ?? null,
    impactIntro: 'Endringen din fjerner koder som er i bruk.',
    search: q.sok,
    total,
    page,
    pages,
    prevQuery: page > 1 ? query({ side: page - 1 }) : null,
    nextQuery: page < pages ? query({ side: page + 1 }) : null,
  };
}

const DIFF_SHOWN = 100;

/** The restore page: the older version against the current one, before anything is saved. */
export async function restorePage(db: Executor, t: { id: number; regnskapsar: number }, register: RegisterName, versionNo: number) {
  const plan = await planRestore(db, t.id, t.regnskapsar, register, versionNo, fieldLabelFor(register));
  return { title: `Gjenopprett ${REGISTER_LABEL[register].toLowerCase()} versjon ${versionNo}`, ...restoreModel(plan, register) };
}

function restoreModel(plan: RestorePlan, register: RegisterName) {
  const label = fieldLabelFor(register);
  const cap = <T>(xs: T[]) => ({ shown: xs.slice(0, DIFF_SHOWN), more: Math.max(0, xs.length - DIFF_SHOWN), total: xs.length });
  const d = plan.diff;
  return {
    register,
    registerLabel: REGISTER_LABEL[register],
    registerNoun: REGISTER_LABEL[register].toLowerCase(),
    versionNo: plan.versionNo,
    currentVersionNo: plan.currentVersionNo,
    isCurrent: plan.versionNo === plan.currentVersionNo,
    counts: countList(plan.counts),
    diff: {
      added: cap(d.added),
      removed: cap(d.removed),
      changed: cap(d.changed.map((c) => ({ ...c, fields: c.fields.map((f) => ({ ...f, label: label(f.field) })) }))),
      unchanged: d.unchanged,
      none: d.added.length + d.removed.length + d.changed.length === 0,
    },
    errors: plan.issues.filter((i) => i.severity === 'error'),
    warnings: plan.issues.filter((i) => i.severity === 'warning'),
    impact: plan.impact,
    impactIntro: 'Gjenopprettingen fjerner eller endrer koder som er i bruk.',
    canRestore: plan.errorCount === 0 && plan.versionNo !== plan.currentVersionNo,
  };
}
