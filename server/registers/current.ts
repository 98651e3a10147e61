import type { Executor } from '../platform/db/database.ts';
import type { Tiltakstype } from '../spreadsheet/types.ts';
import * as repo from './registers.repository.ts';

export interface Konto { kode: string; navn: string; aktiv: boolean; kostra: string | null }
export interface VersionRef { id: number; versionNo: number; contentHash: string; fileName: string; createdAt: Date }
export interface CurrentKontoplan { version: VersionRef; art: Konto[]; ansvar: Konto[]; funksjon: Konto[] }
export interface CurrentLonnsart { kode: string; navn: string; art: string; skattepliktig: boolean | null; aga: boolean | null; feriepengegrunnlag: boolean | null; amelding_beskrivelse: string | null }
export interface CurrentUtbetalingskategori { lopenr: number; kode: string | null; navn: string; art: string; tiltakstype: Tiltakstype }
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

/** The current (newest) version of each register of a tjeneste: what mapping, matrix, settings and export read. */
export async function loadCurrentRegisters(db: Executor, tjenesteId: number): Promise<CurrentRegisters> {
  const [kv, lv, uv] = await Promise.all([
    repo.findCurrentVersion(db, tjenesteId, 'kontoplan'),
    repo.findCurrentVersion(db, tjenesteId, 'lonnsarter'),
    repo.findCurrentVersion(db, tjenesteId, 'utbetalingskategorier'),
  ]);
  let kontoplan: CurrentKontoplan | null = null;
  if (kv) {
    const rows = await repo.listKontoplanRows(db, kv.id);
    const pick = (d: string) => rows.filter((r) => r.dimensjon === d).map(({ kode, navn, aktiv, kostra }) => ({ kode, navn, aktiv, kostra }));
    kontoplan = { version: ref(kv), art: pick('art'), ansvar: pick('ansvar'), funksjon: pick('funksjon') };
  }
  const lonnsarter = lv ? { version: ref(lv), rows: await repo.listLonnsartRows(db, lv.id) } : null;
  const utbetalingskategorier = uv
    ? { version: ref(uv), rows: (await repo.listUtbetalingskategoriRows(db, uv.id)).map((r) => ({ ...r, tiltakstype: r.tiltakstype as Tiltakstype })) }
    : null;
  return { kontoplan, lonnsarter, utbetalingskategorier };
}
