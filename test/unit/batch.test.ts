import { describe, expect, it } from 'vitest';
import { batched } from '../../server/platform/db/batch.ts';

describe('batched lookups', () => {
  it('when lookups are made in the same turn, then they run as one call with each key once, and each gets its own value', async () => {
    const calls: string[][] = [];
    const get = batched(async (keys: string[]) => {
      calls.push(keys);
      return new Map(keys.filter((k) => k !== 'ukjent').map((k) => [k, k.toUpperCase()]));
    });
    const got = await Promise.all([get('a'), get('b'), get('a'), get('ukjent')]);
    expect(got).toEqual(['A', 'B', 'A', undefined]);
    expect(calls).toEqual([['a', 'b', 'ukjent']]);
    // a later turn is a new call
    expect(await get('c')).toBe('C');
    expect(calls).toHaveLength(2);
  });

  it('when the call fails, then every lookup in the batch fails with it, and the next batch is unaffected', async () => {
    let fail = true;
    const get = batched(async (keys: number[]) => {
      if (fail) throw new Error('databasen svarer ikke');
      return new Map(keys.map((k) => [k, k * 2]));
    });
    const results = await Promise.allSettled([get(1), get(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await get(3)).toBe(6);
  });

  it('when more lookups than the batch size come at once, then they are split into batches of at most that size', async () => {
    const sizes: number[] = [];
    const get = batched(async (keys: number[]) => {
      sizes.push(keys.length);
      return new Map(keys.map((k) => [k, k]));
    }, 10);
    const got = await Promise.all(Array.from({ length: 25 }, (_, i) => get(i)));
    expect(got).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(sizes).toEqual([10, 10, 5]);
  });
});
