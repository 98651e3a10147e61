import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';

export async function listExports(db: Executor, tjenesteId: number) {
  return (
    db
      .selectFrom('kodeverk_export')
      // the year each package was made for (its document says it): a tjeneste moves on to the next year (#12 item 9)
      .select(['export_no', 'content_hash', 'file_name', 'zip_sha256', 'created_by_label', 'created_at', sql<number | null>`(document->'tjeneste'->>'regnskapsar')::int`.as('regnskapsar')])
      .where('tjeneste_id', '=', tjenesteId)
      .orderBy('export_no', 'desc')
      .execute()
  );
}

/** Serialises the final exports of one tjeneste (the next number, the «unchanged since» check). */
export async function lockTjeneste(db: Executor, tjenesteId: number) {
  await db.selectFrom('tjeneste').select('id').where('id', '=', tjenesteId).forUpdate().executeTakeFirstOrThrow();
}

export async function findLatestExport(db: Executor, tjenesteId: number) {
  return db.selectFrom('kodeverk_export').select(['export_no', 'content_hash']).where('tjeneste_id', '=', tjenesteId).orderBy('export_no', 'desc').limit(1).executeTakeFirst();
}

export async function findExportZip(db: Executor, tjenesteId: number, exportNo: number) {
  return db.selectFrom('kodeverk_export').select(['file_name', 'zip']).where('tjeneste_id', '=', tjenesteId).where('export_no', '=', exportNo).executeTakeFirst();
}

export async function findExportDocument(db: Executor, tjenesteId: number, exportNo: number) {
  return db
    .selectFrom('kodeverk_export')
    .select(['export_no', 'document', 'created_at', 'created_by_label'])
    .where('tjeneste_id', '=', tjenesteId)
    .where('export_no', '=', exportNo)
    .executeTakeFirst();
}

export async function insertExport(
  db: Executor,
  e: { tjenesteId: number; exportNo: number; contentHash: string; fileName: string; zipSha256: string; zip: Buffer; document: unknown; createdBy: number | null; createdByLabel: string },
) {
  await db
    .insertInto('kodeverk_export')
    .values({
      tjeneste_id: e.tjenesteId,
      export_no: e.exportNo,
      content_hash: e.contentHash,
      file_name: e.fileName,
      zip_sha256: e.zipSha256,
      zip: e.zip,
      document: JSON.stringify(e.document),
      created_by: e.createdBy,
      created_by_label: e.createdByLabel,
    })
    .execute();
}
