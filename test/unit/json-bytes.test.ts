import { describe, expect, it } from 'vitest';
import { jsonBytes } from '../../server/platform/workers/json-bytes.ts';

describe('jsonBytes', () => {
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
