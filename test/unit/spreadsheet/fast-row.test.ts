import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kontoplanDefinition } from '../../../server/kontoplan/kontoplan.definition.ts';
import { buildWorkbook } from '../../support/workbooks.ts';
import { at, parse } from './helpers.ts';

/** Cell texts as the reader hands them over (trimmed, null = blank), including the spellings the rules special-case. */
const cell = (...texts: string[]) => fc.oneof(fc.constant(null), fc.constant(''), fc.constantFrom(...texts), fc.string({ maxLength: 6 }));
const input = fc.record({
  dimensjon: cell('Art', 'ART', 'art', 'Konto', 'Kontoplan', 'Ansvar', 'ansvarssted', 'Funksjon', 'Tjeneste', 'Dim', 'Æøå'),
  kode: cell('10100', '0', '010', '1O1OO', 'OO', '12a', '251', '2520', '99999999999999999999'),
  navn: cell('Fastlønn', 'Art 1', '–'),
  aktiv: cell('Ja', 'nei', 'J', 'x', 'Aktiv', 'AKTIV', 'Inaktiv', 'sperret', 'Passiv', 'kanskje', '1', '0'),
  kostra: cell('010', '999', 'abc'),
});

describe('kontoplan fast path', () => {
  it('when any row is read, then the fast path gives exactly the zod schema result, or hands the row to the schema when the schema rejects it', () => {
    const fastRow = kontoplanDefinition.fastRow;
    expect(fastRow).toBeDefined();
    fc.assert(
      fc.property(input, (row) => {
        const fast = fastRow?.(row) ?? null;
        const parsed = kontoplanDefinition.rowSchema.safeParse(row);
        if (parsed.success) expect(fast).toEqual(parsed.data);
        else expect(fast).toBeNull();
      }),
      { numRuns: 3000 },
    );
  });

  it('when a big file mixes good rows with bad ones, then the bad rows still get the schema’s messages at their cells', async () => {
    const rows: unknown[][] = [['Dimensjon', 'Kode', 'Navn', 'Aktiv']];
    for (let i = 0; i < 500; i++) rows.push(['Art', String(10100 + i * 10), `Art ${i}`, 'Ja']);
    rows.push(['Art', '1O1OO', 'Med bokstav O', 'Ja'], ['Ansvar', '', 'Uten kode', 'Ja'], ['Funksjon', '2510', '', 'Ja'], ['Art', '10105', 'Rar aktiv', 'kanskje'], ['Dim?', '1', 'x', 'Ja']);
    const result = await parse(await buildWorkbook([{ name: 'Kontoplan', rows: rows as never }]), 'k.xlsx', 'kontoplan');
    expect(at(result.errors)).toEqual([
      'kode_ikke_siffer@Kontoplan!B502',
      'kode_mangler@Kontoplan!B503',
      'navn_mangler@Kontoplan!C504',
      'ugyldig_ja_nei@Kontoplan!D505',
      'ugyldig_dimensjon@Kontoplan!A506',
    ]);
    expect(result.errors[0]?.message).toContain('bokstaven O');
    expect(result.counts['art']).toBe(500);
  });
});
