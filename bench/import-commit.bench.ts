/**
 * Commit benchmark: `npm run bench:import-commit`.
 * Reuses bench/import.bench.ts (a 100,000-row kontoplan, read with parseRegisterFile) and commits the records
 * with the import's own commit (commitRecords → insertRegisterVersion: batched multi-row inserts, one transaction)
 * into a throwaway database: a fresh database on the PostgreSQL server in DATABASE_URL, else PGlite in memory.
 * Prints the commit time and the peak RSS of the whole run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runImportBenchmark } from './import.bench.ts';
import { createTestDatabase } from '../test/support/db.ts';
import { insertTjeneste } from '../server/tenancy/tenancy.repository.ts';
import { commitInputOf, commitRecords } from '../server/imports/import.service.ts';

const out = (s: string): boolean => process.stdout.write(`${s}\n`);
const b = await runImportBenchmark();
out(`Rader: ${b.rows}; lest på ${b.parseMs.toFixed(0)} ms (${b.result.records.length} poster, ${b.result.errors.length} feil); høyeste RSS under lesingen ${b.peakRssMb.toFixed(0)} MB`);
if (b.result.errors.length > 0) {
  out('Filen har feil, så den kan ikke lagres. Første feil:');
  out(JSON.stringify(b.result.errors[0]));
  process.exit(1);
}
const beforeDbMb = process.memoryUsage().rss / (1024 * 1024);
const handle = await createTestDatabase();
const withDbMb = process.memoryUsage().rss / (1024 * 1024);
let peak = Math.max(b.peakRssMb * 1024 * 1024, process.memoryUsage().rss);
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
try {
  const t = await insertTjeneste(handle.db, { slug: 'bench', navn: 'Benchmark', organisasjonsnummer: '123456785', regnskapsar: 2026 });
  const started = performance.now();
  const outcome = await handle.db
    .transaction()
    .execute((trx) => commitRecords(trx, { userId: null, label: 'benchmark' }, { tjenesteId: t.id, register: 'kontoplan', fileName: 'kontoplan-100k.xlsx', ...commitInputOf(b.result) }));
  const commitMs = performance.now() - started;
  peak = Math.max(peak, process.memoryUsage().rss);
  out(`Database: ${handle.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL, egen engangsdatabase)' : 'PGlite i minnet'}`);
  out(`Lagring (versjon ${outcome.versionNo}, ${b.result.records.length} rader i én transaksjon): ${commitMs.toFixed(0)} ms`);
  out(`RSS før databasen ble åpnet: ${beforeDbMb.toFixed(0)} MB; etter: ${withDbMb.toFixed(0)} MB${handle.kind === 'pglite' ? ' (PGlite kjører i samme prosess og teller med)' : ''}`);
  out(`Høyeste RSS: ${(peak / (1024 * 1024)).toFixed(0)} MB (mål ≤ 300 MB)`);
} finally {
  clearInterval(sampler);
  await handle.close();
  fs.rmSync(path.dirname(b.filePath), { recursive: true, force: true });
}
