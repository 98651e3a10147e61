import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { databaseKey, deepFreeze, sharedCache, sharedLoader } from '../../server/platform/cache.ts';
import type { Database } from '../../server/platform/db/schema.ts';

// a handle that never connects: only its identity is used
const handle = () => new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ max: 1 }) }) });

describe('shared caches', () => {
  it('when the values pass the byte budget, then the least recently used go first', () => {
    const c = sharedCache<{ text: string }>({ maxBytes: 10, bytesOf: (v) => v.text.length });
    c.set('a', { text: 'aaaa' });
    c.set('b', { text: 'bbbb' });
    expect(c.get('a')?.text).toBe('aaaa');
    c.set('c', { text: 'cccc' });
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')?.text).toBe('aaaa');
    expect(c.get('c')?.text).toBe('cccc');
    // larger than the whole budget: answered, not kept
    c.set('d', { text: 'd'.repeat(11) });
    expect(c.get('d')).toBeUndefined();
  });

  it('when a value is kept under test, then changing it, its arrays or its maps throws', () => {
    const c = sharedCache<{ rows: { kode: string }[]; byKode: Map<string, { kode: string }> }>({ maxBytes: 1000, bytesOf: () => 1 });
    const v = c.set('k', { rows: [{ kode: '1' }, { kode: '2' }], byKode: new Map([['1', { kode: '1' }]]) });
    expect(() => {
      v.rows[0]!.kode = '2';
    }).toThrow(TypeError);
    expect(() => v.rows.push({ kode: '3' })).toThrow(TypeError);
    expect(() => v.rows.reverse()).toThrow(TypeError);
    expect(() => v.byKode.set('2', { kode: '2' })).toThrow(TypeError);
    expect(() => v.byKode.clear()).toThrow(TypeError);
    expect(() => {
      v.byKode.get('1')!.kode = '9';
    }).toThrow(TypeError);
    // a copy is the caller's own
    const copy = [...v.rows];
    copy.push({ kode: '3' });
    expect(copy).toHaveLength(3);
  });

  it('when deepFreeze meets a cycle or bytes, then it ends and leaves the bytes as they are', () => {
    const a: { self?: unknown; bytes: Buffer } = { bytes: Buffer.from('abc') };
    a.self = a;
    expect(Object.isFrozen(deepFreeze(a))).toBe(true);
    a.bytes[0] = 0x41;
    expect(a.bytes.toString()).toBe('Abc');
  });

  it('when several ask for one key at once, then it is read once; a failed read is not kept', async () => {
    const c = sharedLoader<{ n: number }>({ maxBytes: 1000, bytesOf: () => 1 });
    let reads = 0;
    const read = async () => ({ n: ++reads });
    const [x, y] = await Promise.all([c.load('k', read), c.load('k', read)]);
    expect(reads).toBe(1);
    expect(x).toBe(y);
    expect(Object.isFrozen(x)).toBe(true);
    await expect(c.load('bad', () => Promise.reject(new Error('connection lost')))).rejects.toThrow('connection lost');
    expect((await c.load('bad', read)).n).toBe(2);
  });
});

describe('database identity in keys', () => {
  it('when two handles are opened, then their keys differ; a handle’s plugin copies share its key', async () => {
    const a = handle();
    const b = handle();
    try {
      expect(databaseKey(a)).not.toBe(databaseKey(b));
      expect(databaseKey(a)).toBe(databaseKey(a));
      expect(databaseKey(a.withPlugin({ transformQuery: (x) => x.node, transformResult: async (x) => x.result }))).toBe(databaseKey(a));
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  });
});
