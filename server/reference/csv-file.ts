import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dataDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');

/** Reads one of the committed reference CSVs: a '# Kilde' comment line, a ';' header, then rows. */
export function readReferenceCsv(fileName: string): Record<string, string>[] {
  const lines = fs.readFileSync(path.join(dataDir, fileName), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const [header, ...rows] = lines;
  if (!header) return [];
  const cols = header.split(';');
  return rows.map((line) => {
    const cells = line.split(';');
    return Object.fromEntries(cols.map((c, i) => [c, (cells[i] ?? '').trim()]));
  });
}
