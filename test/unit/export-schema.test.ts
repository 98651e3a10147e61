import { describe, expect, it } from 'vitest';
import { kodeverkJsonSchema } from '../../server/export/export.document.ts';

/** Every property of kodeverk.schema.json, with its path, and whether it says what it is. */
function properties(node: unknown, path: string, out: { path: string; described: boolean }[] = []) {
  if (node === null || typeof node !== 'object') return out;
  const n = node as Record<string, unknown>;
  const props = n['properties'] as Record<string, Record<string, unknown>> | undefined;
  for (const [k, v] of Object.entries(props ?? {})) {
    out.push({ path: `${path}.${k}`, described: typeof v['description'] === 'string' && v['description'] !== '' });
    properties(v, `${path}.${k}`, out);
  }
  for (const key of ['items', 'additionalProperties']) if (n[key] && typeof n[key] === 'object') properties(n[key], `${path}[]`, out);
  for (const key of ['anyOf', 'oneOf', 'allOf']) for (const alt of (n[key] as unknown[] | undefined) ?? []) properties(alt, path, out);
  return out;
}

describe('kodeverk.schema.json', () => {
  it('when the schema is generated, then every field of kodeverk.json has a description and every key is snake_case', () => {
    const all = properties(kodeverkJsonSchema(), '');
    expect(all.length).toBeGreaterThan(60);
    expect(all.filter((p) => !p.described).map((p) => p.path)).toEqual([]);
    // the envelope keeps its name across versions so a reader can tell which version it has
    const keys = all.map((p) => p.path.split('.').pop() as string).filter((k) => k !== 'schemaVersion');
    expect(keys.filter((k) => !/^[a-z0-9_]+$/.test(k))).toEqual([]);
  });
});
