/**
 * CLI start-up benchmark: `npm run bench:cli`.
 * Whole processes, as a user runs them: `node bin/kodeverk.js validate FILE --register kontoplan` (the built CLI)
 * against a bare ExcelJS streaming read of the same file in its own `node` process (load ExcelJS, read every row,
 * exit) — the least any validate must do. Rounds alternate the two so a busy moment hits both; medians of wall and
 * CPU time (user + system, from bash's `time`) are reported.
 * Targets: validate ≤ 2× the bare read for a small workbook (one sheet, six rows), ≤ 1.5× for 100,000 rows (which
 * validate reads with ExcelJS in a thread of its own, spreadsheet/xlsx-thread.ts: the CPU ratio is printed too).
 * Builds dist/ first, so it measures the code as it is now.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeKontoplanWorkbook } from './import.bench.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SMALL_ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);
// five rounds of the large file: on a shared 2-core machine a median of three swung by ±0.1 in the ratio
const LARGE_ROUNDS = Math.max(1, Math.min(SMALL_ROUNDS, 5));

// The same reader options as bench/import.bench.ts's bare read.
const BARE_READ = `
import { Readable } from 'node:stream';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([fs.readFileSync(process.argv[1])]), { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' });
let cells = 0;
for await (const ws of reader) for await (const row of ws) cells += row.values.length;
process.stdout.write(cells + ' celler\\n');
`;

interface Timing {
  wallMs: number;
  cpuMs: number;
}

/** Runs a command under bash's `time` (wall, user, system of the whole process and its children). */
function timed(argv: readonly string[], expectExit: number): Timing {
  const quoted = argv.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  // the command's stderr goes to fd 3 (our stderr), `time`'s line to stdout
  const r = spawnSync('bash', ['-c', `exec 3>&2; TIMEFORMAT='%R %U %S'; { time ${quoted} >/dev/null 2>&3; } 2>&1`], { cwd: root, encoding: 'utf8' });
  if (r.status !== expectExit) throw new Error(`${argv.join(' ')} avsluttet med ${r.status} (ventet ${expectExit}):\n${r.stderr}`);
  const [real, user, sys] = r.stdout.trim().split(' ').map(Number);
  if (real === undefined || user === undefined || sys === undefined || [real, user, sys].some(Number.isNaN)) throw new Error(`Kunne ikke lese tiden: ${r.stdout}`);
  return { wallMs: real * 1000, cpuMs: (user + sys) * 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

interface Comparison {
  bare: Timing;
  validate: Timing;
  ratio: number;
  cpuRatio: number;
}

function compare(file: string, rounds: number, validateExit: number): Comparison {
  const bare: Timing[] = [];
  const validate: Timing[] = [];
  const bareArgv = [process.execPath, '--input-type=module', '-e', BARE_READ, file];
  const validateArgv = [process.execPath, 'bin/kodeverk.js', 'validate', file, '--register', 'kontoplan', '--regnskapsar', '2026'];
  // one untimed run of each: the file and node's own files in the page cache for both
  timed(bareArgv, 0);
  timed(validateArgv, validateExit);
  for (let i = 0; i < rounds; i++) {
    bare.push(timed(bareArgv, 0));
    validate.push(timed(validateArgv, validateExit));
  }
  const m = (ts: Timing[]): Timing => ({ wallMs: median(ts.map((t) => t.wallMs)), cpuMs: median(ts.map((t) => t.cpuMs)) });
  const b = m(bare);
  const v = m(validate);
  return { bare: b, validate: v, ratio: v.wallMs / b.wallMs, cpuRatio: v.cpuMs / b.cpuMs };
}

const out = (s: string): boolean => process.stdout.write(`${s}\n`);
const ms = (t: Timing): string => `${t.wallMs.toFixed(0)} ms (CPU ${t.cpuMs.toFixed(0)} ms)`;

out('Bygger dist/ …');
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kodeverk-bench-cli-'));
let failed = false;
try {
  const small = await writeKontoplanWorkbook(path.join(dir, 'kontoplan-6.xlsx'), 6);
  const large = await writeKontoplanWorkbook(path.join(dir, 'kontoplan-100k.xlsx'), 100_000);

  const floor: Timing[] = [];
  const help: Timing[] = [];
  for (let i = 0; i < SMALL_ROUNDS; i++) {
    floor.push(timed([process.execPath, '-e', ''], 0));
    help.push(timed([process.execPath, 'bin/kodeverk.js', '--help'], 0));
  }
  out(`node uten noe: ${median(floor.map((t) => t.wallMs)).toFixed(0)} ms; kodeverk --help: ${median(help.map((t) => t.wallMs)).toFixed(0)} ms (median av ${SMALL_ROUNDS})`);

  const verdict = (label: string, c: Comparison, bound: number, rounds: number): void => {
    const ok = c.ratio <= bound;
    if (!ok) failed = true;
    out(`${label}: ren ExcelJS-lesing ${ms(c.bare)}, kodeverk validate ${ms(c.validate)} (median av ${rounds})`);
    out(`  Forhold validate/ren lesing: ${c.ratio.toFixed(2)} (mål ≤ ${bound.toFixed(1).replace('.', ',')}; i CPU-tid ${c.cpuRatio.toFixed(2)}) ${ok ? 'OK' : 'OVER MÅL'}`);
  };
  const s = compare(small, SMALL_ROUNDS, 0);
  verdict('6 rader', s, 2, SMALL_ROUNDS);
  // the generated 100,000-row kontoplan has KOSTRA warnings but no errors: validate exits 0
  const l = compare(large, LARGE_ROUNDS, 0);
  verdict('100 000 rader', l, 1.5, LARGE_ROUNDS);
  out(`Sammendrag: 6 rader ${s.ratio.toFixed(2)} (≤ 2) ${s.ratio <= 2 ? 'OK' : 'OVER MÅL'}, 100 000 rader ${l.ratio.toFixed(2)} (≤ 1,5) ${l.ratio <= 1.5 ? 'OK' : 'OVER MÅL'}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
if (failed) process.exitCode = 1;
