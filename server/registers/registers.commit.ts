import type { RawBuilder } from 'kysely';
import type { Trx } from '../platform/db/database.ts';
import type { RegisterVersionSource } from './registers.tables.ts';
import type { RegisterName } from '../spreadsheet/types.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { insertRegisterVersion } from './registers.writer.ts';
import type { RegisterRecord } from './registry.ts';

/** Who commits: a logged-in member (web) or the command line (no user). */
export interface Committer {
  userId: number | null;
  label: string;
}

export interface VersionContent {
  tjenesteId: number;
  register: RegisterName;
  /** the file's name; for an edit or a restore, what the version list shows in its place */
  fileName: string;
  records: readonly RegisterRecord[];
  counts: Record<string, number>;
  /** the warnings, or a SQL expression giving them as jsonb (see NewVersion) */
  warnings: unknown[] | RawBuilder<string>;
  /** refuse (VersionMovedError) unless this is still the current version number (0: none yet) */
  expectedVersionNo?: number;
  source?: RegisterVersionSource;
  reason?: string | null;
  restoredFrom?: number | null;
  /** what was fixed in the preview, in words (the file itself is not changed) */
  fixes?: readonly string[];
}

export type CommitOutcome = { created: true; versionNo: number; contentHash: string } | { created: false; versionNo: number; contentHash: string };

/**
 * The one path a register's new content takes, whether it came from a file, an edit in the app or a restored version:
 * a new immutable version (same content hash: none), and its audit entry in the same transaction. The audit entry is
 * what the approval pages read to send a kommune back (kodeverk/changes.ts), so every source makes approvals stale alike.
 */
export async function commitRegisterVersion(
  trx: Trx,
  by: Committer,
  c: VersionContent,
  audit: { action: string; summary: (versionNo: number) => string; after?: Record<string, unknown> },
): Promise<CommitOutcome> {
  const written = await insertRegisterVersion(
    trx,
    {
      tjenesteId: c.tjenesteId,
      register: c.register,
      fileName: c.fileName,
      counts: c.counts,
      warnings: c.warnings,
      createdBy: by.userId,
      ...(c.source ? { source: c.source } : {}),
      reason: c.reason ?? null,
      restoredFrom: c.restoredFrom ?? null,
      ...(c.fixes ? { fixes: c.fixes } : {}),
      ...(c.expectedVersionNo === undefined ? {} : { expectedVersionNo: c.expectedVersionNo }),
    },
    c.records,
  );
  if (!written.created) return { created: false, versionNo: written.versionNo, contentHash: written.contentHash };
  await recordAudit(trx, {
    tjenesteId: c.tjenesteId,
    actor: by.userId === null ? null : { id: by.userId, label: by.label },
    action: audit.action,
    entity: c.register,
    entityId: written.versionNo,
    summary: audit.summary(written.versionNo),
    after: { versionNo: written.versionNo, contentHash: written.contentHash, fileName: c.fileName, ...(audit.after ?? {}) },
  });
  return { created: true, versionNo: written.versionNo, contentHash: written.contentHash };
}
