/**
 * One memory figure of bench/import.bench.ts per process, so each peak RSS is that path's own (the kernel's high-water
 * mark, process.resourceUsage().maxRSS, worker threads included) and not left over from generating files or another path.
 * Run by import.bench.ts: `tsx bench/import-memory.ts <phase> <file> [issues.json]`; prints one JSON line.
 *   validate  parseRegisterFile in this process (what `kodeverk validate` does)
 *   web       the app on a fresh database: upload, preview read in the worker thread, preview page, «Lagre» (commit)
 *   issues    parseRegisterFile, then writes the issues to issues.json (input of `mark`, not a figure)
 *   mark      «Last ned med feilmarkering» through the app's own job queue and worker thread
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseRegisterFile } from '../server/spreadsheet/parse.ts';
import type { Issue } from '../server/spreadsheet/types.ts';

const YEAR = 2026;
const peakMb = () => process.resourceUsage().maxRSS / 1024;
const print = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);

const [phase, file, issuesFile] = process.argv.slice(2);
if (!phase || !file) throw new Error('usage: import-memory.ts <validate|web|issues|mark> <file> [issues.json]');
const bytes = fs.readFileSync(file);
const fileName = file.replace(/^.*\//, '');

if (phase === 'validate') {
  const t = performance.now();
  const result = await parseRegisterFile(bytes, fileName, 'kontoplan', { regnskapsar: YEAR });
  print({ phase, ms: performance.now() - t, peakMb: peakMb(), records: result.records.length, errors: result.errors.length });
} else if (phase === 'issues') {
  const result = await parseRegisterFile(bytes, fileName, 'kontoplan', { regnskapsar: YEAR });
  fs.writeFileSync(issuesFile!, JSON.stringify([...result.errors, ...result.warnings]));
  print({ phase, rowsRead: result.rowsRead, errors: result.errors.length, warnings: result.warnings.length });
} else if (phase === 'mark') {
  const { importJobs, closeImportJobs } = await import('../server/imports/import.jobs.ts');
  const issues = JSON.parse(fs.readFileSync(issuesFile!, 'utf8')) as Issue[];
  const before = peakMb();
  const t = performance.now();
  const out = await importJobs().mark('bench', 'bench-mark', async () => ({ bytes, fileName, issues }));
  const ms = performance.now() - t;
  if (out.subarray(0, 2).toString() !== 'PK') throw new Error('the marked workbook is not an xlsx');
  print({ phase, ms, peakMb: peakMb(), beforeMb: before, bytes: out.length, issues: issues.length });
  await closeImportJobs();
} else if (phase === 'web') {
  const { createTestDatabase } = await import('../test/support/db.ts');
  const { buildApp } = await import('../test/support/app.ts');
  const { createTjeneste } = await import('../test/support/factories.ts');
  const { loginAgent } = await import('../test/support/agent.ts');
  const { closeImportJobs } = await import('../server/imports/import.jobs.ts');
  const handle = await createTestDatabase();
  try {
    const app = buildApp(handle.db, { uploadLimitBytes: 20 * 1024 * 1024 });
    const t = await createTjeneste(handle.db);
    const { agent, csrf } = await loginAgent(app, t.users.regnskap.email);
    const token = await csrf();
    const started = performance.now();
    const res = await agent.post(`/t/${t.slug}/import/kontoplan?_csrf=${encodeURIComponent(token)}`).attach('fil', bytes, fileName);
    if (res.status !== 303) throw new Error(`upload answered ${res.status}`);
    const location = res.headers.location as string;
    let html = '';
    for (;;) {
      html = (await agent.get(location)).text;
      if (!html.includes('Filen leses …')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const previewMs = performance.now() - started;
    if (!html.includes('Lagre som ny versjon</button>')) throw new Error('the preview cannot be saved');
    const previewPeakMb = peakMb();
    const c = performance.now();
    const saved = await agent.post(`${location}/lagre`).type('form').send({ _csrf: token });
    if (saved.status !== 303) throw new Error(`commit answered ${saved.status}`);
    const commitMs = performance.now() - c;
    const rows = await handle.db
      .selectFrom('kontoplan_konto')
      .innerJoin('register_version', 'register_version.id', 'kontoplan_konto.version_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('register_version.tjeneste_id', '=', t.id)
      .executeTakeFirstOrThrow();
    print({ phase, database: handle.kind, previewMs, previewPeakMb, commitMs, commitPeakMb: peakMb(), rows: Number(rows.n) });
  } finally {
    await closeImportJobs();
    await handle.close();
  }
} else {
  throw new Error(`unknown phase ${phase}`);
}
