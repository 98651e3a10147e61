import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../platform/paths.ts';
import { loadExcelJS } from '../spreadsheet/exceljs.ts';
import Handlebars from 'handlebars';
import { neutralizeFormula } from '../spreadsheet/formula.ts';
import type { RegisterName } from '../spreadsheet/types.ts';
import { sha256 } from '../registers/content-hash.ts';
import { TILTAKSTYPE_TEXT } from '../spreadsheet/labels.ts';
import { formatKontonummer } from '../reference/norwegian-numbers.ts';
import { kodeverkJsonSchema, type KodeverkDocument } from './export.document.ts';
import { dateTime } from '../platform/http/helpers/date-time.ts';
import { MODULE_STATUS_LABEL, type ModuleStatus } from '../settings/settings.rules.ts';
import { postingRows, settingLines } from './export.settings.ts';
import { FIXED_TIME, deterministicZip, normalizeZip, type ZipFile } from './zip.ts';
import { definitionFor, type RegisterRecord } from '../registers/registry.ts';
import type { KontoplanRecord } from '../kontoplan/kontoplan.definition.ts';
import type { LonnsartRecord } from '../lonnsarter/lonnsarter.definition.ts';
import type { UtbetalingskategoriRecord } from '../utbetalingskategorier/utbetalingskategorier.definition.ts';

const root = projectRoot;
const APP_VERSION = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
const DRAFT_TEXT = 'UTKAST – ikke godkjent. Skal ikke lastes inn i fagsystemet.';

type Cell = string | number | boolean | null;
interface Table {
  name: string;
  headers: string[];
  rows: Cell[][];
}

const jaNei = (v: boolean | null) => (v === null ? '' : v ? 'Ja' : 'Nei');
const APPROVAL_STATUS: Record<string, string> = { utkast: 'Utkast', til_godkjenning: 'Til godkjenning', godkjent: 'Godkjent', avvist: 'Avvist' };
const approvalStatusText = (a: { status: string; utdatert: boolean }) => (a.utdatert ? 'Endret etter godkjenning' : (APPROVAL_STATUS[a.status] ?? a.status));

/** Register sheets use the import definition's own headers and cells, so the file re-imports unchanged. */
function registerTables(register: RegisterName, records: readonly RegisterRecord[]): Table[] {
  const def = definitionFor(register);
  return def.templateSheets.map((sheet) => ({
    name: sheet.name,
    headers: sheet.fields.map((f) => def.exportHeaders[f] ?? f),
    rows: records
      .filter((r) => sheet.includes(r))
      .map((r) => {
        const cells = def.toExportCells(r);
        return sheet.fields.map((f) => cells[f] ?? null);
      }),
  }));
}

export function packageTables(doc: KodeverkDocument): Table[] {
  const tables: Table[] = [];
  if (doc.kontoplan) {
    const records: KontoplanRecord[] = (['art', 'ansvar', 'funksjon'] as const).flatMap((d) => doc.kontoplan![d].map((k) => ({ dimensjon: d, ...k, kontoklasse: null })));
    tables.push(...registerTables('kontoplan', records));
  }
  if (doc.lonnsarter) tables.push(...registerTables('lonnsarter', doc.lonnsarter.rader as LonnsartRecord[]));
  if (doc.utbetalingskategorier) tables.push(...registerTables('utbetalingskategorier', doc.utbetalingskategorier.rader as UtbetalingskategoriRecord[]));
  const kommuneNavn = new Map(doc.kommuner.map((k) => [k.kommunenummer, k.navn]));
  tables.push({
    name: 'Kommuner',
    headers: ['Kommunenummer', 'Kommune', 'Vertskommune', 'Ansvar', 'Funksjon i hjemmet', 'Funksjon utenfor hjemmet', 'Funksjon administrasjon', 'Status', 'Godkjent av', 'Godkjent'],
    rows: doc.kommuner.map((k) => {
      const m = doc.kontering.find((x) => x.kommunenummer === k.kommunenummer);
      const a = doc.godkjenninger.find((x) => x.kommunenummer === k.kommunenummer);
      return [
        k.kommunenummer,
        k.navn,
        jaNei(k.vertskommune),
        m?.ansvar ?? null,
        m?.funksjon_i_hjemmet ?? null,
        m?.funksjon_utenfor_hjemmet ?? null,
        m?.funksjon_administrasjon ?? null,
        a ? approvalStatusText(a) : 'Utkast',
        a?.godkjent_av ?? null,
        a?.godkjent_tid ? dateTime(a.godkjent_tid) : null,
      ];
    }),
  });
  tables.push({
    name: 'Konteringsmatrise',
    headers: ['Gjelder', 'Kode', 'Navn', 'Kommunenummer', 'Kommune', 'Tiltakstype', 'Art', 'Ansvar', 'Funksjon', 'Kontostreng', 'Problemer'],
    rows: doc.konteringsmatrise.map((l) => [
      l.type === 'lonnsart' ? 'Lønnsart' : 'Utbetalingskategori',
      l.kode,
      l.navn,
      l.kommunenummer,
      kommuneNavn.get(l.kommunenummer) ?? '',
      TILTAKSTYPE_TEXT[l.tiltakstype] ?? l.tiltakstype,
      l.art,
      l.ansvar,
      l.funksjon,
      l.kontostreng,
      l.problemer.join(' / '),
    ]),
  });
  const postering = postingRows(doc);
  if (postering.length > 0) {
    tables.push({
      name: 'Postering',
      headers: ['Modul', 'Kommunenummer', 'Kommune', 'Selskap', 'Motkonto', 'Bilagsserie', 'Egne verdier for kommunen'],
      rows: postering.map((r) => [r.modul, r.kommunenummer, r.kommune, r.selskap, r.motkonto, r.bilagsserie, r.egne]),
    });
  }
  const mva = doc.innstillinger.mva_koder ?? [];
  if (mva.length > 0) tables.push({ name: 'Mva-koder', headers: ['Kategori', 'Navn', 'Mva-kode'], rows: mva.map((m) => [m.kode, m.navn, m.mva_kode]) });
  tables.push({ name: 'Innstillinger', headers: ['Område', 'Innstilling', 'Verdi'], rows: settingLines(doc).map((l) => [l.omrade, l.innstilling, l.verdi]) });
  return tables;
}

function safeText(v: Cell): Cell {
  return typeof v === 'string' ? neutralizeFormula(v) : v;
}

export function toCsv(table: Table, draft: boolean): Buffer {
  const quote = (v: Cell) => {
    const s = v === null ? '' : String(safeText(v));
    // Quoted when it holds a separator of either locale (Norwegian Excel splits on ';', an English one on ',', both
    // on tab): an unquoted «Sortland,=2+3» opened with ',' becomes a field «=2+3» that runs as a formula.
    return /[;,\t"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [...(draft ? [quote(DRAFT_TEXT)] : []), table.headers.map(quote).join(';'), ...table.rows.map((r) => r.map(quote).join(';'))];
  // UTF-8 with BOM and semicolons: how Norwegian Excel opens a CSV correctly.
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

export async function toXlsx(tables: readonly Table[], draft: boolean): Promise<Buffer> {
  const Excel = await loadExcelJS();
  const wb = new Excel.Workbook();
  wb.creator = 'Kodeverk';
  wb.created = FIXED_TIME;
  wb.modified = FIXED_TIME;
  if (draft) {
    const ws = wb.addWorksheet('UTKAST');
    ws.getCell('A1').value = DRAFT_TEXT;
    ws.getCell('A1').font = { bold: true, size: 16, color: { argb: 'FFB42318' } };
  }
  for (const t of tables) {
    const ws = wb.addWorksheet(t.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(t.headers).font = { bold: true };
    for (const r of t.rows) {
      const row = ws.addRow(r.map((v) => (v === null ? null : safeText(v))));
      // Codes are text: keep leading zeros and stop Excel from reading them as numbers.
      row.eachCell((c) => {
        if (typeof c.value === 'string') c.numFmt = '@';
      });
    }
    t.headers.forEach((h, i) => {
      ws.getColumn(i + 1).width = Math.min(50, Math.max(10, h.length + 4));
    });
  }
  return normalizeZip(Buffer.from(await wb.xlsx.writeBuffer()));
}

let template: Handlebars.TemplateDelegate | undefined;
function oversiktTemplate(): Handlebars.TemplateDelegate {
  if (!template) {
    const hb = Handlebars.create();
    hb.registerHelper('jaNei', (v: unknown) => (v === true ? 'Ja' : v === false ? 'Nei' : 'Ikke avklart'));
    hb.registerHelper('kontonummer', (v: unknown) => (typeof v === 'string' ? formatKontonummer(v) : ''));
    hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    template = hb.compile(fs.readFileSync(path.join(root, 'templates/oversikt.hbs'), 'utf8'), { strict: false });
  }
  return template;
}

export function toOversiktHtml(doc: KodeverkDocument): Buffer {
  const invalid = doc.konteringsmatrise.filter((l) => l.problemer.length > 0).length;
  const html = oversiktTemplate()({
    doc,
    draftText: DRAFT_TEXT,
    counts: {
      art: doc.kontoplan?.art.length ?? 0,
      ansvar: doc.kontoplan?.ansvar.length ?? 0,
      funksjon: doc.kontoplan?.funksjon.length ?? 0,
      lonnsarter: doc.lonnsarter?.rader.length ?? null,
      utbetalingskategorier: doc.utbetalingskategorier?.rader.length ?? null,
      linjer: doc.konteringsmatrise.length,
      gyldige: doc.konteringsmatrise.length - invalid,
      ugyldige: invalid,
    },
    kommuner: doc.kommuner.map((k) => {
      const a = doc.godkjenninger.find((x) => x.kommunenummer === k.kommunenummer);
      return {
        ...k,
        kontering: doc.kontering.find((m) => m.kommunenummer === k.kommunenummer),
        status: a ? approvalStatusText(a) : 'Utkast',
        godkjentAv: a?.godkjent_av ?? null,
        godkjentTid: a?.godkjent_tid ? dateTime(a.godkjent_tid) : null,
      };
    }),
    moduler: { okonomi: MODULE_STATUS_LABEL[doc.moduler.okonomi as ModuleStatus] ?? doc.moduler.okonomi, lonn: MODULE_STATUS_LABEL[doc.moduler.lonn as ModuleStatus] ?? doc.moduler.lonn },
    settings: settingLines(doc),
    postering: postingRows(doc),
    mva: doc.innstillinger.mva_koder ?? [],
  });
  return Buffer.from(html, 'utf8');
}

export function packageFileName(slug: string, doc: Pick<KodeverkDocument, 'utkast' | 'eksportnummer'>): string {
  return doc.utkast || doc.eksportnummer === null ? `kodeverk-${slug}-utkast.zip` : `kodeverk-${slug}-v${doc.eksportnummer}.zip`;
}

export interface Manifest {
  format: string;
  schemaVersion: number;
  appVersion: string;
  eksportnummer: number | null;
  utkast: boolean;
  innholdshash: string;
  filer: { sti: string; sha256: string; storrelse: number }[];
}

/** Every file of the package, then manifest.json with each file's SHA-256 and size, zipped reproducibly. */
export async function buildPackage(doc: KodeverkDocument): Promise<{ zip: Buffer; manifest: Manifest; fileName: string }> {
  const tables = packageTables(doc);
  const csvName = (t: Table) =>
    `csv/${t.name
      .toLowerCase()
      .replace(/ø/g, 'o')
      .replace(/æ/g, 'ae')
      .replace(/å/g, 'a')
      .replace(/[^a-z0-9]+/g, '-')}.csv`;
  const files: ZipFile[] = [
    { path: 'kodeverk.json', data: Buffer.from(`${JSON.stringify(doc, null, 2)}\n`, 'utf8') },
    { path: 'kodeverk.schema.json', data: Buffer.from(`${JSON.stringify(kodeverkJsonSchema(), null, 2)}\n`, 'utf8') },
    { path: 'kodeverk.xlsx', data: await toXlsx(tables, doc.utkast) },
    ...tables.map((t) => ({ path: csvName(t), data: toCsv(t, doc.utkast) })),
    { path: 'oversikt.html', data: toOversiktHtml(doc) },
  ];
  const manifest: Manifest = {
    format: doc.format,
    schemaVersion: doc.schemaVersion,
    appVersion: APP_VERSION,
    eksportnummer: doc.eksportnummer,
    utkast: doc.utkast,
    innholdshash: doc.innholdshash,
    filer: files.map((f) => ({ sti: f.path, sha256: sha256(f.data), storrelse: f.data.length })),
  };
  files.push({ path: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') });
  return { zip: await deterministicZip(files), manifest, fileName: packageFileName(doc.tjeneste.slug, doc) };
}
