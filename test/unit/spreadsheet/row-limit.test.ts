import { describe, expect, it } from 'vitest';
import { MAX_ROWS, parseRegisterFile } from '../../../server/spreadsheet/parse.ts';

describe('row limit', () => {
  it('when a CSV has more rows than any register, then it is refused at once with one file-level error', async () => {
    const bytes = Buffer.from('Art;Navn\n' + '10100;Fastlønn\n'.repeat(MAX_ROWS + 1));
    const started = Date.now();
    const r = await parseRegisterFile(bytes, 'stor.csv', 'kontoplan', { regnskapsar: 2026 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.records).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'for_mange_rader', sheet: null, row: null, cell: null });
    expect(r.errors[0]!.message).toContain('mer enn 250');
  });
});
