import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Biome's noImportCycles sees files; this sees folders. The kodeverk state is the hub the pages read
// (server/kodeverk/CONTEXT.md): the capabilities around it must depend on it one way, never back.
const LAYERED = ['kodeverk', 'review', 'matrix', 'mapping', 'checklist', 'meeting', 'dashboard', 'export'];
const server = path.resolve(import.meta.dirname, '../../server');

function folderEdges(): Map<string, Map<string, string[]>> {
  const edges = new Map<string, Map<string, string[]>>();
  for (const folder of LAYERED) {
    for (const file of fs.readdirSync(path.join(server, folder), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts')) continue;
      const text = fs.readFileSync(path.join(server, folder, file), 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)) {
        const target = path.relative(server, path.resolve(server, folder, path.dirname(file), m[1]!)).split(path.sep)[0]!;
        if (target === folder || !LAYERED.includes(target)) continue;
        const from = edges.get(folder) ?? new Map<string, string[]>();
        from.set(target, [...(from.get(target) ?? []), `${folder}/${file}`]);
        edges.set(folder, from);
      }
    }
  }
  return edges;
}

describe('folder dependencies', () => {
  it('when the kodeverk folders import each other, then no folder reaches itself again', () => {
    const edges = folderEdges();
    const cycles: string[] = [];
    const walk = (start: string, at: string, trail: string[]) => {
      for (const [next, files] of edges.get(at) ?? []) {
        const step = [...trail, `${at} → ${next} (${files[0]})`];
        if (next === start) cycles.push(step.join(', '));
        else if (!trail.some((t) => t.startsWith(`${next} →`))) walk(start, next, step);
      }
    };
    for (const folder of LAYERED) walk(folder, folder, []);
    expect(cycles).toEqual([]);
    // the hub itself depends on none of them
    expect([...(edges.get('kodeverk')?.keys() ?? [])]).toEqual([]);
  });
});
