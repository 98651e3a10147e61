/**
 * Import benchmark: `npm run bench:import`.
 * Generates a 100,000-row kontoplan workbook with ExcelJS's streaming writer, then times
 * (a) a bare ExcelJS streaming read and (b) parseRegisterFile on the same bytes, and reports b/a and peak RSS;
 * then commits the records with insertRegisterVersion in one transaction (DATABASE_URL when set, else an
 * in-memory PGlite) and reports the commit time.
 * Targets: b/a ≤ 1.5, peak RSS of one import (warm-up read, read, parse) ≤ 300 MB.
 * The machine may be shared: (a) and (b) are each run ROUNDS times, alternating, and the medians are reported.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { parseRegisterFile } from '../server/spreadsheet/parse.ts';
import type { ParseResult } from '../server/spreadsheet/types.ts';
import { deriveKostraArt } from '../server/reference/kostra.ts';
import { openDatabase } from '../server/platform/db/database.ts';
import { migrateToLatest } from '../server/platform/db/migrate.ts';
import { insertTjeneste } from '../server/tenancy/tenancy.repository.ts';
import { insertRegisterVersion } from '../server/registers/registers.writer.ts';

const ROUNDS = 3;
const YEAR = 2026;

/** The three middle digits of a 5-digit art code from which a KOSTRA art can (good) or cannot (bad) be derived in `year`. */
function artParts(year: number): { good: string[]; bad: string[] } {
  const good: string[] = [];
  const bad: string[] = [];
  for (let n = 0; n < 1000; n++) {
    const three = String(n).padStart(3, '0');
    (deriveKostraArt(`1${three}0`, year) === null ? bad : good).push(three);
  }
  return { good, bad };
}

/**
 * Writes a kontoplan with `rows` rows on one sheet with a Dimensjon column; returns the file path.
 * Mix: 1 % funksjon (KOSTRA 244/251/252 + three digits), a third ansvar, the rest art. Art codes are like a real
 * kontoplan's: kontoklasse digit + three digits from which a KOSTRA art can be derived + one local digit, all
 * distinct; one art in 200 has digits from which none can (or an art expired in 2026, 270), which gives the
 * realistic sprinkling of KOSTRA warnings. Distinct codes for up to 110,000 rows.
 */
export async function writeKontoplanWorkbook(filePath: string, rows: number): Promise<string> {
  if (rows > 110_000) throw new Error('writeKontoplanWorkbook: at most 110,000 rows (the art codes must stay distinct).');
  const { good, bad } = artParts(YEAR);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: filePath, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('Kontoplan');
  ws.addRow(['Dimensjon', 'Kode', 'Navn', 'Aktiv']).commit();
  const funksjoner = ['244', '251', '252'];
  let arts = 0;
  let goods = 0;
  let bads = 0;
  const artCode = (parts: string[], n: number): string => `${Math.floor(n / parts.length) % 10}${parts[n % parts.length]}${Math.floor(n / (parts.length * 10)) % 10}`;
  for (let i = 0; i < rows; i++) {
    if (i % 100 === 0) ws.addRow(['Funksjon', `${funksjoner[(i / 100) % 3]}${String(i / 100).padStart(3, '0')}`, `Funksjon ${i}`, 'Ja']).commit();
    else if (i % 3 === 0) ws.addRow(['Ansvar', String(100000 + i), `Ansvar ${i}`, 'Ja']).commit();
    else {
      const kode = ++arts % 200 === 0 ? artCode(bad, bads++) : artCode(good, goods++);
      ws.addRow(['Art', kode, `Art nummer ${i} med et litt langt navn`, i % 7 === 0 ? 'Nei' : 'Ja']).commit();
    }
  }
  ws.commit();
  await wb.commit();
  return filePath;
}

async function bareStreamingRead(bytes: Buffer): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' });
  let cells = 0;
  for await (const ws of reader as unknown as AsyncIterable<AsyncIterable<{ values: unknown[] }>>) {
    for await (const row of ws) cells += row.values.length;
  }
  return cells;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export interface ImportBenchmark {
  rows: number;
  bareMs: number;
  parseMs: number;
  ratio: number;
  /** the same ratio in process CPU time (all threads), steadier than wall time on a busy machine */
  cpuRatio: number;
  /** peak RSS up to the end of the first parse (warm-up read, read, parse), before any database is opened */
  peakRssMb: number;
  /** peak RSS over all rounds (V8 grows its heap with every round's garbage) */
  peakRssAllRoundsMb: number;
  result: ParseResult;
  filePath: string;
}

export async function runImportBenchmark(rows = 100_000): Promise<ImportBenchmark> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kodeverk-bench-'));
  const filePath = await writeKontoplanWorkbook(path.join(dir, 'kontoplan-100k.xlsx'), rows);
  const bytes = fs.readFileSync(filePath);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const parse = (): Promise<ParseResult> => parseRegisterFile(bytes, 'kontoplan-100k.xlsx', 'kontoplan', { regnskapsar: YEAR });
  try {
    // Untimed warm-up of the ExcelJS code paths both sides use. The first parse runs cold (JIT, KOSTRA lists); the
    // median of ROUNDS alternating runs keeps that one-off out of the comparison without warming parse up by hand.
    await bareStreamingRead(bytes);
    let result: ParseResult | undefined;
    let firstRoundPeak = 0;
    const bare: number[] = [];
    const parsed: number[] = [];
    const bareCpu: number[] = [];
    const parsedCpu: number[] = [];
    const cpuMs = (since: NodeJS.CpuUsage): number => {
      const u = process.cpuUsage(since);
      return (u.user + u.system) / 1000;
    };
    for (let round = 0; round < ROUNDS; round++) {
      let t = performance.now();
      let c = process.cpuUsage();
      await bareStreamingRead(bytes);
      bare.push(performance.now() - t);
      bareCpu.push(cpuMs(c));
      result = undefined; // let the previous result go before the next parse, as a server would
      t = performance.now();
      c = process.cpuUsage();
      result = await parse();
      parsed.push(performance.now() - t);
      parsedCpu.push(cpuMs(c));
      // the RSS target is for one import after a read (warm-up, read, parse); later rounds only add timings
      if (round === 0) firstRoundPeak = Math.max(peak, process.memoryUsage().rss);
    }
    if (result === undefined) throw new Error('no rounds');
    const bareMs = median(bare);
    const parseMs = median(parsed);
    return { rows, bareMs, parseMs, ratio: parseMs / bareMs, cpuRatio: median(parsedCpu) / median(bareCpu), peakRssMb: firstRoundPeak / (1024 * 1024), peakRssAllRoundsMb: Math.max(peak, process.memoryUsage().rss) / (1024 * 1024), result, filePath };
  } finally {
    clearInterval(sampler);
  }
}

export interface CommitBenchmark {
  kind: 'postgres' | 'pglite';
  commitMs: number;
  versionNo: number;
}

/** Commits the parsed records as a new kontoplan version of a fresh tjeneste, in one transaction, and times only the commit. */
export async function runCommitBenchmark(result: ParseResult): Promise<CommitBenchmark> {
  const handle = await openDatabase({ databaseUrl: process.env['DATABASE_URL'], dataDir: '', inMemory: true });
  try {
    await migrateToLatest(handle.db);
    const tjeneste = await insertTjeneste(handle.db, { slug: `bench-${process.pid}-${Date.now()}`, navn: 'Ytelsestest', organisasjonsnummer: '974760673', regnskapsar: YEAR });
    try {
      const t = performance.now();
      const written = await handle.db.transaction().execute((trx) =>
        insertRegisterVersion(trx, { tjenesteId: tjeneste.id, register: 'kontoplan', fileName: 'kontoplan-100k.xlsx', counts: result.counts, warnings: result.warnings, createdBy: null }, result.records),
      );
      const commitMs = performance.now() - t;
      const stored = await handle.db
        .selectFrom('kontoplan_konto')
        .innerJoin('register_version', 'register_version.id', 'kontoplan_konto.version_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('register_version.tjeneste_id', '=', tjeneste.id)
        .executeTakeFirstOrThrow();
      if (Number(stored.n) !== result.records.length) throw new Error(`Lagret ${stored.n} rader, ventet ${result.records.length}.`);
      return { kind: handle.kind, commitMs, versionNo: written.versionNo };
    } finally {
      // a shared PostgreSQL keeps no benchmark data (versions and rows cascade)
      if (handle.kind === 'postgres') await handle.db.deleteFrom('tjeneste').where('id', '=', tjeneste.id).execute();
    }
  } finally {
    await handle.close();
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const b = await runImportBenchmark();
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  const byCode = new Map<string, number>();
  for (const w of b.result.warnings) byCode.set(w.code, (byCode.get(w.code) ?? 0) + 1);
  out(`Rader: ${b.rows} (${fs.statSync(b.filePath).size} byte)`);
  out(`(a) ExcelJS streaming-lesing: ${b.bareMs.toFixed(0)} ms (median av ${ROUNDS})`);
  out(`(b) parseRegisterFile:         ${b.parseMs.toFixed(0)} ms (median av ${ROUNDS})  (${b.result.records.length} poster, ${b.result.errors.length} feil, ${b.result.warnings.length} advarsler: ${[...byCode].map(([c, n]) => `${c} ${n}`).join(', ') || '–'})`);
  out(`Forhold b/a: ${b.ratio.toFixed(2)} (mål ≤ 1,5; i CPU-tid: ${b.cpuRatio.toFixed(2)})`);
  out(`Høyeste RSS for én import: ${b.peakRssMb.toFixed(0)} MB (mål ≤ 300 MB; over alle ${ROUNDS} runder: ${b.peakRssAllRoundsMb.toFixed(0)} MB)`);
  const c = await runCommitBenchmark(b.result);
  out(`(c) insertRegisterVersion (${c.kind}, én transaksjon): ${c.commitMs.toFixed(0)} ms for ${b.result.records.length} rader`);
  const rssAfter = process.memoryUsage().rss / (1024 * 1024);
  out(
    `Sammendrag: a=${b.bareMs.toFixed(0)} ms, b=${b.parseMs.toFixed(0)} ms, b/a=${b.ratio.toFixed(2)} ${b.ratio <= 1.5 ? 'OK' : 'OVER MÅL'} (CPU ${b.cpuRatio.toFixed(2)}), RSS=${b.peakRssMb.toFixed(0)} MB ${b.peakRssMb <= 300 ? 'OK' : 'OVER MÅL'}, commit=${c.commitMs.toFixed(0)} ms (${c.kind}; RSS etter commit ${rssAfter.toFixed(0)} MB)`,
  );
  fs.rmSync(path.dirname(b.filePath), { recursive: true, force: true });
}
