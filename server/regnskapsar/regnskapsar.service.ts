import type { Db, Executor, Trx } from '../platform/db/database.ts';
import type { Actor } from '../platform/http/context.ts';
import { ConflictError, NotFoundError } from '../platform/http/errors.ts';
import { requirePermission } from '../auth/permissions.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { countWord, joinNames } from '../platform/text.ts';
import { findCurrentVersion, listKontoplanRows } from '../registers/versions.ts';
import { insertRegisterVersion } from '../registers/registers.writer.ts';
import { findKontoplanScheme } from '../kontoplan/kontoplan-scheme.repository.ts';
import { deriveKostraArt, kostraFunksjon, kostraListNote } from '../reference/kostra.ts';
import { matrixLinesOf } from '../kodeverk/kodeverk.matrix.ts';
import { kommuneReviewsOf } from '../review/review.service.ts';
import { resetApprovalsForYear } from '../review/review.reset.ts';
import { listExports } from '../export/export.service.ts';
import { changeTjeneste } from '../tenancy/tenancy.service.ts';
import type { KodeverkState } from '../kodeverk/kodeverk.state.ts';
import type { Issue } from '../spreadsheet/types.ts';
import { kostraListChanges, rederiveKontoplan, type ListChange, type RederivedArt } from './regnskapsar.rules.ts';
import type { KontoplanRecord } from '../kontoplan/kontoplan.definition.ts';

// warnings whose text depends on the year's list: redone for the new year, the others kept from the import
const YEAR_WARNINGS = new Set(['kostra_art_utgatt', 'kostra_art_ikke_gyldig_enna', 'kostra_art_mangler']);

const arrow = (c: RederivedArt) => `${c.kode}: ${c.before ?? 'ingen'} → ${c.after ?? 'ingen'}`;

/**
 * After the regnskapsår changed from `from` to `to` (inside that change's transaction): the kontoplan's stored KOSTRA
 * derivations redone against the new year's lists, as a new kontoplan version made by the system and logged as such.
 * No new version when nothing changes. Approvals are not touched: they go stale by their hash where a kontostreng
 * (its lines and findings) changes, and only there.
 */
export async function rederiveForYear(trx: Trx, tjenesteId: number, from: number, to: number, changedBy: string): Promise<{ versionNo: number; changed: RederivedArt[] } | null> {
  if (from === to) return null;
  const current = await findCurrentVersion(trx, tjenesteId, 'kontoplan');
  if (!current) return null;
  const rows = (await listKontoplanRows(trx, current.id)) as KontoplanRecord[];
  const scheme = await findKontoplanScheme(trx, tjenesteId);
  const r = rederiveKontoplan(rows, from, to, { artScheme: scheme?.artScheme ?? null, kontoklasser: scheme?.kontoklasser ?? null });
  if (r.changed.length === 0) return null;
  const kept = (Array.isArray(current.warnings) ? (current.warnings as Issue[]) : []).filter((w) => !YEAR_WARNINGS.has(w.code));
  const redone: Issue[] = r.issues.filter((i) => YEAR_WARNINGS.has(i.code)).map((i) => ({ code: i.code, severity: i.severity, message: i.message, sheet: null, row: null, column: null, cell: null }));
  const written = await insertRegisterVersion(
    trx,
    {
      tjenesteId,
      register: 'kontoplan',
      fileName: `KOSTRA for regnskapsår ${to} (fra versjon ${current.version_no})`,
      source: 'system',
      counts: current.counts,
      warnings: [...kept, ...redone],
      createdBy: null,
    },
    r.records,
  );
  if (!written.created) return null;
  const shown = r.changed.slice(0, 10).map(arrow).join('; ');
  await recordAudit(trx, {
    tjenesteId,
    actor: null,
    action: 'utledet',
    entity: 'kontoplan',
    entityId: written.versionNo,
    summary: `Systemet laget kontoplan versjon ${written.versionNo}: KOSTRA-artene er utledet på nytt for regnskapsår ${to} etter at ${changedBy} endret regnskapsåret fra ${from} (${countWord(r.changed.length, 'art', 'arter')} endret: ${shown}${r.changed.length > 10 ? ' …' : ''})`,
    before: { versionNo: current.version_no, regnskapsar: from },
    // the arts as «12700: 270 → ingen»: the log shows values as text
    after: { versionNo: written.versionNo, regnskapsar: to, arter: r.changed.map(arrow) },
  });
  return { versionNo: written.versionNo, changed: r.changed };
}

/** «Kari Nordmann» of «Kari Nordmann <kari@kommune.no>»: the log's summary names the person, its user column has the address. */
export const personOf = (label: string) => label.replace(/ <.*>$/, '');

interface CodeUse {
  kode: string;
  navn: string;
  replacedBy: string[];
  /** what in the kodeverk uses it, in words; empty when nothing */
  uses: string[];
}

/**
 * The tjeneste's navn, organisasjonsnummer and regnskapsår changed (the Tjenesten page), and in the same transaction the
 * stored KOSTRA derivations follow a changed year (#12 item 9): a new kontoplan version by the system when they change.
 */
export async function updateTjeneste(db: Db, actor: Actor, input: { navn: string; organisasjonsnummer: string; regnskapsar: number }) {
  requirePermission(actor, 'administer');
  return db.transaction().execute(async (trx) => {
    const { before, after } = await changeTjeneste(trx, actor, input);
    await rederiveForYear(trx, actor.tjenesteId, before.regnskapsar, input.regnskapsar, personOf(actor.label));
    return after;
  });
}

/** «Kopier kodeverket til nytt regnskapsår»: what the page shows before the user confirms. */
export async function nextYearPageOf(db: Executor, tjenesteId: number, state: KodeverkState) {
  const from = state.tjeneste.regnskapsar;
  const to = from + 1;
  const changes = kostraListChanges(from, to);
  const input = state.matrix;
  const lines = matrixLinesOf(input);
  const kontoplan = input.kontoplan;
  const kommuneNavn = new Map(state.kommuner.map((k) => [k.kommunenummer, k.navn]));

  const artUse = (kode: string, navn: string) => {
    const own = lines.filter((l) => l.art === kode);
    const kategorier = input.utbetalingskategorier.filter((k) => k.art === kode).length;
    const lonnsarter = input.lonnsarter.filter((l) => l.art === kode).length;
    const who = [kategorier ? countWord(kategorier, 'utbetalingskategori', 'utbetalingskategorier') : null, lonnsarter ? countWord(lonnsarter, 'lønnsart', 'lønnsarter') : null].filter(
      Boolean,
    ) as string[];
    const kommuner = new Set(own.map((l) => l.kommunenummer)).size;
    if (who.length === 0 && own.length === 0) return `Art ${kode} ${navn} (ikke i bruk)`;
    return `Art ${kode} ${navn} brukes av ${who.length > 0 ? joinNames(who) : 'arbeidsgiveravgiften'} – ${countWord(own.length, 'kontostreng', 'kontostrenger')} i ${countWord(kommuner, 'kommune', 'kommuner')}`;
  };
  const arterWith = (kostra: string, year: number) => (kontoplan?.art ?? []).filter((a) => deriveKostraArt(a.kode, year, a.kostra) === kostra);
  const funksjonUse = (kostra: string) =>
    (kontoplan?.funksjon ?? [])
      .filter((f) => (f.kostra ?? kostraFunksjon(f.kode)) === kostra)
      .map((f) => {
        const users = [...input.mappings].filter(([, m]) => [m.funksjonIHjemmet, m.funksjonUtenforHjemmet, m.funksjonAdministrasjon].includes(f.kode)).map(([nr]) => kommuneNavn.get(nr) ?? nr);
        const own = lines.filter((l) => l.funksjon === f.kode).length;
        return users.length === 0
          ? `Funksjon ${f.kode} ${f.navn} (ikke i bruk)`
          : `Funksjon ${f.kode} ${f.navn} brukes i konteringen til ${joinNames(users)} – ${countWord(own, 'kontostreng', 'kontostrenger')}`;
      });
  const withUse = (list: ListChange[], use: (c: ListChange) => string[]): CodeUse[] => list.map((c) => ({ ...c, uses: use(c) }));

  const rederived = kontoplan
    ? rederiveKontoplan(
        [...kontoplan.art.map((a) => ({ dimensjon: 'art' as const, ...a }))],
        from,
        to,
        await findKontoplanScheme(db, tjenesteId).then((s) => ({ artScheme: s?.artScheme ?? null, kontoklasser: s?.kontoklasser ?? null })),
      ).changed
    : [];
  const reviews = kommuneReviewsOf(state);
  const exports = await listExports(db, tjenesteId);
  return {
    from,
    to,
    fromNote: kostraListNote(from),
    toNote: kostraListNote(to),
    sameLists: changes.fromList === changes.toList,
    arterExpire: withUse(changes.arter.expire, (c) => arterWith(c.kode, from).map((a) => artUse(a.kode, a.navn))),
    arterAppear: withUse(changes.arter.appear, (c) => rederived.filter((r) => r.after === c.kode).map((r) => artUse(r.kode, r.navn))),
    funksjonerExpire: withUse(changes.funksjoner.expire, (c) => funksjonUse(c.kode)),
    funksjonerAppear: withUse(changes.funksjoner.appear, (c) => funksjonUse(c.kode)),
    rederived: rederived.map((r) => ({ ...r, text: `Art ${r.kode} ${r.navn}: KOSTRA ${r.before ?? 'ingen'} → ${r.after ?? 'ingen (utgått)'}` })),
    resetKommuner: reviews.filter((r) => r.status !== 'utkast').map((r) => r.navn),
    exportCount: exports.length,
  };
}

/**
 * «Kopier kodeverket til nytt regnskapsår»: the tjeneste's kodeverk moves on to next year — the same registers,
 * kontering and settings, the kontoplan's KOSTRA derivations redone for the new year's lists, and every kommune's
 * approval reset with the reason (the new year is approved anew). The old year's exports stay as they were (each
 * carries its regnskapsår), and the register versions and the endringslogg keep the history.
 */
export async function copyToNextYear(db: Db, actor: Actor, seenYear: number): Promise<{ to: number; rederived: number }> {
  requirePermission(actor, 'newRegnskapsar');
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('tjeneste').select(['regnskapsar']).where('id', '=', actor.tjenesteId).forUpdate().executeTakeFirst();
    if (!row) throw new NotFoundError();
    if (row.regnskapsar !== seenYear) throw new ConflictError(`Regnskapsåret er allerede endret til ${row.regnskapsar} etter at du åpnet siden. Se over endringene på nytt.`, 'regnskapsar_moved');
    const from = row.regnskapsar;
    const to = from + 1;
    await trx.updateTable('tjeneste').set({ regnskapsar: to }).where('id', '=', actor.tjenesteId).execute();
    await recordAudit(trx, {
      tjenesteId: actor.tjenesteId,
      actor: { id: actor.userId, label: actor.label },
      action: 'kopiert',
      entity: 'tjeneste',
      entityId: actor.tjenesteId,
      summary: `Kopierte kodeverket til regnskapsår ${to} (fra ${from})`,
      before: { regnskapsar: from },
      after: { regnskapsar: to },
    });
    const rederived = await rederiveForYear(trx, actor.tjenesteId, from, to, personOf(actor.label));
    await resetApprovalsForYear(trx, actor, from, to);
    return { to, rederived: rederived?.changed.length ?? 0 };
  });
}
