import type { RawBuilder } from 'kysely';
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Db, Executor, Trx } from '../platform/db/database.ts';
import type { Actor } from '../platform/http/context.ts';
import { BadRequestError, ConflictError, NotFoundError, PayloadTooLargeError, TooManyRequestsError } from '../platform/http/errors.ts';
import { OwnerBusyError, QueueFullError } from '../platform/workers/job-queue.ts';
import { JobTimeoutError, WorkerCrashError } from '../platform/workers/worker-pool.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { requirePermission } from '../auth/permissions.ts';
import { guardZip, parseRegisterFile, sniffFile } from '../spreadsheet/index.ts';
import type { ColumnMapping, Issue, ParseOptions, ParseResult, PreviewFix, RegisterName } from '../spreadsheet/types.ts';
import { fieldLabel } from '../spreadsheet/field-labels.ts';
import { commitRegisterVersion, type Committer, type CommitOutcome } from '../registers/registers.commit.ts';
import { findCurrentVersion, listKontoplanKoder, listVersionRecords } from '../registers/versions.ts';
import { diffRegister } from './import.diff.ts';
import { removalGuardOf } from './import.removal.ts';
import { findTjenesteBySlug } from '../tenancy/tenancy.service.ts';
import * as repo from './import.repository.ts';
import { findKontoplanScheme, upsertKontoplanScheme, type KontoplanSchemeChoice } from '../kontoplan/kontoplan-scheme.repository.ts';
import { artSchemeLabel } from '../reference/kostra.ts';
import { countsText, REGISTER_LABEL } from '../spreadsheet/labels.ts';
import { countWord } from '../platform/text.ts';
import { closeImportJobs, importJobs, MAX_QUEUED } from './import.jobs.ts';
import { definitionFor, otherDefinitions, type RegisterRecord } from '../registers/registry.ts';

const PENDING_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** A row still "leser" with no progress for this long belongs to a process that died. */
export const STALE_READ_MS = 10 * 60 * 1000;
const PROGRESS_ROWS = 5000;
const PROGRESS_MS = 1000;
/** A job waiting in the queue touches its row this often, so a long queue is not taken for a dead read (STALE_READ_MS). */
export const HEARTBEAT_MS = 60 * 1000;
const QUEUE_FULL = 'Mange filer leses akkurat nå. Vent et minutt og prøv igjen.';

// the routes take the register's label from here (spreadsheet/labels.ts is its one place)
export { REGISTER_LABEL };

export type { Committer, CommitOutcome } from '../registers/registers.commit.ts';

export interface ParseSetup {
  options: ParseOptions;
  /** the kontoplan version whose arter the file was checked against; null = no kontoplan yet (or the kontoplan itself) */
  kontoplanVersionNo: number | null;
}

/** Same options for the web flow and the CLI: the tjeneste's regnskapsår, its remembered column mapping and its current arter. */
export async function parseSetupFor(db: Executor, t: { tjenesteId: number; regnskapsar: number }, register: RegisterName, mapping?: ColumnMapping): Promise<ParseSetup> {
  const columnMapping = mapping ?? (await repo.findColumnMapping(db, t.tjenesteId, register)) ?? undefined;
  const valueMaps = await repo.findValueMaps(db, t.tjenesteId, register);
  const options: ParseOptions = { regnskapsar: t.regnskapsar, ...(columnMapping ? { columnMapping } : {}), ...(Object.keys(valueMaps).length ? { valueMaps } : {}) };
  if (register === 'kontoplan') {
    // the art scheme and kontoklasse digits chosen for the tjeneste (none chosen: detect, KOSTRA convention)
    const scheme = await findKontoplanScheme(db, t.tjenesteId);
    return { options: { ...options, ...(scheme?.artScheme ? { artScheme: scheme.artScheme } : {}), ...(scheme ? { kontoklasser: scheme.kontoklasser } : {}) }, kontoplanVersionNo: null };
  }
  const kontoplan = await findCurrentVersion(db, t.tjenesteId, 'kontoplan');
  if (!kontoplan) return { options, kontoplanVersionNo: null };
  const arter = await listKontoplanKoder(db, kontoplan.id, 'art');
  return { options: { ...options, kontoplanArter: new Set(arter) }, kontoplanVersionNo: kontoplan.version_no };
}

/** The quick checks that need no reading (wrong type, .xls, password, zip bomb): such a file is refused at once and never stored. */
async function refuseHostileFile(bytes: Buffer, fileName: string): Promise<Issue | null> {
  if (bytes.length === 0) return { code: 'tom_fil', severity: 'error', message: 'Filen er tom. Velg filen på nytt og last den opp igjen.', sheet: null, row: null, column: null, cell: null };
  const sniff = sniffFile(bytes, fileName);
  if (sniff.kind === 'rejected') return sniff.issue;
  // the directory only: inflating every entry here would spend the page process's CPU on what the read repeats anyway
  if (sniff.kind === 'xlsx') return guardZip(bytes, undefined, { inflate: false });
  return null;
}

export type StartResult = { ok: true; id: string } | { ok: false; message: string };

/**
 * Stores the upload as a pending import (status «leser») and reads it in the background of this process,
 * so the preview page can show rows read while a large file is read. Nothing is kept in process memory between requests.
 */
export async function startImport(db: Db, log: Logger, actor: Actor, t: { regnskapsar: number }, upload: { register: RegisterName; fileName: string; bytes: Buffer }, now: Date): Promise<StartResult> {
  requirePermission(actor, 'importRegisters');
  const refused = await refuseHostileFile(upload.bytes, upload.fileName);
  if (refused) return { ok: false, message: refused.message };
  if (importJobs().queue.size.waiting >= MAX_QUEUED) return { ok: false, message: QUEUE_FULL };
  await repo.deleteExpiredPendingImports(db, actor.tjenesteId, now);
  const setup = await parseSetupFor(db, { tjenesteId: actor.tjenesteId, regnskapsar: t.regnskapsar }, upload.register);
  const id = crypto.randomUUID();
  const base = await findCurrentVersion(db, actor.tjenesteId, upload.register);
  await repo.insertPendingImport(db, {
    baseVersionNo: base?.version_no ?? 0,
    id,
    tjenesteId: actor.tjenesteId,
    register: upload.register,
    fileName: upload.fileName,
    bytes: upload.bytes,
    createdBy: actor.userId,
    kontoplanVersionNo: setup.kontoplanVersionNo,
    expiresAt: new Date(now.getTime() + PENDING_LIFETIME_MS),
  });
  readInBackground(db, log, { owner: ownerOf(actor), tjenesteId: actor.tjenesteId, id, register: upload.register, options: setup.options, upload: { bytes: upload.bytes, fileName: upload.fileName } });
  return { ok: true, id };
}

/** A pending import the importer may have read again: it exists in their tjeneste and is not being read now. */
async function rereadable(db: Db, actor: Actor, id: string) {
  requirePermission(actor, 'importRegisters');
  const pending = await repo.findPendingImport(db, actor.tjenesteId, id);
  if (!pending) throw new NotFoundError();
  if (pending.status === 'leser') throw new ConflictError('Filen leses fortsatt. Vent til lesingen er ferdig.', 'import_reading');
  return pending;
}

/** Reads the file with the user's column choice, remembers the choice for the next upload of this register, and reads again. */
export async function remapPendingImport(db: Db, log: Logger, actor: Actor, t: { regnskapsar: number }, id: string, mapping: ColumnMapping): Promise<void> {
  const pending = await rereadable(db, actor, id);
  const register = pending.register as RegisterName;
  const setup = await parseSetupFor(db, { tjenesteId: actor.tjenesteId, regnskapsar: t.regnskapsar }, register, mapping);
  await db.transaction().execute(async (trx) => {
    await repo.upsertColumnMapping(trx, actor.tjenesteId, register, mapping);
    await repo.restartPendingImport(trx, actor.tjenesteId, id);
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: { id: actor.userId, label: actor.label },
      action: 'endret',
      entity: 'kolonnevalg',
      entityId: register,
      summary: `Valgte kolonner for ${REGISTER_LABEL[register].toLowerCase()} (${Object.keys(mapping).length} felt)`,
      after: mapping,
    });
  });
  readInBackground(db, log, { owner: ownerOf(actor), tjenesteId: actor.tjenesteId, id, register, options: { ...setup.options, fixes: pending.fixes } });
}

/** Remembers the art scheme and kontoklasse digits the user chose for the tjeneste, and reads the kontoplan again with them. */
export async function chooseArtScheme(db: Db, log: Logger, actor: Actor, t: { regnskapsar: number }, id: string, choice: KontoplanSchemeChoice): Promise<void> {
  const pending = await rereadable(db, actor, id);
  if (pending.register !== 'kontoplan') throw new NotFoundError();
  const k = choice.kontoklasser;
  await db.transaction().execute(async (trx) => {
    await upsertKontoplanScheme(trx, actor.tjenesteId, choice, actor.userId);
    await repo.restartPendingImport(trx, actor.tjenesteId, id);
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: { id: actor.userId, label: actor.label },
      action: 'endret',
      entity: 'artsskjema',
      entityId: 'kontoplan',
      summary: `Artsskjema for kontoplanen: ${choice.artScheme ? artSchemeLabel[choice.artScheme] : 'finn selv'}; kontoklasse ${k.drift} drift, ${k.investering} investering, ${k.balanse} balanse`,
      after: choice,
    });
  });
  const setup = await parseSetupFor(db, { tjenesteId: actor.tjenesteId, regnskapsar: t.regnskapsar }, 'kontoplan');
  readInBackground(db, log, { owner: ownerOf(actor), tjenesteId: actor.tjenesteId, id, register: 'kontoplan', options: { ...setup.options, fixes: pending.fixes } });
}

export interface PreviewCorrections {
  /** cell fixes and skipped rows (replacing earlier ones at the same cell or row) */
  fixes: PreviewFix[];
  /** value mappings to remember for the tjeneste and register (from: the cell text as read) */
  valueMaps: { field: string; from: string; to: string }[];
}

/**
 * «Rett og les på nytt»: the user's fixes are kept with the preview, value mappings are remembered for the tjeneste and
 * register, and the file is read again with them (the file itself is not changed). Recorded in the audit log.
 */
export async function correctPendingImport(db: Db, log: Logger, actor: Actor, t: { regnskapsar: number }, id: string, input: PreviewCorrections): Promise<void> {
  const pending = await rereadable(db, actor, id);
  const register = pending.register as RegisterName;
  const place = (f: PreviewFix) => `${f.sheet}\u0000${f.row}\u0000${f.skip ? '' : (f.field ?? '')}`;
  const replaced = new Set(input.fixes.map(place));
  const fixes = [...pending.fixes.filter((f) => !replaced.has(place(f))), ...input.fixes];
  await db.transaction().execute(async (trx) => {
    await repo.setPendingFixes(trx, actor.tjenesteId, id, fixes);
    for (const m of input.valueMaps) await repo.upsertValueMapping(trx, actor.tjenesteId, register, { ...m, from: m.from.trim().toLowerCase() }, actor.label);
    await repo.restartPendingImport(trx, actor.tjenesteId, id);
    if (input.valueMaps.length > 0) {
      await recordAudit(trx, {
        tjenesteId: actor.tjenesteId,
        actor: { id: actor.userId, label: actor.label },
        action: 'endret',
        entity: 'kolonnevalg',
        entityId: register,
        summary: `Verdivalg for ${REGISTER_LABEL[register].toLowerCase()}: ${input.valueMaps.map((m) => `«${m.from}» i ${fieldLabel(m.field)} leses som «${m.to}»`).join('; ')}`,
        after: input.valueMaps,
      });
    }
  });
  const setup = await parseSetupFor(db, { tjenesteId: actor.tjenesteId, regnskapsar: t.regnskapsar }, register);
  readInBackground(db, log, { owner: ownerOf(actor), tjenesteId: actor.tjenesteId, id, register, options: { ...setup.options, fixes } });
}

/** A preview's fixes in words, for the version's record. */
function fixesText(fixes: readonly PreviewFix[]): string[] {
  return fixes.map((f) => (f.skip ? `Arket «${f.sheet}» rad ${f.row}: hoppet over` : `Arket «${f.sheet}» rad ${f.row}, ${fieldLabel(f.field ?? '')}: «${f.from ?? ''}» rettet til «${f.to ?? ''}»`));
}

/** Heavy jobs are limited per user (import.jobs.ts). */
function ownerOf(actor: Actor): string {
  return `user:${actor.userId}`;
}

interface ReadJob {
  owner: string;
  tjenesteId: number;
  id: string;
  register: RegisterName;
  options: ParseOptions;
  /** the bytes still in memory from the upload, kept for the read while HELD_BYTES_MAX allows */
  upload?: { bytes: Buffer; fileName: string };
}

/**
 * Uploads waiting for their read keep their bytes in memory up to this total; beyond it a waiting read fetches them
 * from pending_import when its turn comes. Reading them back costs the page thread a copy and decoding of each file
 * (a CPU profile of 20 uploads at once showed it), keeping them all would cost 20 MB per waiting upload.
 */
const HELD_BYTES_MAX = 64 * 1024 * 1024;
let heldBytes = 0;

/** The reads this process has queued or running, each until its outcome is written: stopImportReads ends them. */
const activeReads = new Map<string, { job: ReadJob; settled: Promise<void> }>();
let stoppingReads = false;

export const READ_INTERRUPTED = 'Lesingen ble avbrutt fordi Kodeverk ble stoppet eller startet på nytt. Last opp filen på nytt.';

/**
 * For shutdown, before the database closes: every read this process still has (running or queued) is marked «feilet»
 * with READ_INTERRUPTED, so the next start — of this or any instance — shows it as interrupted at once rather than
 * as «leses» until it goes stale; then the worker threads stop. A read that finished first keeps its result (only
 * rows still «leser» are marked). Returns how many reads were stopped.
 */
export async function stopImportReads(db: Db): Promise<number> {
  stoppingReads = true;
  const reads = [...activeReads.values()];
  for (const { job } of reads) {
    // a database already gone cannot be told; the row then goes stale (STALE_READ_MS) with its heartbeat stopped
    await repo.interruptPendingImport(db, job.tjenesteId, job.id, READ_INTERRUPTED).catch(() => undefined);
  }
  await closeImportJobs();
  // each read's own writes end once its job fails with the threads (stoppingReads: it writes no outcome of its own)
  await Promise.all(reads.map((r) => r.settled));
  return reads.length;
}

/**
 * Not awaited by the request: the read is queued for a worker thread (import.jobs.ts), which gets the bytes from
 * pending_import when its turn comes. Never rejects: a failure becomes status «feilet» (or, if even that cannot be
 * written, a stale row).
 */
function readInBackground(db: Db, log: Logger, job: ReadJob): void {
  let lastRows = 0;
  let lastAt = Date.now();
  let writing: Promise<void> | null = null;
  const onProgress = (rowsRead: number) => {
    const now = Date.now();
    if (writing || (rowsRead - lastRows < PROGRESS_ROWS && now - lastAt < PROGRESS_MS)) return;
    lastRows = rowsRead;
    lastAt = now;
    writing = repo
      .updatePendingProgress(db, job.tjenesteId, job.id, rowsRead)
      .catch((err: unknown) => log.warn({ err }, 'import progress not saved'))
      .finally(() => {
        writing = null;
      });
  };
  const heartbeat = setInterval(() => {
    if (!writing)
      writing = repo
        .updatePendingProgress(db, job.tjenesteId, job.id, lastRows)
        .catch((err: unknown) => log.warn({ err }, 'import heartbeat not saved'))
        .finally(() => (writing = null));
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const { onProgress: _none, ...options } = job.options;
  let held = job.upload && heldBytes + job.upload.bytes.length <= HELD_BYTES_MAX ? job.upload : null;
  if (held) heldBytes += held.bytes.length;
  const release = () => {
    if (held) heldBytes -= held.bytes.length;
    held = null;
  };
  const load = async () => {
    const kept = held;
    release();
    // cancelled while it waited: nothing to read
    if (kept) return (await repo.findPendingImport(db, job.tjenesteId, job.id)) ? { bytes: kept.bytes, fileName: kept.fileName, register: job.register, options } : null;
    const stored = await repo.findPendingImportBytes(db, job.tjenesteId, job.id);
    if (!stored) return null;
    return { bytes: stored.file_bytes, fileName: stored.file_name, register: job.register, options };
  };
  const run = async () => {
    let outcome: Parameters<typeof repo.finishPendingImport>[3];
    try {
      const done = await importJobs().parse(job.owner, job.id, load, onProgress);
      if (!done) return;
      outcome = { status: 'klar', result: null, resultJson: done.json, failure: null, rowsRead: done.rowsRead };
    } catch (err) {
      outcome = { status: 'feilet', result: null, failure: readFailure(err), rowsRead: lastRows };
      if (err instanceof QueueFullError || err instanceof JobTimeoutError) log.warn({ err, register: job.register }, 'import read refused');
      else log.error({ err, register: job.register }, 'import read failed');
    } finally {
      clearInterval(heartbeat);
      release();
    }
    if (writing) await writing;
    // at shutdown the row is already marked interrupted (stopImportReads), and the database is about to close
    if (stoppingReads) return;
    await repo.finishPendingImport(db, job.tjenesteId, job.id, outcome);
  };
  const settled = run()
    .catch((err: unknown) => log.error({ err }, 'import result not saved'))
    .finally(() => activeReads.delete(job.id));
  activeReads.set(job.id, { job, settled });
}

function readFailure(err: unknown): string {
  if (err instanceof QueueFullError) return QUEUE_FULL;
  if (err instanceof JobTimeoutError || err instanceof WorkerCrashError) {
    return 'Filen var for stor eller for tung å lese (lesingen ble stoppet). Fjern ark og rader som ikke trengs, eller del filen opp, og last den opp på nytt.';
  }
  return 'Filen kunne ikke leses på grunn av en feil hos oss. Feilen er logget. Prøv igjen, eller lagre filen på nytt som .xlsx i Excel.';
}

/**
 * «Last ned med feilmarkering», built in a worker thread. One heavy job per user: a second download while the first
 * (or a read of theirs) runs is refused, not queued, since the browser would wait on it. An expired preview is gone.
 */
export async function markedWorkbook(db: Db, actor: Actor, id: string, now: Date): Promise<{ fileName: string; bytes: Buffer }> {
  requirePermission(actor, 'importRegisters');
  const pending = await repo.findPendingImport(db, actor.tjenesteId, id);
  if (!pending || new Date(pending.expires_at) < now) throw new NotFoundError('Forhåndsvisningen finnes ikke lenger (den varer ett døgn, eller den er lagret eller avbrutt). Last opp filen på nytt.');
  if (pending.status !== 'klar') throw new NotFoundError('Filen er ikke ferdig lest ennå. Vent til forhåndsvisningen er klar.');
  const load = async () => {
    const stored = await repo.findPendingImportForMarking(db, actor.tjenesteId, id);
    if (!stored) throw new NotFoundError();
    return { bytes: stored.file_bytes, fileName: stored.file_name, issuesJson: Buffer.from(stored.issues_json, 'utf8') };
  };
  let bytes: Buffer;
  try {
    bytes = await importJobs().mark(ownerOf(actor), `mark:${id}:${crypto.randomUUID()}`, load);
  } catch (err) {
    if (err instanceof OwnerBusyError) throw new TooManyRequestsError('Du har allerede en fil som leses eller markeres. Vent til den er ferdig, og prøv igjen.');
    if (err instanceof QueueFullError) throw new TooManyRequestsError(QUEUE_FULL);
    if (err instanceof JobTimeoutError || err instanceof WorkerCrashError) {
      throw new PayloadTooLargeError('Filen er for stor til å lages med feilmarkering. Feilene står i listen på siden: rett dem i din egen fil og last den opp på nytt, eller del filen opp.');
    }
    throw err;
  }
  const stem = pending.file_name.replace(/\.[^.]*$/, '') || 'fil';
  return { fileName: `${stem}-med-feilmarkering.xlsx`, bytes };
}

export interface CommitInput {
  tjenesteId: number;
  register: RegisterName;
  fileName: string;
  records: ParseResult<RegisterRecord>['records'];
  counts: ParseResult<RegisterRecord>['counts'];
  errorCount: number;
  /** the warnings, or a SQL expression giving them as jsonb (a preview's, copied by the database) */
  warnings: ParseResult<RegisterRecord>['warnings'] | RawBuilder<string>;
  warningCount: number;
  /** the register's version the preview was made from: another version saved meanwhile refuses the commit */
  expectedVersionNo?: number;
  /** what the user fixed in the preview, in words (kept with the version) */
  fixes?: string[];
}

/** A read result as what commitRecords saves. */
export const commitInputOf = (result: ParseResult<RegisterRecord>): Pick<CommitInput, 'records' | 'counts' | 'errorCount' | 'warnings' | 'warningCount'> => ({
  records: result.records,
  counts: result.counts,
  errorCount: result.errors.length,
  warnings: result.warnings,
  warningCount: result.warnings.length,
});

/**
 * The one commit of a read register, shared by the web flow and `kodeverk import` (STYLE.md habit 7):
 * a new immutable version with batched rows and its audit entry, inside the caller's transaction
 * (commitRegisterVersion, the same path an edit in the app and a restore take).
 */
export async function commitRecords(trx: Trx, by: Committer, input: CommitInput): Promise<CommitOutcome> {
  if (input.errorCount > 0) throw new BadRequestError('Filen har feil og kan ikke lagres. Rett feilene i filen og last den opp på nytt.', 'import_has_errors');
  return commitRegisterVersion(
    trx,
    by,
    {
      tjenesteId: input.tjenesteId,
      register: input.register,
      fileName: input.fileName,
      records: input.records,
      counts: input.counts,
      warnings: input.warnings,
      ...(input.fixes?.length ? { fixes: input.fixes } : {}),
      ...(input.expectedVersionNo === undefined ? {} : { expectedVersionNo: input.expectedVersionNo }),
    },
    {
      action: 'importert',
      summary: (versionNo) =>
        `Importerte ${REGISTER_LABEL[input.register].toLowerCase()} versjon ${versionNo} fra ${input.fileName} (${countsText(input.counts)}; ${countWord(input.warningCount, 'advarsel', 'advarsler')})`,
    },
  );
}

/** The file would remove much of the register (import.removal.ts) and the user has not confirmed it: nothing is saved. */
export class RemovalNotConfirmedError extends Error {
  constructor(readonly reasons: string[]) {
    super('removal not confirmed');
  }
}

/**
 * «Lagre som ny versjon»: the pending import becomes a version and disappears, all in one transaction. A file that
 * would remove more than half of the register or empty a kontoplan dimension needs confirmedRemoval (the box on the
 * preview), checked against the version current at commit.
 */
export async function commitPendingImport(db: Db, actor: Actor, id: string, now: Date = new Date(), opts: { confirmedRemoval?: boolean } = {}): Promise<CommitOutcome & { register: RegisterName }> {
  requirePermission(actor, 'importRegisters');
  return db.transaction().execute(async (trx) => {
    const pending = await repo.lockPendingImport(trx, actor.tjenesteId, id);
    if (!pending) throw new NotFoundError();
    // a preview lives one day (PENDING_LIFETIME_MS); one past it may no longer be what the user checked
    if (new Date(pending.expires_at) < now) throw new NotFoundError('Forhåndsvisningen finnes ikke lenger (den varer ett døgn, eller den er lagret eller avbrutt). Last opp filen på nytt.');
    if (pending.status !== 'klar' || !pending.result) throw new ConflictError('Filen er ikke ferdig lest. Vent til forhåndsvisningen er klar, eller last opp filen på nytt.', 'import_not_ready');
    const register = pending.register as RegisterName;
    if (register !== 'kontoplan') {
      // The arts were checked against the kontoplan current at upload; a newer kontoplan may lack some of them.
      const kontoplan = await findCurrentVersion(trx, actor.tjenesteId, 'kontoplan');
      if ((kontoplan?.version_no ?? null) !== pending.kontoplan_version_no) {
        throw new ConflictError(
          `Kontoplanen er endret etter at filen ble lest (nå versjon ${kontoplan?.version_no ?? '–'}). Last opp filen på nytt, så kontrolleres artene mot den nye kontoplanen.`,
          'kontoplan_changed',
        );
      }
    }
    const records = await repo.findPendingRecords(trx, actor.tjenesteId, id, pending.result.recordCount);
    if (!opts.confirmedRemoval) {
      const current = await findCurrentVersion(trx, actor.tjenesteId, register);
      if (current) {
        const before = await listVersionRecords(trx, register, current.id);
        const guard = removalGuardOf(register, before, records, diffRegister(register, before, records));
        if (guard) throw new RemovalNotConfirmedError(guard.reasons);
      }
    }
    const outcome = await commitRecords(
      trx,
      { userId: actor.userId, label: actor.label },
      {
        tjenesteId: actor.tjenesteId,
        register,
        fileName: pending.file_name,
        records,
        counts: pending.result.counts,
        errorCount: pending.result.errors.length,
        warnings: repo.pendingWarningsSql(actor.tjenesteId, id),
        warningCount: pending.result.warningCount,
        // the fixes made in the preview and the value mappings used, listed in the version's record
        fixes: [...fixesText(pending.fixes), ...(pending.result.notes ?? []).filter((n) => n.code === 'verdivalg_brukt').map((n) => n.message)],
        ...(pending.base_version_no === null ? {} : { expectedVersionNo: pending.base_version_no }),
      },
    );
    await repo.deletePendingImport(trx, actor.tjenesteId, id);
    return { ...outcome, register };
  });
}

export async function cancelPendingImport(db: Db, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'importRegisters');
  if (!(await repo.deletePendingImport(db, actor.tjenesteId, id))) throw new NotFoundError();
}

export type FileImportOutcome =
  | { kind: 'unknown_tjeneste' }
  /** removalRefused: the file would remove much of the register and the removal was not confirmed (nothing saved) */
  | { kind: 'read'; regnskapsar: number; result: ParseResult<RegisterRecord>; kontoplanMissing: boolean; committed: CommitOutcome | null; removalRefused?: string[] };

/**
 * `kodeverk import`: the web flow without the preview — same parse options (the tjeneste's regnskapsår, remembered
 * column mapping and kontoplan arter) and the same commit (commitRecords) unless dry-run or the file has errors.
 */
export async function importFile(
  db: Db,
  by: Committer,
  input: { tjenesteSlug: string; register: RegisterName; fileName: string; bytes: Buffer; dryRun: boolean; confirmedRemoval?: boolean },
): Promise<FileImportOutcome> {
  const tjeneste = await findTjenesteBySlug(db, input.tjenesteSlug);
  if (!tjeneste) return { kind: 'unknown_tjeneste' };
  const setup = await parseSetupFor(db, { tjenesteId: tjeneste.id, regnskapsar: tjeneste.regnskapsar }, input.register);
  const result = await parseRegisterFile(input.bytes, input.fileName, definitionFor(input.register), setup.options, otherDefinitions(input.register));
  const kontoplanMissing = input.register !== 'kontoplan' && setup.kontoplanVersionNo === null;
  if (input.dryRun || result.errors.length > 0) return { kind: 'read', regnskapsar: tjeneste.regnskapsar, result, kontoplanMissing, committed: null };
  try {
    const committed = await db.transaction().execute(async (trx) => {
      // the command line asks as the preview does: a file that removes much of the register needs --bekreft-fjerning
      if (!input.confirmedRemoval) {
        const current = await findCurrentVersion(trx, tjeneste.id, input.register);
        if (current) {
          const before = await listVersionRecords(trx, input.register, current.id);
          const guard = removalGuardOf(input.register, before, result.records, diffRegister(input.register, before, result.records));
          if (guard) throw new RemovalNotConfirmedError(guard.reasons);
        }
      }
      return commitRecords(trx, by, { tjenesteId: tjeneste.id, register: input.register, fileName: input.fileName, ...commitInputOf(result) });
    });
    return { kind: 'read', regnskapsar: tjeneste.regnskapsar, result, kontoplanMissing, committed };
  } catch (err) {
    if (!(err instanceof RemovalNotConfirmedError)) throw err;
    return { kind: 'read', regnskapsar: tjeneste.regnskapsar, result, kontoplanMissing, committed: null, removalRefused: err.reasons };
  }
}
