import type { Executor } from '../platform/db/database.ts';
import type { Tiltakstype } from '../spreadsheet/types.ts';
import { databaseKey, sharedLoader } from '../platform/cache.ts';
import * as repo from './registers.repository.ts';
import type { KontoplanRecord } from '../kontoplan/kontoplan.definition.ts';
import type { LonnsartRecord } from '../lonnsarter/lonnsarter.definition.ts';
import type { UtbetalingskategoriRecord } from '../utbetalingskategorier/utbetalingskategorier.definition.ts';

/** A kontoplan code as stored, without its dimension (the list it is in says it); kontoklasse null for ansvar/funksjon and for rows stored before it was derived. */
export type Konto = Omit<KontoplanRecord, 'dimensjon'>;
export interface VersionRef {
  id: number;
  versionNo: number;
  contentHash: string;
  fileName: string;
  createdAt: Date;
}
export interface CurrentKontoplan {
  version: VersionRef;
  art: Konto[];
  ansvar: Konto[];
  funksjon: Konto[];
}
/** A lønnsart as stored: every field of the lønnsarter definition. */
export type CurrentLonnsart = LonnsartRecord;
/** An utbetalingskategori as stored, with its place in the file (lopenr). */
export type CurrentUtbetalingskategori = UtbetalingskategoriRecord & { lopenr: number };
export interface CurrentRegisters {
  kontoplan: CurrentKontoplan | null;
  lonnsarter: { version: VersionRef; rows: CurrentLonnsart[] } | null;
  utbetalingskategorier: { version: VersionRef; rows: CurrentUtbetalingskategori[] } | null;
}

const ref = (v: { id: number; version_no: number; content_hash: string; file_name: string; created_at: Date }): VersionRef => ({
  id: v.id,
  versionNo: v.version_no,
  contentHash: v.content_hash,
  fileName: v.file_name,
  createdAt: v.created_at,
});

/**
 * The rows of a register version, read once per database and content hash. Versions are immutable and
 * content-hashed (the hash covers every field of every row), so the rows read for a hash never change; pages and
 * services then read only the small version rows per request instead of a kontoplan of thousands of rows. Callers
 * must treat the returned rows as read-only (frozen under test).
 *
 * Why it exists: measured with bench/http.bench.ts (BENCH_PATHS) on the bench's 5,016-row kontoplan, the code search
 * (koder/art?q=…) costs ~1.5 ms of server CPU per request with it and 26–33 ms without, the posting preview 4–5 ms
 * against 44 ms; every first render of a page after a change reads the registers through it too.
 *
 * Budget: a 5,016-row kontoplan as read takes about 700 KB of heap, 1.5 × its JSON (measured with the bench's
 * kontoplan); 24 MB holds the three registers of a few dozen tjenester' current and previous versions.
 */
const versionRows = sharedLoader<object>({ maxBytes: 24 * 1024 * 1024, bytesOf: (rows) => 1.5 * JSON.stringify(rows).length });
function cachedRows<T extends object>(db: Executor, contentHash: string, read: () => Promise<T>): Promise<T> {
  return versionRows.load(`${databaseKey(db)}:${contentHash}`, read) as Promise<T>;
}

async function readKontoplan(db: Executor, versionId: number) {
  const rows = await repo.listKontoplanRows(db, versionId);
  const pick = (d: string): Konto[] => rows.filter((r) => r.dimensjon === d).map(({ dimensjon: _d, ...konto }) => konto as Konto);
  return { art: pick('art'), ansvar: pick('ansvar'), funksjon: pick('funksjon') };
}

/** The current (newest) version of each register of a tjeneste: what mapping, matrix, settings and export read. */
export async function loadCurrentRegisters(db: Executor, tjenesteId: number): Promise<CurrentRegisters> {
  return currentRegistersOf(db, await repo.findCurrentVersions(db, tjenesteId));
}

/** A register's current version row, as findCurrentVersions (or the kodeverk state's one statement) reads it. */
export interface CurrentVersionRow {
  id: number;
  version_no: number;
  content_hash: string;
  file_name: string;
  created_at: Date;
}

/** loadCurrentRegisters on version rows already read: the rows of each version come from the cache (read on a miss). */
export async function currentRegistersOf(
  db: Executor,
  versions: { kontoplan?: CurrentVersionRow | undefined; lonnsarter?: CurrentVersionRow | undefined; utbetalingskategorier?: CurrentVersionRow | undefined },
): Promise<CurrentRegisters> {
  const kv = versions.kontoplan;
  const lv = versions.lonnsarter;
  const uv = versions.utbetalingskategorier;
  const [kontoplan, lonnsarter, utbetalingskategorier] = await Promise.all([
    kv ? cachedRows(db, kv.content_hash, () => readKontoplan(db, kv.id)).then((k): CurrentKontoplan => ({ version: ref(kv), ...k })) : null,
    lv ? cachedRows(db, lv.content_hash, () => repo.listLonnsartRows(db, lv.id)).then((rows) => ({ version: ref(lv), rows })) : null,
    uv
      ? cachedRows(db, uv.content_hash, async () =>
          (await repo.listUtbetalingskategoriRows(db, uv.id)).map((r): CurrentUtbetalingskategori => ({ ...r, tiltakstype: r.tiltakstype as Tiltakstype })),
        ).then((rows) => ({
          version: ref(uv),
          rows,
        }))
      : null,
  ]);
  return { kontoplan, lonnsarter, utbetalingskategorier };
}
