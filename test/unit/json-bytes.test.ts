import { describe, expect, it } from 'vitest';
import { jsonParts, ownedBuffers } from '../../server/platform/workers/json-bytes.ts';

/** The parts joined: the whole text. */
const jsonBytes = (value: Record<string, unknown>) => Buffer.concat(jsonParts(value));

describe('jsonParts', () => {
  it('gives the same JSON value as JSON.stringify for large and small arrays, nested values and left-out properties', () => {
    const records = Array.from({ length: 4501 }, (_, i) => ({ kode: String(i), navn: i % 2 ? `Navn «${i}» – æøå` : null, n: i, flag: i % 3 === 0 }));
    const value = {
      records,
      warnings: [{ code: 'x', message: 'a "quoted" \\ back\nslash' }],
      empty: [],
      big: Array.from({ length: 2001 }, (_, i) => (i === 7 ? undefined : i)),
      gone: undefined,
      fn: () => 1,
      nested: { a: [1, 2, { b: 'c' }] },
      n: null,
    };
    const bytes = jsonBytes(value);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(JSON.parse(JSON.stringify(value)));
    expect(Object.keys(JSON.parse(bytes.toString('utf8')))).not.toContain('gone');
  });

  it('writes valid JSON for an empty object and for arrays exactly at a slice boundary', () => {
    expect(jsonBytes({}).toString()).toBe('{}');
    const exact = { a: Array.from({ length: 4000 }, (_, i) => i) };
    expect(JSON.parse(jsonBytes(exact).toString())).toEqual(exact);
  });
});

describe('ownedBuffers', () => {
  it('names each ArrayBuffer a part has to itself once, and none that a part shares with Node’s buffer pool', () => {
    const records = Array.from({ length: 4500 }, (_, i) => ({ kode: String(i), navn: `Navn nummer ${i}` }));
    const parts = jsonParts({ records, small: 1 });
    const own = ownedBuffers(parts);
    expect(own.length).toBeGreaterThan(0);
    expect(new Set(own).size).toBe(own.length);
    for (const b of own) expect(parts.filter((p) => p.buffer === b)).toHaveLength(1);
    // the small parts ('{', '}') come from the shared pool and are left to be copied
    expect(parts.some((p) => !own.includes(p.buffer as ArrayBuffer))).toBe(true);
  });
});
