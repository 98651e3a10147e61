import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTemplate, markErrors, neutralizeFormula, unneutralizeFormula } from '../../../server/spreadsheet/index.ts';
import { kostraFor } from '../../../server/reference/kostra.ts';
import { buildWorkbook, csvBytes } from '../../support/workbooks.ts';
import { parse } from './helpers.ts';
import type { KontoplanRecord } from '../../../server/kontoplan/kontoplan.definition.ts';
import type { LonnsartRecord } from '../../../server/lonnsarter/lonnsarter.definition.ts';
import { definitionFor, type RegisterRecord } from '../../../server/registers/registry.ts';
import type { UtbetalingskategoriRecord } from '../../../server/utbetalingskategorier/utbetalingskategorier.definition.ts';

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

const text = fc
  .string({ minLength: 1, maxLength: 30, unit: fc.constantFrom('a', 'Æ', 'ø', 'å', ' ', '=', '+', '-', '@', "'", 'x', '1', '(', '–') })
  .map((s) => s.trim())
  .filter((s) => s !== '' && !/^[-+]?\d/.test(s));
const validArter = [...kostraFor(2026).arter.keys()];

const kontoplan = fc.uniqueArray(
  fc.oneof(
    fc
      .record({
        dimensjon: fc.constant('art' as const),
        kode: fc.tuple(fc.constantFrom(...validArter), fc.integer({ min: 0, max: 9 })).map(([a, d]) => `1${a}${d}`),
        navn: text,
        aktiv: fc.boolean(),
        kostra: fc.constant(null as string | null),
      })
      .map((r) => ({ ...r, kostra: r.kode.slice(1, 4), kontoklasse: 'drift' as const })),
    fc.record({
      dimensjon: fc.constant('ansvar' as const),
      kode: fc.integer({ min: 1000, max: 9999 }).map(String),
      navn: text,
      aktiv: fc.boolean(),
      kostra: fc.constant(null),
      kontoklasse: fc.constant(null),
    }),
    fc
      .record({
        dimensjon: fc.constantFrom('funksjon' as const),
        kode: fc.tuple(fc.constantFrom('244', '251', '252'), fc.integer({ min: 0, max: 9 })).map(([f, d]) => `${f}${d}`),
        navn: text,
        aktiv: fc.boolean(),
        kostra: fc.constant(null as string | null),
      })
      .map((r) => ({ ...r, kostra: r.kode.slice(0, 3), kontoklasse: null })),
  ),
  { minLength: 1, maxLength: 15, selector: (r) => `${r.dimensjon}:${r.kode}` },
);
const janei = fc.constantFrom(true, false, null);
const lonnsarter = fc.uniqueArray(
  fc.record({
    kode: fc.integer({ min: 100, max: 999 }).map(String),
    navn: text,
    art: fc.constantFrom('10510', '10520'),
    skattepliktig: fc.constant(true),
    aga: janei,
    feriepengegrunnlag: janei,
    amelding_beskrivelse: fc.constantFrom(null, 'annet'),
    tiltakstype: fc.constantFrom('i_hjemmet' as const, 'utenfor_hjemmet' as const, 'begge' as const),
    fordel: fc.constantFrom(null, 'kontantytelse' as const, 'utgiftsgodtgjoerelse' as const, 'naturalytelse' as const),
  }),
  { minLength: 1, maxLength: 15, selector: (r) => r.kode },
);
const kategorier = fc.uniqueArray(
  fc.record({
    kode: fc.option(fc.stringMatching(/^[A-Z]{2,5}$/), { nil: null }),
    navn: text,
    art: fc.constantFrom('13500', '14720'),
    tiltakstype: fc.constantFrom('i_hjemmet' as const, 'utenfor_hjemmet' as const, 'begge' as const),
  }),
  { minLength: 1, maxLength: 15, selector: (r) => (r.kode === null ? `n:${r.navn.toLowerCase()}` : `k:${r.kode}`) },
);

function byKey(records: readonly RegisterRecord[]): string[] {
  return records.map((r) => JSON.stringify(r)).sort();
}

describe('templates, exports and error marking', () => {
  it('when random kontoplaner are written through buildTemplate and read back, then the records are the same', async () => {
    await fc.assert(
      fc.asyncProperty(kontoplan, async (records: KontoplanRecord[]) => {
        const result = await parse(await buildTemplate(definitionFor('kontoplan'), records), 'k.xlsx', 'kontoplan');
        expect(result.errors).toEqual([]);
        expect(byKey(result.records)).toEqual(byKey(records));
      }),
      { numRuns: 25 },
    );
  });

  it('when random lønnsarter and utbetalingskategorier are written through buildTemplate and read back, then the records are the same', async () => {
    await fc.assert(
      fc.asyncProperty(lonnsarter, kategorier, async (l: LonnsartRecord[], u: UtbetalingskategoriRecord[]) => {
        const lr = await parse(await buildTemplate(definitionFor('lonnsarter'), l), 'l.xlsx', 'lonnsarter');
        expect(lr.errors).toEqual([]);
        expect(byKey(lr.records)).toEqual(byKey(l));
        const ur = await parse(await buildTemplate(definitionFor('utbetalingskategorier'), u), 'u.xlsx', 'utbetalingskategorier');
        expect(ur.errors).toEqual([]);
        expect(byKey(ur.records)).toEqual(byKey(u));
      }),
      { numRuns: 20 },
    );
  });

  it('when the blank kontoplan template is built, then it has a guide and Art, Ansvar and Funksjon sheets with frozen headers, an example row that is not imported and a Ja/Nei drop-down', async () => {
    const wb = await load(await buildTemplate(definitionFor('kontoplan')));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Slik fyller du ut', 'Art', 'Ansvar', 'Funksjon']);
    const art = wb.getWorksheet('Art');
    expect(art?.getRow(1).values).toEqual([undefined, 'Kode', 'Navn', 'Aktiv', 'KOSTRA']);
    expect(art?.getRow(2).getCell(1).value).toBe('10100');
    expect(art?.getRow(2).getCell(2).value).toBe('Eksempel: Fastlønn');
    expect(art?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(JSON.stringify((art as unknown as { dataValidations: { model: unknown } }).dataValidations.model)).toContain('Ja,Nei');
    const result = await parse(await buildTemplate(definitionFor('kontoplan')), 'mal.xlsx', 'kontoplan');
    expect(result.counts).toEqual({ art: 0, ansvar: 0, funksjon: 0 });
    expect(result.notes.map((n) => n.message)).toContain(
      '3 eksempelrader fra malen (navnet begynner med «Eksempel:») er ikke tatt med: rad 2 på arket «Art», rad 2 på arket «Ansvar», rad 2 på arket «Funksjon».',
    );
    expect(result.ignoredSheets).toEqual([{ sheet: 'Slik fyller du ut', reason: 'Veiledningen fra malen blir ikke lest.' }]);
  });

  it('when the lønnsarter template is built with the tjeneste’s arter, then the guide explains each column, art and A-melding beskrivelse offer their lists from a hidden sheet, and a filled row next to the example is imported alone', async () => {
    const bytes = await buildTemplate(definitionFor('lonnsarter'), undefined, {
      arter: [
        { kode: '10510', navn: 'Fosterhjem' },
        { kode: '10520', navn: 'Tilsyn' },
      ],
    });
    const wb = await load(bytes);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['Slik fyller du ut', 'visible'],
      ['Lister', 'hidden'],
      ['Lønnsarter', 'visible'],
    ]);
    const guide = wb.getWorksheet('Slik fyller du ut')!;
    const text = JSON.stringify(guide.getSheetValues());
    expect(text).toContain('Art-kolonnen har artene i tjenestens gjeldende kontoplan som nedtrekksliste.');
    expect(text).toContain('"AGA","Nei","Ja eller Nei (velg i listen)","ikke oppgitt"');
    const ws = wb.getWorksheet('Lønnsarter')!;
    const model = JSON.stringify((ws as unknown as { dataValidations: { model: unknown } }).dataValidations.model);
    expect(model).toContain('Lister!$A$2:$A$3');
    expect(model).toMatch(/Lister!\$B\$2:\$B\$\d+/);
    ws.addRow(['2010', 'Fosterhjem', '10510', 'Ja', 'Ja', 'Nei']);
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const result = await parse(filled, 'mal.xlsx', 'lonnsarter');
    expect(result.records.map((r) => (r as { kode: string }).kode)).toEqual(['2010']);
    expect(result.errors).toEqual([]);
  });

  it('when the utbetalingskategorier template is built, then tiltakstype has a drop-down', async () => {
    const wb = await load(await buildTemplate(definitionFor('utbetalingskategorier')));
    const ws = wb.getWorksheet('Utbetalingskategorier');
    expect(JSON.stringify((ws as unknown as { dataValidations: { model: unknown } }).dataValidations.model)).toContain('I hjemmet,Utenfor hjemmet,Begge');
  });

  it('when errors are marked in an xlsx, then the cells are red or yellow with a note and a Feil sheet lists every issue', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['1O100', 'Fastlønn'],
          ['14440', 'Rart'],
        ],
      },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    const issues = [...result.errors, ...result.warnings];
    const wb = await load(await markErrors(bytes, 'k.xlsx', issues));
    const art = wb.getWorksheet('Art');
    const red = art?.getCell('A2');
    expect(red?.fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFFFC7CE' } });
    expect(JSON.stringify(red?.note)).toContain('bokstaven O');
    expect(art?.getCell('A3').fill).toMatchObject({ fgColor: { argb: 'FFFFEB9C' } });
    const feil = wb.getWorksheet('Feil');
    expect(feil?.getRow(1).values).toEqual([undefined, 'Type', 'Kode', 'Melding', 'Ark', 'Rad', 'Kolonne', 'Celle']);
    expect(feil?.rowCount).toBe(1 + issues.length);
  });

  it('when errors are marked in a CSV, then a workbook is made from the CSV with the cell marked', async () => {
    const bytes = csvBytes('Kode;Navn;Art\n510;;10510\n', { encoding: 'win1252' });
    const result = await parse(bytes, 'lonn.csv', 'lonnsarter');
    const wb = await load(await markErrors(bytes, 'lonn.csv', result.errors));
    expect(wb.getWorksheet('lonn')?.getCell('B2').fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });
    expect(wb.getWorksheet('lonn')?.getCell('A2').value).toBe('510');
  });

  it('when a hostile file is marked, then only the Feil sheet comes back', async () => {
    const wb = await load(await markErrors(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'x.xls', []));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Feil']);
  });

  it('when texts start with = + - @ or an apostrophe before them, then neutralising and undoing round-trips', () => {
    fc.assert(fc.property(fc.string(), (s) => unneutralizeFormula(neutralizeFormula(s)) === s));
    expect(neutralizeFormula('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(neutralizeFormula('Fastlønn')).toBe('Fastlønn');
  });
});
