import { describe, expect, it } from 'vitest';
import { countLines, MAX_ROWS, parseRegisterFile } from '../../../server/spreadsheet/parse.ts';
import { definitionFor, otherDefinitions } from '../../../server/registers/registry.ts';

describe('row limit', () => {
  it('when a CSV has more rows than any register, then it is refused at once with one file-level error', async () => {
    const bytes = Buffer.from(`Art;Navn\n${'10100;Fastlønn\n'.repeat(MAX_ROWS + 1)}`);
    const started = Date.now();
    const r = await parseRegisterFile(bytes, 'stor.csv', definitionFor('kontoplan'), { regnskapsar: 2026 }, otherDefinitions('kontoplan'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.records).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'for_mange_rader', sheet: null, row: null, cell: null });
    expect(r.errors[0]!.message).toContain('mer enn 250');
  });

  it('when the line ends are CR only (old Mac) or mixed, then the cheap count sees every row the reader would', () => {
    expect(countLines(Buffer.from('a\rb\rc\r'))).toBe(3);
    expect(countLines(Buffer.from('a\r\nb\r\nc'))).toBe(2);
    expect(countLines(Buffer.from('a\nb\rc\r\n'))).toBe(3);
  });

  it('when a CSV with CR-only line ends has a million rows, then it is refused before it is parsed', async () => {
    const bytes = Buffer.from(`Art;Navn\r${'1;a\r'.repeat(1_000_000)}`);
    const started = Date.now();
    const r = await parseRegisterFile(bytes, 'mac.csv', definitionFor('kontoplan'), { regnskapsar: 2026 }, otherDefinitions('kontoplan'));
    // counting 4 MB takes milliseconds; parsing a million rows first took seconds and hundreds of MB
    expect(Date.now() - started).toBeLessThan(1500);
    expect(r.errors.map((e) => e.code)).toEqual(['for_mange_rader']);
  });
});
