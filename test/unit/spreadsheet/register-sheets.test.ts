import { describe, expect, it } from 'vitest';
import { parseRegisterFile } from '../../../server/spreadsheet/index.ts';
import { buildWorkbook } from '../../support/workbooks.ts';
import { definitionFor, otherDefinitions } from '../../../server/registers/registry.ts';

describe('workbooks with several registers', () => {
  it('when a workbook has a «Lønnsarter» sheet and other sheets with look-alike headers, then only that sheet is read as lønnsarter', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Utbetalingskategorier',
        rows: [
          ['Kode', 'Navn', 'Art', 'Tiltakstype'],
          ['BHG', 'Barnehage', '13500', 'I hjemmet'],
        ],
      },
      {
        name: 'Lønnsarter',
        rows: [
          ['Lønnsart', 'Navn', 'Art'],
          ['2010', 'Fosterhjem', '10510'],
        ],
      },
    ]);
    const r = await parseRegisterFile(bytes, 'alt.xlsx', definitionFor('lonnsarter'), { regnskapsar: 2026 }, otherDefinitions('lonnsarter'));
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => ('kode' in x ? x.kode : null))).toEqual(['2010']);
    expect(r.ignoredSheets.map((s) => s.sheet)).toEqual(['Utbetalingskategorier']);
  });

  it('when a kontoplan has sheets Art, Ansvar and Tjeneste (not «Funksjon»), then all three are still read', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Art', 'Navn'],
          ['10100', 'Fastlønn'],
        ],
      },
      {
        name: 'Ansvar',
        rows: [
          ['Ansvar', 'Navn'],
          ['7100', 'Vestvågøy'],
        ],
      },
      {
        name: 'Tjeneste',
        rows: [
          ['Funksjon', 'Navn'],
          ['251', 'I hjemmet'],
          ['252', 'Utenfor'],
        ],
      },
    ]);
    const r = await parseRegisterFile(bytes, 'kp.xlsx', definitionFor('kontoplan'), { regnskapsar: 2026 }, otherDefinitions('kontoplan'));
    expect(r.errors).toEqual([]);
    expect(r.counts).toEqual({ art: 1, ansvar: 1, funksjon: 2 });
  });
});
