import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../platform/paths.ts';

// The CSVs stay in the source tree; the build (dist/) holds only JavaScript.
const dataDir = path.join(projectRoot, 'server/reference/data');

/** Reads a committed reference CSV: a '# Kilde' comment line, a ';'-separated header, then rows (no quoting in these files). */
export function loadReferenceRows(fileName: string): Record<string, string>[] {
  const lines = fs
    .readFileSync(path.join(dataDir, fileName), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const [header, ...rows] = lines;
  if (header === undefined) return [];
  const names = header.split(';');
  return rows.map((line) => {
    const cells = line.split(';');
    return Object.fromEntries(names.map((name, i) => [name, (cells[i] ?? '').trim()]));
  });
}
