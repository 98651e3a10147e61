import { canonicalJson, sha256 } from '../registers/content-hash.ts';
import type { Konto, VersionRef } from '../registers/current.ts';
import { approvalsForExportOf } from '../kodeverk/kodeverk.approvals.ts';
import { matrixOf } from '../kodeverk/kodeverk.matrix.ts';
import type { KodeverkState } from '../kodeverk/kodeverk.state.ts';
import { mappingsForExportOf } from '../mapping/mapping.service.ts';
import { settingsForExportOf } from '../settings/settings.service.ts';
import { nearestSupportedYear } from '../reference/kostra.ts';
import { FORMAT, SCHEMA_VERSION, kodeverkDocumentSchema, kontoRow, lonnsartRow, utbetalingskategoriRow, type KodeverkDocument } from './export.document.ts';

const collator = new Intl.Collator('nb', { numeric: true });
const byKode = <T extends { kode: string | null; navn: string }>(a: T, b: T) => collator.compare(a.kode ?? a.navn, b.kode ?? b.navn);
const versionOf = (v: VersionRef) => ({ versjon: v.versionNo, innholdshash: v.contentHash, filnavn: v.fileName });

/** The content hash covers the content: everything but the fields that say which export this is. */
export function documentContentHash(content: Omit<KodeverkDocument, 'innholdshash' | 'utkast' | 'eksportnummer'>): string {
  return sha256(canonicalJson(content));
}

/**
 * Gathers the whole kodeverk of a tjeneste into one document, in a stable order (codes sorted, kommuner by
 * number), so the same kodeverk always gives the same bytes. Modules not in use are left out. Pure: everything comes
 * from the state, read once (kodeverk/kodeverk.state.ts).
 */
export function buildKodeverkDocument(state: KodeverkState, opts: { draft: boolean; exportNo: number | null }): KodeverkDocument {
  const { tjeneste, kommuner, registers } = state;
  const mapping = mappingsForExportOf(state);
  const matrix = matrixOf(state.matrix);
  const approvals = approvalsForExportOf(state);
  const settings = settingsForExportOf(state);
  const inUse = state.matrix.modulesInUse;
  const { oppdatert: _when, moduler, ...innstillinger } = settings as typeof settings & { oppdatert?: unknown };
  const kp = registers.kontoplan;
  const sortKonto = (list: readonly Konto[]) => [...list].sort(byKode).map(kontoRow);
  const lines = matrix.lines
    .filter((l) => (l.itemType === 'utbetalingskategori' ? inUse.okonomi : inUse.lonn))
    .map((l) => ({
      type: l.itemType,
      kode: l.itemKode,
      navn: l.itemNavn,
      kommunenummer: l.kommunenummer,
      tiltakstype: l.tiltakstype,
      art: l.art,
      ansvar: l.ansvar,
      funksjon: l.funksjon,
      kontostreng: l.kontostreng,
      problemer: l.problems.map((p) => p.message),
    }))
    .sort((a, b) => collator.compare(`${a.type}|${a.kode}|${a.kommunenummer}|${a.tiltakstype}`, `${b.type}|${b.kode}|${b.kommunenummer}|${b.tiltakstype}`));

  const content = {
    format: FORMAT as typeof FORMAT,
    schemaVersion: SCHEMA_VERSION as typeof SCHEMA_VERSION,
    tjeneste: {
      slug: tjeneste.slug,
      navn: tjeneste.navn,
      organisasjonsnummer: tjeneste.organisasjonsnummer,
      regnskapsar: tjeneste.regnskapsar,
      kostra_kontrollert_mot: nearestSupportedYear(tjeneste.regnskapsar),
    },
    kommuner: [...kommuner].sort((a, b) => a.kommunenummer.localeCompare(b.kommunenummer)).map((k) => ({ kommunenummer: k.kommunenummer, navn: k.navn, vertskommune: k.er_vertskommune })),
    moduler: { okonomi: String(moduler.okonomi), lonn: String(moduler.lonn) },
    kontoplan: kp ? { versjon: versionOf(kp.version), art: sortKonto(kp.art), ansvar: sortKonto(kp.ansvar), funksjon: sortKonto(kp.funksjon) } : null,
    lonnsarter: inUse.lonn && registers.lonnsarter ? { versjon: versionOf(registers.lonnsarter.version), rader: [...registers.lonnsarter.rows].sort(byKode).map(lonnsartRow) } : null,
    utbetalingskategorier:
      inUse.okonomi && registers.utbetalingskategorier
        ? { versjon: versionOf(registers.utbetalingskategorier.version), rader: registers.utbetalingskategorier.rows.map(utbetalingskategoriRow) }
        : null,
    kontering: [...mapping]
      .sort((a, b) => a.kommunenummer.localeCompare(b.kommunenummer))
      .map((m) => ({
        kommunenummer: m.kommunenummer,
        ansvar: m.ansvar,
        funksjon_i_hjemmet: m.funksjonIHjemmet,
        funksjon_utenfor_hjemmet: m.funksjonUtenforHjemmet,
        funksjon_administrasjon: m.funksjonAdministrasjon,
        // only where the item has lines (a removed lønnsart's or a module's not in use choice stays stored, not exported)
        funksjon_per_kategori: m.funksjonPerKategori.filter((f) => lines.some((l) => l.type === f.type && l.kode === f.kode && l.kommunenummer === m.kommunenummer && l.tiltakstype === f.tiltakstype)),
      })),
    innstillinger: JSON.parse(JSON.stringify(innstillinger)) as KodeverkDocument['innstillinger'],
    konteringsmatrise: lines,
    godkjenninger: [...approvals]
      .sort((a, b) => a.kommunenummer.localeCompare(b.kommunenummer))
      .map((a) => ({ kommunenummer: a.kommunenummer, status: a.status, utdatert: a.outdated, godkjent_av: a.approvedBy, godkjent_tid: a.approvedAt, hash: a.hash, kommentar: a.comment })),
  };
  const doc = { ...content, utkast: opts.draft, eksportnummer: opts.exportNo, innholdshash: documentContentHash(content) };
  // The document must satisfy the schema we ship with it.
  return kodeverkDocumentSchema.parse(doc);
}
