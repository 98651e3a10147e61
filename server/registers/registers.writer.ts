import type { Trx } from '../platform/db/database.ts';
import type { KontoplanRecord, LonnsartRecord, RegisterName, RegisterRecord, UtbetalingskategoriRecord } from '../spreadsheet/types.ts';
import { registerContentHash } from './content-hash.ts';

const BATCH = 1000;

async function inBatches<T>(rows: readonly T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

export interface NewVersion {
  tjenesteId: number;
  register: RegisterName;
  fileName: string;
  counts: Record<string, number>;
  warnings: unknown[];
  createdBy: number | null;
}

/**
 * Writes a new immutable version with its rows (batched multi-row inserts) inside the caller's transaction.
 * Returns null when the records equal the current version's content: no new version then.
 */
export async function insertRegisterVersion(trx: Trx, v: NewVersion, records: readonly RegisterRecord[]) {
  const contentHash = registerContentHash(v.register, records);
  // Serialise concurrent commits of the same register of one tjeneste; the unique constraint is the backstop.
  await trx.selectFrom('tjeneste').select('id').where('id', '=', v.tjenesteId).forUpdate().executeTakeFirstOrThrow();
  const current = await trx
    .selectFrom('register_version')
    .select(['version_no', 'content_hash'])
    .where('tjeneste_id', '=', v.tjenesteId)
    .where('register', '=', v.register)
    .orderBy('version_no', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (current?.content_hash === contentHash) return { created: false as const, versionNo: current.version_no, contentHash };
  const version = await trx
    .insertInto('register_version')
    .values({
      tjeneste_id: v.tjenesteId,
      register: v.register,
      version_no: (current?.version_no ?? 0) + 1,
      content_hash: contentHash,
      file_name: v.fileName,
      counts: JSON.stringify(v.counts),
      warnings: JSON.stringify(v.warnings),
      created_by: v.createdBy,
    })
    .returning(['id', 'version_no'])
    .executeTakeFirstOrThrow();
  const versionId = version.id;
  if (v.register === 'kontoplan') {
    await inBatches(records as KontoplanRecord[], (b) =>
      trx.insertInto('kontoplan_konto').values(b.map((r) => ({ version_id: versionId, dimensjon: r.dimensjon, kode: r.kode, navn: r.navn, aktiv: r.aktiv, kostra: r.kostra }))).execute(),
    );
  } else if (v.register === 'lonnsarter') {
    await inBatches(records as LonnsartRecord[], (b) =>
      trx
        .insertInto('lonnsart')
        .values(b.map((r) => ({ version_id: versionId, kode: r.kode, navn: r.navn, art: r.art, skattepliktig: r.skattepliktig, aga: r.aga, feriepengegrunnlag: r.feriepengegrunnlag, amelding_beskrivelse: r.amelding_beskrivelse })))
        .execute(),
    );
  } else {
    const rows = (records as UtbetalingskategoriRecord[]).map((r, i) => ({ version_id: versionId, lopenr: i + 1, kode: r.kode, navn: r.navn, art: r.art, tiltakstype: r.tiltakstype }));
    await inBatches(rows, (b) => trx.insertInto('utbetalingskategori').values(b).execute());
  }
  return { created: true as const, versionNo: version.version_no, versionId, contentHash };
}
