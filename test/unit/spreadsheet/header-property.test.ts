import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvBytes } from '../../support/workbooks.ts';
import type { RegisterName } from '../../../server/spreadsheet/types.ts';
import { parse } from './helpers.ts';
import { definitionFor } from '../../../server/registers/registry.ts';

// Property: whatever the spelling of the template's headers (case, _ - . or no space between words, nynorsk
// words) and whatever the column order, with unknown columns in between, every column of the file is in
// result.columns, and each template field is either read from its column or the column is named in an issue:
// nothing is silently lost.

const NYNORSK: Record<string, string> = { Lønnsart: 'Lønsart', Navn: 'Namn' };

const spelling = (header: string) =>
  fc.record({ sep: fc.constantFrom(' ', '_', '-', '.', ''), kase: fc.constantFrom('same', 'upper', 'lower'), nynorsk: fc.boolean(), pad: fc.boolean() }).map(({ sep, kase, nynorsk, pad }) => {
    let h = nynorsk ? (NYNORSK[header] ?? header) : header;
    h = h.replace(/[ -]/g, sep);
    if (kase === 'upper') h = h.toUpperCase();
    if (kase === 'lower') h = h.toLowerCase();
    return pad ? ` ${h} ` : h;
  });

const EXTRA = ['Merknad', 'Sist endret', 'Beløp', 'Ansvarlig person', 'Gyldig fra'];

const SAMPLE: Record<string, Record<string, string>> = {
  lonnsarter: {
    kode: '510',
    navn: 'Fosterhjem',
    art: '10510',
    skattepliktig: 'Ja',
    aga: 'Nei',
    feriepengegrunnlag: 'Ja',
    amelding_beskrivelse: 'annet',
    tiltakstype: 'Utenfor hjemmet',
    fordel: 'Kontantytelse',
  },
  utbetalingskategorier: { kode: 'FRI', navn: 'Fritid', art: '14720', tiltakstype: 'Utenfor hjemmet' },
};

function layout(register: RegisterName) {
  const def = definitionFor(register);
  const fields = def.templateSheets[0]?.fields ?? [];
  return fc
    .tuple(fc.tuple(...fields.map((f) => spelling(def.exportHeaders[f] ?? f))), fc.shuffledSubarray(EXTRA, { minLength: 0, maxLength: 3 }), fc.func(fc.integer()))
    .map(([headers, extras, order]) => {
      const columns = [...fields.map((field, i) => ({ field: field as string | null, header: headers[i] as string })), ...extras.map((header) => ({ field: null, header }))];
      // a deterministic shuffle from the generated function
      return columns
        .map((c, i) => ({ c, k: order(i) }))
        .sort((a, b) => a.k - b.k)
        .map((x) => x.c);
    });
}

describe.each(['lonnsarter', 'utbetalingskategorier'] as const)('header spellings and column orders (%s)', (register) => {
  it('when the template columns are respelled and reordered with unknown columns between, then every field is read or reported, never silently lost', async () => {
    await fc.assert(
      fc.asyncProperty(layout(register), async (columns) => {
        const row = columns.map((c) => (c.field === null ? 'x' : (SAMPLE[register]?.[c.field] ?? '')));
        const text = `${columns.map((c) => c.header).join(';')}\n${row.join(';')}\n`;
        const result = await parse(csvBytes(text, { encoding: 'utf8' }), 'fil.csv', register);
        expect(result.columns.map((c) => c.header)).toEqual(columns.map((c) => c.header.trim()));
        const placed = new Set([...result.errors, ...result.warnings].map((i) => i.column));
        columns.forEach((c, i) => {
          const got = result.columns[i];
          if (c.field === null) {
            expect(got?.field).toBeNull();
            return;
          }
          const found = got?.field === c.field;
          expect(found || placed.has(got?.column ?? '') || result.needsMapping, `${c.header} (${c.field}) was neither read nor reported`).toBe(true);
          if (found && result.records[0]) {
            const value = (result.records[0] as unknown as Record<string, unknown>)[c.field];
            expect(value, c.header).not.toBeNull();
          }
        });
        // every spelling generated here is one the matcher knows: all fields are found
        expect(result.columns.filter((c) => c.field !== null).length).toBe(columns.filter((c) => c.field !== null).length);
      }),
      { numRuns: 60 },
    );
  });
});
