import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { lonnsarterDefinition, type LonnsartRecord } from '../../server/lonnsarter/lonnsarter.definition.ts';
import { kontoplanDefinition } from '../../server/kontoplan/kontoplan.definition.ts';
import { checkEditedRows, recordCells } from '../../server/imports/edit.rules.ts';
import type { RegisterDefinition } from '../../server/spreadsheet/definition.ts';
import { jaNeiCell } from '../../server/spreadsheet/cell-rules.ts';
import { lofotenKontoplan, lofotenLonnsarter } from '../support/registers.ts';

const ctx = { regnskapsar: 2026 };

describe('register edit rules', () => {
  it('when a definition gains a field, then its cells are shown and checked with the definition’s own rule and message, without code in the editor', () => {
    type WithPensjon = LonnsartRecord & { pensjonsgivende: boolean | null };
    const base = lonnsarterDefinition.rowSchema as unknown as z.ZodObject;
    const def = {
      ...lonnsarterDefinition,
      inputFields: [...lonnsarterDefinition.inputFields, 'pensjonsgivende'],
      rowSchema: base.extend({ pensjonsgivende: jaNeiCell('Pensjonsgivende') }),
      janeiFields: [...lonnsarterDefinition.janeiFields, 'pensjonsgivende'],
      toExportCells: (r: WithPensjon) => ({ ...lonnsarterDefinition.toExportCells(r), pensjonsgivende: r.pensjonsgivende === null ? null : r.pensjonsgivende ? 'Ja' : 'Nei' }),
    } as unknown as RegisterDefinition<WithPensjon>;
    const stored: WithPensjon = { ...(lofotenLonnsarter()[0] as LonnsartRecord), pensjonsgivende: false };
    expect(recordCells(def, stored)['pensjonsgivende']).toBe('Nei');
    const ok = checkEditedRows(def, [{ stored, cells: { ...recordCells(def, stored), pensjonsgivende: 'Ja' }, touched: true }], ctx);
    expect(ok.errorCount).toBe(0);
    expect(ok.records[0]?.pensjonsgivende).toBe(true);
    const bad = checkEditedRows(def, [{ stored, cells: { ...recordCells(def, stored), pensjonsgivende: 'tja' }, touched: true }], ctx);
    expect(bad.issues).toEqual([
      expect.objectContaining({ row: 0, field: 'pensjonsgivende', severity: 'error', message: '«tja» er ikke et gyldig svar for Pensjonsgivende. Skriv Ja eller Nei (eller la cellen stå tom).' }),
    ]);
  });

  it('when rows are not touched, then they keep their stored record exactly and what the rules say about them does not block', () => {
    const records = lofotenKontoplan();
    // stored before kontoklasse was derived: re-reading the row would fill it in, which would be a silent change
    const old = { ...(records[9] as (typeof records)[number]), kontoklasse: null };
    const rows = [old, ...records.slice(10)].map((r) => ({ stored: r, cells: recordCells(kontoplanDefinition, r), touched: false }));
    const checked = checkEditedRows(kontoplanDefinition, rows, ctx);
    expect(checked.records[0]).toBe(old);
    expect(checked.errorCount).toBe(0);
  });

  it('when a touched row takes the code of another row, then it is refused as a duplicate at the touched row', () => {
    const [a, b] = lofotenLonnsarter() as [LonnsartRecord, LonnsartRecord];
    const rows = [
      { stored: a, cells: recordCells(lonnsarterDefinition, a), touched: false },
      { stored: b, cells: { ...recordCells(lonnsarterDefinition, b), kode: a.kode }, touched: true },
    ];
    const checked = checkEditedRows(lonnsarterDefinition, rows, ctx);
    expect(checked.issues).toEqual([expect.objectContaining({ row: 1, code: 'dobbel_kode', message: 'Lønnsart 2010 står to ganger. Gi den ene raden en annen kode, eller fjern den.' })]);
  });
});
