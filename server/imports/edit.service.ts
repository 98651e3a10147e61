import type { Db, Executor, Trx } from '../platform/db/database.ts';
import type { Actor } from '../platform/http/context.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import { requirePermission } from '../auth/permissions.ts';
import type { RegisterName } from '../spreadsheet/types.ts';
import type { CheckContext } from '../spreadsheet/definition.ts';
import { parseSetupFor } from './import.service.ts';
import { diffRegister, type RegisterDiff } from './import.diff.ts';
import { importImpactOf, type ImportImpact } from './import.impact.ts';
import { loadKodeverkState } from '../kodeverk/kodeverk.state.ts';
import { commitRegisterVersion } from '../registers/registers.commit.ts';
import { VersionMovedError } from '../registers/registers.writer.ts';
import * as registerVersions from '../registers/versions.ts';
import { checkEditedRows, cleanCells, recordCells, sameCell, type EditIssue, type EditRow } from './edit.rules.ts';
import { countsText, REGISTER_LABEL } from '../spreadsheet/labels.ts';
import { definitionFor, type RegisterRecord } from '../registers/registry.ts';

/** What the edit form sent: the page's rows by their identity, the rows added, the bulk action and the reason. */
export interface EditInput {
  /** the version the form was made from (0: none yet) */
  baseVersionNo: number;
  rows: { key: string; cells: Record<string, string>; selected: boolean }[];
  newRows: Record<string, string>[];
  /** '' | 'fjern' | 'sett:<field>:<value>' */
  action: string;
  reason: string;
  /** the user has seen what uses the rows they remove, and removes them anyway */
  confirmedRemoval?: boolean;
}

/** Where an issue belongs on the form: a stored row (by its identity), an added row (by its place), or the register. */
export type IssuePlace = { kind: 'row'; key: string } | { kind: 'new'; index: number } | { kind: 'register' };
export type PlacedIssue = Omit<EditIssue, 'row'> & { place: IssuePlace; label: string };

export interface Conflict {
  currentVersionNo: number;
  message: string;
  changes: string[];
  /** the user's own changes only (cells that differ from the version they edited): shown over the new version, so saving again never undoes the other person's */
  ownChanges: EditInput;
}

export type EditOutcome =
  | { ok: true; created: boolean; versionNo: number; summary: string }
  | { ok: false; kind: 'invalid'; issues: PlacedIssue[]; message: string }
  | { ok: false; kind: 'confirm'; impact: ImportImpact; message: string }
  | { ok: false; kind: 'conflict'; conflict: Conflict };

/** The bulk actions a register offers, from its definition: every Ja/Nei field and every tiltakstype field. */
export function bulkActions(register: RegisterName, fieldLabel: (f: string) => string, tiltakstypeChoices: readonly string[]) {
  const def = definitionFor(register);
  const actions = [{ value: 'fjern', label: 'Fjern de valgte radene' }];
  for (const f of def.janeiFields) for (const v of ['Ja', 'Nei']) actions.push({ value: `sett:${f}:${v}`, label: `Sett ${fieldLabel(f)} = ${v}` });
  for (const f of def.tiltakstypeFields) for (const v of tiltakstypeChoices) actions.push({ value: `sett:${f}:${v}`, label: `Sett ${fieldLabel(f)} = ${v}` });
  return actions;
}

async function checkContext(db: Executor, tjenesteId: number, regnskapsar: number, register: RegisterName): Promise<CheckContext> {
  const { options } = await parseSetupFor(db, { tjenesteId, regnskapsar }, register);
  return {
    regnskapsar: options.regnskapsar,
    ...(options.kontoplanArter ? { kontoplanArter: options.kontoplanArter } : {}),
    ...(options.artScheme ? { artScheme: options.artScheme } : {}),
    ...(options.kontoklasser ? { kontoklasser: options.kontoklasser } : {}),
  };
}

const formatTime = (d: Date) => new Intl.DateTimeFormat('nb-NO', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Oslo' }).format(new Date(d));

/** «Lønnsart 2030 Støttekontakt: AGA Ja → Nei», «Lagt til: …», «Fjernet: …» (at most `max` lines, then how many more). */
function describeDiff(diff: RegisterDiff, fieldLabel: (f: string) => string, max = 20): string[] {
  const lines = [
    ...diff.changed.map((c) => `${c.label}: ${c.fields.map((f) => `${fieldLabel(f.field)} ${f.before} → ${f.after}`).join(', ')}`),
    ...diff.added.map((a) => `Lagt til: ${a.label}`),
    ...diff.removed.map((r) => `Fjernet: ${r.label}`),
  ];
  return lines.length > max ? [...lines.slice(0, max), `… og ${lines.length - max} endringer til`] : lines;
}

const diffCounts = (d: RegisterDiff) => `${d.changed.length} endret, ${d.added.length} lagt til, ${d.removed.length} fjernet`;

async function conflictSince(trx: Executor, tjenesteId: number, register: RegisterName, input: EditInput, fieldLabel: (f: string) => string): Promise<Conflict> {
  const def = definitionFor(register);
  const versions = await registerVersions.listVersions(trx, tjenesteId, register);
  const current = versions[0];
  const base = versions.find((v) => v.version_no === input.baseVersionNo);
  const before = base ? await registerVersions.listVersionRecords(trx, register, base.id) : [];
  const after = current ? await registerVersions.listVersionRecords(trx, register, current.id) : [];
  const changes = describeDiff(diffRegister(register, before, after), fieldLabel);
  const baseCells = new Map(before.map((r) => [def.identity(r) ?? '', recordCells(def, r)]));
  const ownRows = input.rows.map((row) => {
    const was = baseCells.get(row.key);
    return { ...row, cells: Object.fromEntries(Object.entries(row.cells).filter(([f, v]) => !was || !sameCell(v, was[f]))) };
  });
  const who = current ? `${current.created_by_navn ?? 'Kommandolinjen'} lagret versjon ${current.version_no} ${formatTime(current.created_at)}` : 'En annen endret registeret';
  return {
    currentVersionNo: current?.version_no ?? 0,
    message: `${who} mens du redigerte. Endringene dine er ikke lagret. Se over hva som ble endret, og lagre på nytt hvis verdiene dine (de står i skjemaet) fortsatt er riktige.`,
    changes: changes.length ? changes : ['Ingen rader ble endret, men en ny versjon ble lagret.'],
    ownChanges: { ...input, rows: ownRows, baseVersionNo: current?.version_no ?? 0 },
  };
}

/**
 * Saves an edit of a register as one new version through the commit an import uses (same content hash: no version;
 * same audit entry kind, so approvals go stale alike). Optimistic locking like the mapping page: the form carries the
 * version it was made from, and when someone saved another in between nothing is written and the user sees what changed.
 */
export async function saveEdit(db: Db, actor: Actor, t: { regnskapsar: number }, register: RegisterName, input: EditInput, fieldLabel: (f: string) => string): Promise<EditOutcome> {
  requirePermission(actor, 'editRegisters');
  const def = definitionFor(register);
  const [actionKind, actionField, actionValue] = input.action.split(':');
  const bulkField = actionKind === 'sett' && actionField && (def.janeiFields.includes(actionField) || def.tiltakstypeFields.includes(actionField)) ? actionField : null;
  const outcome = async (trx: Trx): Promise<EditOutcome> => {
    const current = await registerVersions.findCurrentVersion(trx, actor.tjenesteId, register);
    if ((current?.version_no ?? 0) !== input.baseVersionNo) return { ok: false, kind: 'conflict', conflict: await conflictSince(trx, actor.tjenesteId, register, input, fieldLabel) };
    const stored = current ? await registerVersions.listVersionRecords(trx, register, current.id) : [];
    const sent = new Map(input.rows.map((r) => [r.key, r]));
    const rows: EditRow[] = [];
    const places: IssuePlace[] = [];
    let removed = 0;
    for (const record of stored) {
      const key = def.identity(record) ?? '';
      const form = sent.get(key);
      const cells = recordCells(def, record);
      let touched = false;
      if (form) {
        if (form.selected && actionKind === 'fjern') {
          removed++;
          continue;
        }
        for (const f of def.inputFields) {
          const v = form.cells[f];
          if (v !== undefined && !sameCell(v, cells[f])) {
            cells[f] = v;
            touched = true;
          }
        }
        if (form.selected && bulkField && actionValue !== undefined && !sameCell(actionValue, cells[bulkField])) {
          cells[bulkField] = actionValue;
          touched = true;
        }
      }
      rows.push({ stored: record, cells: touched ? cleanCells(cells, def.inputFields) : cells, touched });
      places.push({ kind: 'row', key });
    }
    input.newRows.forEach((n, index) => {
      if (def.inputFields.every((f) => (n[f] ?? '').trim() === '')) return;
      rows.push({ stored: null, cells: cleanCells(n, def.inputFields), touched: true });
      places.push({ kind: 'new', index });
    });
    if (removed === 0 && !rows.some((r) => r.touched)) return { ok: true, created: false, versionNo: current?.version_no ?? 0, summary: '' };
    const checked = checkEditedRows(def, rows, await checkContext(trx, actor.tjenesteId, t.regnskapsar, register));
    const placed = checked.issues.map(({ row, ...i }): PlacedIssue => {
      const place = row === null ? ({ kind: 'register' } as const) : (places[row] as IssuePlace);
      const r = row === null ? null : rows[row];
      const label = r === null || r === undefined ? 'Hele registeret' : r.stored ? def.describe(r.stored) : `Ny rad ${(place as { index: number }).index + 1}`;
      return { ...i, place, label: i.field ? `${label}, ${fieldLabel(i.field)}` : label };
    });
    if (checked.errorCount > 0) {
      return {
        ok: false,
        kind: 'invalid',
        issues: placed,
        message: `Ikke lagret: ${checked.errorCount === 1 ? 'én verdi må rettes' : `${checked.errorCount} verdier må rettes`}. Rett feilene under og lagre igjen.`,
      };
    }
    const diff = diffRegister(register, stored, checked.records);
    if (diff.removed.length > 0 && !input.confirmedRemoval) {
      // nothing destructive in one click: rows in use are removed only once the user has seen what uses them
      const impact = importImpactOf(await loadKodeverkState(trx, actor.tjenesteId), register, diff, checked.records);
      const removed = new Set(diff.removed.map((r) => r.key));
      if (impact?.codes.some((c) => removed.has(c.key))) {
        return { ok: false, kind: 'confirm', impact, message: 'Ikke lagret ennå: noe av det du fjerner, er i bruk. Se hva som skjer under, kryss av og lagre igjen.' };
      }
    }
    const reason = input.reason.trim() || null;
    const warnings = placed
      .filter((i) => i.severity === 'warning')
      .map((i) => ({ code: i.code, severity: i.severity, message: `${i.label}: ${i.message}`, sheet: null, row: null, column: null, cell: null }));
    const written = await commitRegisterVersion(
      trx,
      { userId: actor.userId, label: actor.label },
      {
        tjenesteId: actor.tjenesteId,
        register,
        fileName: 'Endret i appen',
        records: checked.records,
        counts: checked.counts,
        warnings,
        expectedVersionNo: input.baseVersionNo,
        source: 'app',
        reason,
      },
      {
        action: 'endret',
        summary: (no) => `Endret ${REGISTER_LABEL[register].toLowerCase()} i appen: versjon ${no} (${diffCounts(diff)}; ${countsText(checked.counts)})${reason ? `. Begrunnelse: ${reason}` : ''}`,
        after: { kilde: 'app', begrunnelse: reason, endringer: describeDiff(diff, fieldLabel, 200) },
      },
    );
    return { ok: true, created: written.created, versionNo: written.versionNo, summary: diffCounts(diff) };
  };
  try {
    return await db.transaction().execute(outcome);
  } catch (err) {
    // saved by someone else between our read and the writer's lock
    if (!(err instanceof VersionMovedError)) throw err;
    return { ok: false, kind: 'conflict', conflict: await conflictSince(db, actor.tjenesteId, register, input, fieldLabel) };
  }
}

export interface RestorePlan {
  register: RegisterName;
  versionNo: number;
  currentVersionNo: number;
  diff: RegisterDiff;
  /** what the rules say against the rows the restore brings back (changed from the current version) */
  issues: PlacedIssue[];
  errorCount: number;
  counts: Record<string, number>;
  records: RegisterRecord[];
  /** what uses the codes the restore removes or changes (shown before confirming) */
  impact: ImportImpact | null;
}

/** What «Gjenopprett» would do: the older version's rows against the current ones, and what today's rules say about the rows it brings back. */
export async function planRestore(db: Executor, tjenesteId: number, regnskapsar: number, register: RegisterName, versionNo: number, fieldLabel: (f: string) => string): Promise<RestorePlan> {
  const def = definitionFor(register);
  const [target, current] = await Promise.all([registerVersions.findVersion(db, tjenesteId, register, versionNo), registerVersions.findCurrentVersion(db, tjenesteId, register)]);
  if (!target || !current) throw new NotFoundError();
  const [records, now] = await Promise.all([registerVersions.listVersionRecords(db, register, target.id), registerVersions.listVersionRecords(db, register, current.id)]);
  const nowCells = new Map(now.map((r) => [def.identity(r), JSON.stringify(recordCells(def, r))]));
  const rows: EditRow[] = records.map((r) => {
    const cells = recordCells(def, r);
    return { stored: r, cells, touched: nowCells.get(def.identity(r)) !== JSON.stringify(cells) };
  });
  const checked = checkEditedRows(def, rows, await checkContext(db, tjenesteId, regnskapsar, register));
  const diff = diffRegister(register, now, records);
  const impact = diff.removed.length + diff.changed.length > 0 ? importImpactOf(await loadKodeverkState(db, tjenesteId), register, diff, records) : null;
  const issues = checked.issues.map(({ row, ...i }): PlacedIssue => {
    const r = row === null ? null : rows[row];
    const label = r?.stored ? def.describe(r.stored) : 'Hele registeret';
    return { ...i, place: r?.stored ? { kind: 'row', key: def.identity(r.stored) ?? '' } : { kind: 'register' }, label: i.field ? `${label}, ${fieldLabel(i.field)}` : label };
  });
  return {
    register,
    versionNo: target.version_no,
    currentVersionNo: current.version_no,
    diff,
    impact,
    issues,
    errorCount: checked.errorCount,
    counts: target.counts as Record<string, number>,
    records,
  };
}

export type RestoreOutcome = { ok: true; created: boolean; versionNo: number } | { ok: false; kind: 'moved'; currentVersionNo: number } | { ok: false; kind: 'invalid'; message: string };

/**
 * «Gjenopprett denne versjonen»: a new version with exactly the older version's rows, through the same commit. The
 * form carries the current version the diff was shown against; a version saved since refuses it (the page shows the new diff).
 */
export async function restoreVersion(
  db: Db,
  actor: Actor,
  t: { regnskapsar: number },
  register: RegisterName,
  versionNo: number,
  input: { shownCurrentVersionNo: number; reason: string },
  fieldLabel: (f: string) => string,
): Promise<RestoreOutcome> {
  requirePermission(actor, 'editRegisters');
  try {
    return await db.transaction().execute(async (trx): Promise<RestoreOutcome> => {
      const plan = await planRestore(trx, actor.tjenesteId, t.regnskapsar, register, versionNo, fieldLabel);
      if (plan.currentVersionNo !== input.shownCurrentVersionNo) return { ok: false, kind: 'moved', currentVersionNo: plan.currentVersionNo };
      if (plan.errorCount > 0) return { ok: false, kind: 'invalid', message: 'Versjonen kan ikke gjenopprettes slik den er: se feilene under.' };
      const reason = input.reason.trim() || null;
      const written = await commitRegisterVersion(
        trx,
        { userId: actor.userId, label: actor.label },
        {
          tjenesteId: actor.tjenesteId,
          register,
          fileName: `Gjenopprettet fra versjon ${versionNo}`,
          records: plan.records,
          counts: plan.counts,
          warnings: [],
          expectedVersionNo: input.shownCurrentVersionNo,
          source: 'gjenoppretting',
          reason,
          restoredFrom: versionNo,
        },
        {
          action: 'gjenopprettet',
          summary: (no) => `Gjenopprettet ${REGISTER_LABEL[register].toLowerCase()} versjon ${versionNo} som versjon ${no} (${diffCounts(plan.diff)})${reason ? `. Begrunnelse: ${reason}` : ''}`,
          after: { kilde: 'gjenoppretting', gjenopprettetFra: versionNo, begrunnelse: reason },
        },
      );
      return { ok: true, created: written.created, versionNo: written.versionNo };
    });
  } catch (err) {
    if (!(err instanceof VersionMovedError)) throw err;
    return { ok: false, kind: 'moved', currentVersionNo: err.currentVersionNo };
  }
}
