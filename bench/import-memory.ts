/**
 * One memory figure of bench/import.bench.ts per process, so each peak RSS is that path's own (the kernel's high-water
 * mark, process.resourceUsage().maxRSS, worker threads included) and not left over from generating files or another path.
 * Run by import.bench.ts: `tsx bench/import-memory.ts <phase> <file> [issues.json]`; prints one JSON line.
 *   validate  parseRegisterFile in this process as `kodeverk validate` runs it (a large .xlsx read in a thread of its own)
 *   issues    parseRegisterFile, then writes the issues to issues.json (input of `mark`, not a figure)
 *   mark      «Last ned med feilmarkering» through the app's own job queue and worker thread
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseRegisterFile } from '../server/spreadsheet/parse.ts';
import { XlsxReadingThread } from '../server/spreadsheet/xlsx-thread.ts';
import { definitionFor, otherDefinitions } from '../server/registers/registry.ts';

const YEAR = 2026;
/** The kernel's peak RSS of this process (VmHWM; getrusage's maxRSS where /proc is missing). */
const peakMb = (): number => {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
};
const print = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);

const [phase, file, issuesFile] = process.argv.slice(2);
if (!phase || !file) throw new Error('usage: import-memory.ts <validate|issues|mark> <file> [issues.json]');
const bytes = fs.readFileSync(file);
const fileName = file.replace(/^.*\//, '');

if (phase === 'validate') {
  const t = performance.now();
  const result = await parseRegisterFile(bytes, fileName, definitionFor('kontoplan'), { regnskapsar: YEAR, readThread: new XlsxReadingThread() }, otherDefinitions('kontoplan'));
  print({ phase, ms: performance.now() - t, peakMb: peakMb(), records: result.records.length, errors: result.errors.length });
} else if (phase === 'issues') {
  const result = await parseRegisterFile(bytes, fileName, definitionFor('kontoplan'), { regnskapsar: YEAR }, otherDefinitions('kontoplan'));
  fs.writeFileSync(issuesFile!, JSON.stringify([...result.errors, ...result.warnings]));
  print({ phase, rowsRead: result.rowsRead, errors: result.errors.length, warnings: result.warnings.length });
} else if (phase === 'mark') {
  const { importJobs, closeImportJobs } = await import('../server/imports/import.jobs.ts');
  // as the server hands them over: the issues as the JSON text the database made, parsed in the worker thread
  const issuesJson = fs.readFileSync(issuesFile!);
  let issues = 0;
  for (let at = issuesJson.indexOf('"severity":'); at !== -1; at = issuesJson.indexOf('"severity":', at + 1)) issues++;
  const before = peakMb();
  const t = performance.now();
  const out = await importJobs().mark('bench', 'bench-mark', async () => ({ bytes, fileName, issuesJson }));
  const ms = performance.now() - t;
  if (out.subarray(0, 2).toString() !== 'PK') throw new Error('the marked workbook is not an xlsx');
  print({ phase, ms, peakMb: peakMb(), beforeMb: before, bytes: out.length, issues });
  await closeImportJobs();
} else {
  throw new Error(`unknown phase ${phase}`);
}
