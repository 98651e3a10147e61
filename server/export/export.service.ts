import type { Db } from '../platform/db/database.ts';
import { ConflictError, NotFoundError } from '../platform/http/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { notifyFinalExport } from '../notifications/notifications.service.ts';
import { requirePermission } from '../auth/permissions.ts';
import { sha256 } from '../registers/content-hash.ts';
import { exportBlockersOf, type ExportBlocker } from '../kodeverk/kodeverk.approvals.ts';
import { loadKodeverkState, type KodeverkState } from '../kodeverk/kodeverk.state.ts';
import { buildKodeverkDocument } from './export.builder.ts';
import { buildPackage, packageFileName } from './export.files.ts';
import { diffDocuments } from './export.diff.ts';
import { kodeverkDocumentSchema, type KodeverkDocument } from './export.document.ts';
import * as repo from './export.repository.ts';

/** Who asks for an export: a logged-in member, or the command line. */
export interface Exporter {
  userId: number | null;
  label: string;
  roles: readonly string[] | null;
  tjenesteId: number;
}

function requireExportRight(e: Exporter) {
  // The command line runs with the server's own rights; in the browser lønn/regnskap and admin export.
  if (e.roles) requirePermission({ userId: e.userId ?? 0, roles: e.roles as never }, 'export');
}

export { exportBlockersOf, type ExportBlocker };

/** A draft package of the state (the page's, or the command line's own read): no gate, nothing stored. */
export async function draftPackage(state: KodeverkState, who: Exporter) {
  requireExportRight(who);
  return buildPackage(buildKodeverkDocument(state, { draft: true, exportNo: null }));
}

/**
 * A final export: only when everything is approved and the matrix has no problems. Stored immutably with the next
 * number; when the kodeverk is unchanged since the last final export, that export is returned instead of a copy.
 */
export async function finalExport(db: Db, who: Exporter): Promise<{ created: boolean; exportNo: number; fileName: string }> {
  requireExportRight(who);
  return db.transaction().execute(async (trx) => {
    // locked before the state is read: two final exports are numbered one after the other
    await repo.lockTjeneste(trx, who.tjenesteId);
    const state = await loadKodeverkState(trx, who.tjenesteId);
    const blockers = exportBlockersOf(state);
    if (blockers.length) throw new ConflictError(`Endelig eksport er ikke mulig ennå: ${blockers.map((b) => b.message).join(' ')} Du kan laste ned et utkast i mellomtiden.`, 'export_not_ready');
    const latest = await repo.findLatestExport(trx, who.tjenesteId);
    const exportNo = (latest?.export_no ?? 0) + 1;
    const doc = buildKodeverkDocument(state, { draft: false, exportNo });
    if (latest && latest.content_hash === doc.innholdshash) {
      const slug = doc.tjeneste.slug;
      return { created: false, exportNo: latest.export_no, fileName: packageFileName(slug, { utkast: false, eksportnummer: latest.export_no }) };
    }
    const pkg = await buildPackage(doc);
    await repo.insertExport(trx, {
      tjenesteId: who.tjenesteId,
      exportNo,
      contentHash: doc.innholdshash,
      fileName: pkg.fileName,
      zipSha256: sha256(pkg.zip),
      zip: pkg.zip,
      document: doc,
      createdBy: who.userId,
      createdByLabel: who.label,
    });
    await recordAudit(trx, {
      tjenesteId: who.tjenesteId,
      actor: who.userId ? { id: who.userId, label: who.label } : null,
      action: 'eksportert',
      entity: 'kodeverk',
      entityId: exportNo,
      summary: `Endelig eksport nr. ${exportNo} (${pkg.fileName})`,
      after: { eksportnummer: exportNo, innholdshash: doc.innholdshash, zipSha256: sha256(pkg.zip) },
    });
    await notifyFinalExport(trx, who, { exportNo, fileName: pkg.fileName }); // e-mail to the admins, in this transaction
    return { created: true, exportNo, fileName: pkg.fileName };
  });
}

export async function downloadExport(db: Db, tjenesteId: number, exportNo: number) {
  const row = await repo.findExportZip(db, tjenesteId, exportNo);
  if (!row) throw new NotFoundError();
  return { fileName: row.file_name, zip: row.zip };
}

/**
 * A stored document as the comparison reads it. An export made with an older schemaVersion was checked against its own
 * version's schema when it was made; it is compared as stored (the comparison reads fields a version lacks as absent).
 */
function comparable(document: unknown): KodeverkDocument {
  const parsed = kodeverkDocumentSchema.safeParse(document);
  return parsed.success ? parsed.data : (document as KodeverkDocument);
}

/** Before is always the older export, whichever order the two were picked in: a code in the newer one only is «Lagt til». */
export async function compareExports(db: Db, tjenesteId: number, first: number, second: number) {
  const [a, b] = first <= second ? [first, second] : [second, first];
  const [x, y] = await Promise.all([repo.findExportDocument(db, tjenesteId, a), repo.findExportDocument(db, tjenesteId, b)]);
  if (!x || !y) throw new NotFoundError();
  return { older: a, newer: b, a: x, b: y, sections: diffDocuments(comparable(x.document), comparable(y.document)) };
}

export const listExports = repo.listExports;
