/**
 * Import benchmark: `npm run bench:import`.
 * Generates a 100,000-row kontoplan workbook with ExcelJS's streaming writer, then times (a) a bare ExcelJS streaming
 * read and (b) parseRegisterFile on the same bytes and reports b/a (bound ≤ 1.5). The machine may be shared: (a) and
 * (b) are each run ROUNDS times, alternating, and the medians are reported.
 * Then the peak RSS of each import path, each in its own process (bench/import-memory.ts), bound ≤ 300 MB each:
 * the 100,000-row validate; the web preview and commit on the built server (node dist/server/main.js, its own
 * process) on PostgreSQL (DATABASE_URL is required); and the marked workbook («Last ned med feilmarkering») of a file
 * with the most rows a file may have (MAX_ROWS), through the app's job queue and worker thread.
 * The last line is the verdict; the exit code is 1 when a bound is missed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { parseRegisterFile } from '../server/spreadsheet/parse.ts';
import type { ParseResult } from '../server/spreadsheet/types.ts';
import { spawn } from 'node:child_process';
import { deriveKostraArt } from '../server/reference/kostra.ts';
import { MAX_ROWS } from '../server/spreadsheet/parse.ts';
import { login, postForm, startFlags, startServer, uploadFile, waitUntilRead } from './server-process.ts';
import { definitionFor, otherDefinitions, type RegisterRecord } from '../server/registers/registry.ts';

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
  result: ParseResult<RegisterRecord>;
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
  const parse = (): Promise<ParseResult<RegisterRecord>> => parseRegisterFile(bytes, 'kontoplan-100k.xlsx', definitionFor('kontoplan'), { regnskapsar: YEAR }, otherDefinitions('kontoplan'));
  try {
    // Untimed warm-up of the ExcelJS code paths both sides use. The first parse runs cold (JIT, KOSTRA lists); the
    // median of ROUNDS alternating runs keeps that one-off out of the comparison without warming parse up by hand.
    await bareStreamingRead(bytes);
    let result: ParseResult<RegisterRecord> | undefined;
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
    return {
      rows,
      bareMs,
      parseMs,
      ratio: parseMs / bareMs,
      cpuRatio: median(parsedCpu) / median(bareCpu),
      peakRssMb: firstRoundPeak / (1024 * 1024),
      peakRssAllRoundsMb: Math.max(peak, process.memoryUsage().rss) / (1024 * 1024),
      result,
      filePath,
    };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * The largest file the marked workbook must handle: `rows` data rows under one header (MAX_ROWS in all), ansvar with
 * distinct codes, every 50th row an art with a letter in its code (an error to mark), so 2 % of the rows are marked.
 */
export async function writeLargestWorkbook(filePath: string, rows: number): Promise<string> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: filePath, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('Kontoplan');
  ws.addRow(['Dimensjon', 'Kode', 'Navn', 'Aktiv']).commit();
  for (let i = 0; i < rows; i++) {
    if (i % 50 === 0) ws.addRow(['Art', `1O${String(i).padStart(6, '0')}`, `Art med feil ${i}`, 'Ja']).commit();
    else ws.addRow(['Ansvar', String(1_000_000 + i), `Ansvar nummer ${i} med et navn`, i % 7 === 0 ? 'Nei' : 'Ja']).commit();
  }
  ws.commit();
  await wb.commit();
  return filePath;
}

/** Runs one phase of import-memory.ts in a process of its own and returns its JSON line. */
function phase(name: string, ...args: string[]): Promise<Record<string, number | string>> {
  const script = fileURLToPath(new URL('./import-memory.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    // the marked workbook is built by the server's job queue: that phase runs with the node flags the server starts with
    const flags = name === 'mark' ? startFlags() : [];
    const child = spawn(process.execPath, [...flags, ...process.execArgv, script, name, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`import-memory.ts ${name} exited with ${code}: ${out}`));
      else resolve(JSON.parse(line) as Record<string, number | string>);
    });
  });
}

/**
 * The web flow on the built server (its own process, PostgreSQL): upload, read in its worker thread, the preview page;
 * then, once the idle reading thread has been stopped (as between two clicks), «Lagre som ny versjon». Each peak is
 * the server process's own (VmHWM), restarted before each path.
 */
async function webFigures(filePath: string): Promise<{ previewMs: number; previewPeakMb: number; commitMs: number; commitPeakMb: number; baseMb: number; separate: boolean }> {
  const server = await startServer();
  try {
    const s = await login(server.url, 'regnskap');
    const bytes = fs.readFileSync(filePath);
    const baseMb = server.rssMb() ?? NaN;
    const separate = server.resetPeak();
    const t = performance.now();
    const location = await uploadFile(server.url, s, 'lofoten', 'kontoplan', bytes, path.basename(filePath));
    const html = await waitUntilRead(server.url, s, location);
    const previewMs = performance.now() - t;
    if (!html.includes('Lagre som ny versjon</button>')) throw new Error('the preview cannot be saved');
    const previewPeakMb = server.peakMb() ?? NaN;
    // import.jobs.ts stops a thread idle for 15 s
    await new Promise((r) => setTimeout(r, 17_000));
    if (separate) server.resetPeak();
    const c = performance.now();
    const status = await postForm(server.url, s, `${location}/lagre`);
    if (status !== 303) throw new Error(`«Lagre» answered ${status}`);
    const commitMs = performance.now() - c;
    return { previewMs, previewPeakMb, commitMs, commitPeakMb: server.peakMb() ?? NaN, baseMb, separate };
  } finally {
    await server.stop();
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const RSS_BOUND_MB = 300;
  const RATIO_BOUND = 1.5;
  const b = await runImportBenchmark();
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  const byCode = new Map<string, number>();
  for (const w of b.result.warnings) byCode.set(w.code, (byCode.get(w.code) ?? 0) + 1);
  out(`Rader: ${b.rows} (${fs.statSync(b.filePath).size} byte)`);
  out(`(a) ExcelJS streaming-lesing: ${b.bareMs.toFixed(0)} ms (median av ${ROUNDS})`);
  out(
    `(b) parseRegisterFile:         ${b.parseMs.toFixed(0)} ms (median av ${ROUNDS})  (${b.result.records.length} poster, ${b.result.errors.length} feil, ${b.result.warnings.length} advarsler: ${[...byCode].map(([c, n]) => `${c} ${n}`).join(', ') || '–'})`,
  );
  out(`Forhold b/a: ${b.ratio.toFixed(2)} (grense ≤ ${RATIO_BOUND}; i CPU-tid: ${b.cpuRatio.toFixed(2)})`);

  const validate = await phase('validate', b.filePath);
  const web = await webFigures(b.filePath);
  const dir = path.dirname(b.filePath);
  const largest = await writeLargestWorkbook(path.join(dir, 'kontoplan-storst.xlsx'), MAX_ROWS - 1);
  const issuesFile = path.join(dir, 'issues.json');
  const issues = await phase('issues', largest, issuesFile);
  const mark = await phase('mark', largest, issuesFile);
  const n = (v: number | string | undefined) => Number(v);
  const figures: { name: string; value: number; bound: number; unit: string }[] = [
    { name: 'parse/bare (b/a)', value: b.ratio, bound: RATIO_BOUND, unit: '' },
    { name: `validate, ${b.rows} rader (egen prosess)`, value: n(validate.peakMb), bound: RSS_BOUND_MB, unit: 'MB' },
    { name: `web: opplasting og forhåndsvisning, ${b.rows} rader (PostgreSQL)`, value: web.previewPeakMb, bound: RSS_BOUND_MB, unit: 'MB' },
    { name: `web: lagring (commit), ${b.rows} rader (PostgreSQL)`, value: web.commitPeakMb, bound: RSS_BOUND_MB, unit: 'MB' },
    { name: `feilmarkering, ${n(issues.rowsRead)} rader (største tillatte)`, value: n(mark.peakMb), bound: RSS_BOUND_MB, unit: 'MB' },
  ];
  out('');
  out(
    `Serveren (node dist/server/main.js): ${web.baseMb.toFixed(0)} MB før opplastingen; forhåndsvisning klar etter ${web.previewMs.toFixed(0)} ms, lagring ${web.commitMs.toFixed(0)} ms${web.separate ? '' : ' (toppene regnet fra start: kjernen lot ikke toppen nullstilles)'}; validate ${n(validate.ms).toFixed(0)} ms`,
  );
  out(`Feilmarkering: ${n(mark.ms).toFixed(0)} ms for ${n(issues.rowsRead)} rader og ${n(mark.issues)} markerte problemer, ${(n(mark.bytes) / 1024 / 1024).toFixed(1)} MB xlsx`);
  out('');
  out(`${'mål'.padEnd(64)}${'verdi'.padEnd(10)}${'grense'.padEnd(10)}resultat`);
  const missed: string[] = [];
  for (const f of figures) {
    const ok = f.value <= f.bound;
    if (!ok) missed.push(f.name);
    const v = f.unit ? `${f.value.toFixed(0)} ${f.unit}` : f.value.toFixed(2);
    out(`${f.name.padEnd(64)}${v.padEnd(10)}${`≤ ${f.bound}${f.unit ? ` ${f.unit}` : ''}`.padEnd(10)}${ok ? 'ok' : 'OVER GRENSEN'}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  out(missed.length === 0 ? `Dom: alle ${figures.length} grenser holdt` : `Dom: BOMMET på ${missed.length} av ${figures.length}: ${missed.join('; ')}`);
  if (missed.length > 0) process.exit(1);
}
