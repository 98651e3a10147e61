/**
 * Import benchmark: `npm run bench:import`.
 * Generates a 100,000-row kontoplan workbook with ExcelJS's streaming writer, then times
 * (a) a bare ExcelJS streaming read and (b) parseRegisterFile on the same bytes, and reports b/a and peak RSS.
 * Targets: b/a ≤ 1.5, peak RSS ≤ 300 MB. The database commit step is added by others: reuse
 * writeKontoplanWorkbook / runImportBenchmark and time the commit with the records it returns.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { parseRegisterFile } from '../server/spreadsheet/parse.ts';
import type { ParseResult } from '../server/spreadsheet/types.ts';

/** Writes a kontoplan with `rows` rows on one sheet with a Dimensjon column (mostly art, some ansvar and funksjon); returns the file path. */
export async function writeKontoplanWorkbook(filePath: string, rows: number): Promise<string> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: filePath, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('Kontoplan');
  ws.addRow(['Dimensjon', 'Kode', 'Navn', 'Aktiv']).commit();
  const funksjoner = ['244', '251', '252'];
  for (let i = 0; i < rows; i++) {
    if (i % 100 === 0) ws.addRow(['Funksjon', `${funksjoner[(i / 100) % 3]}${String(i).padStart(6, '0')}`, `Funksjon ${i}`, 'Ja']).commit();
    else if (i % 10 === 0) ws.addRow(['Ansvar', String(100000 + i), `Ansvar ${i}`, 'Ja']).commit();
    else ws.addRow(['Art', String(10000 + i - Math.floor(i / 10) - 1), `Art nummer ${i} med et litt langt navn`, i % 7 === 0 ? 'Nei' : 'Ja']).commit();
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

export interface ImportBenchmark {
  rows: number;
  bareMs: number;
  parseMs: number;
  ratio: number;
  peakRssMb: number;
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
  try {
    await bareStreamingRead(bytes); // warm-up of the code paths, not timed
    let t = performance.now();
    await bareStreamingRead(bytes);
    const bareMs = performance.now() - t;
    t = performance.now();
    const result = await parseRegisterFile(bytes, 'kontoplan-100k.xlsx', 'kontoplan', { regnskapsar: 2026 });
    const parseMs = performance.now() - t;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { rows, bareMs, parseMs, ratio: parseMs / bareMs, peakRssMb: peak / (1024 * 1024), result, filePath };
  } finally {
    clearInterval(sampler);
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const b = await runImportBenchmark();
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  out(`Rader: ${b.rows} (${fs.statSync(b.filePath).size} byte)`);
  out(`(a) ExcelJS streaming-lesing: ${b.bareMs.toFixed(0)} ms`);
  out(`(b) parseRegisterFile:         ${b.parseMs.toFixed(0)} ms  (${b.result.records.length} poster, ${b.result.errors.length} feil, ${b.result.warnings.length} advarsler)`);
  out(`Forhold b/a: ${b.ratio.toFixed(2)} (mål ≤ 1,5)`);
  out(`Høyeste RSS: ${b.peakRssMb.toFixed(0)} MB (mål ≤ 300 MB)`);
  fs.rmSync(path.dirname(b.filePath), { recursive: true, force: true });
}
