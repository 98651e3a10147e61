import { describe, expect, it } from 'vitest';
import { buildWorkbook } from '../../support/workbooks.ts';
import { at, parse } from './helpers.ts';

const funksjoner = [
  ['251', 'Tiltak i hjemmet'],
  ['252', 'Tiltak utenfor hjemmet'],
];

describe('kontoplan layouts', () => {
  it('when the header sits below merged title rows, then it is found and rows are numbered as in Excel', async () => {
    const bytes = await buildWorkbook([
      { name: 'Funksjon', rows: [['Kontoplan Lofoten barneverntjeneste'], [], ['Funksjon', 'Beskrivelse'], ...funksjoner, ['2520', 'Fosterhjem']], merges: ['A1:C1'] },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(result.headers).toEqual([
      {
        sheet: 'Funksjon',
        row: 3,
        columns: [
          { letter: 'A', header: 'Funksjon', field: 'funksjon' },
          { letter: 'B', header: 'Beskrivelse', field: 'navn' },
        ],
      },
    ]);
    expect(result.records.map((r) => r.kode)).toEqual(['251', '252', '2520']);
    expect(result.records[2]).toMatchObject({ kostra: '252' });
  });

  it('when a sheet is hidden or very hidden, then it is ignored and listed with a reason', async () => {
    const bytes = await buildWorkbook([
      { name: 'Funksjon', rows: [['Kode', 'Navn'], ...funksjoner] },
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['10100', 'Fastlønn'],
        ],
        hidden: true,
      },
      {
        name: 'Ansvar',
        rows: [
          ['Kode', 'Navn'],
          ['7100', 'Vestvågøy'],
        ],
        hidden: 'veryHidden',
      },
      { name: 'Notater', rows: [['Husk å sjekke med revisor'], ['Mvh Kari']] },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(result.counts).toEqual({ art: 0, ansvar: 0, funksjon: 2 });
    expect(result.ignoredSheets.map((s) => s.sheet)).toEqual(['Art', 'Ansvar', 'Notater']);
    expect(result.ignoredSheets[0]?.reason).toContain('skjult');
  });

  it('when one sheet has a dimension column, then each row goes to its dimension, forgivingly spelled', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Kontoplan',
        rows: [
          ['Dimensjon', 'Kode', 'Navn'],
          ['ART', '10100', 'Fastlønn'],
          ['konto', '11500', 'Kurs'],
          ['Ansvarssted', '7100', 'Vestvågøy'],
          ['Tjeneste', '251', 'I hjemmet'],
          ['funksjon', '252', 'Utenfor'],
          ['Prosjekt', '9', 'X'],
        ],
      },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(result.counts).toEqual({ art: 2, ansvar: 1, funksjon: 2 });
    expect(at(result.errors)).toEqual(['ugyldig_dimensjon@Kontoplan!A7']);
  });

  it('when art, ansvar and funksjon sit side by side with unequal lengths, then each block is its own list', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Ark1',
        rows: [
          ['Art', 'Navn', 'Ansvar', 'Navn', 'Funksjon', 'Navn'],
          ['10100', 'Fastlønn', '7100', 'Vestvågøy', '251', 'I hjemmet'],
          ['14700', 'Overføring', '7110', 'Flakstad', '252', 'Utenfor'],
          ['13500', 'Kjøp fra kommuner', null, null, null, null],
        ],
      },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(result.errors).toEqual([]);
    expect(result.counts).toEqual({ art: 3, ansvar: 2, funksjon: 2 });
    expect(result.records).toContainEqual({ dimensjon: 'ansvar', kode: '7110', navn: 'Flakstad', aktiv: true, kostra: null, kontoklasse: null });
  });

  it('when an ERP print-out lists combinations with (T) columns and group/sum lines, then the distinct codes are read and report lines skipped', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Rapport',
        rows: [
          ['Kontoplanutskrift Visma Enterprise', null, null, null, null, null],
          ['Ansvar', 'Ansvar(T)', 'Konto', 'Konto(T)', 'Funksjon', 'Funksjon(T)'],
          ['Ansvar/Avdel: 7100 BARNEVERN VESTVÅGØY'],
          [7100, 'Barnevern Vestvågøy', 10100, 'Fastlønn', 244, 'Barnevernstjeneste'],
          [7100, 'Barnevern Vestvågøy', 14700, 'Overføring til private', 251, 'Tiltak i hjemmet'],
          [7100, 'Barnevern Vestvågøy', 14700, 'Overføring til private', 252, 'Tiltak utenfor hjemmet'],
          ['Sum ansvar 7100', null, null, null, null, null],
          [7110, 'Barnevern Flakstad', 10100, 'Fastlønn', 252, 'Tiltak utenfor hjemmet'],
          ['Totalt', null, null, null, null, null],
        ],
      },
    ]);
    const result = await parse(bytes, 'erp.xlsx', 'kontoplan');
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.counts).toEqual({ art: 2, ansvar: 2, funksjon: 3 });
    expect(result.headers[0]?.row).toBe(2);
  });

  it('when the same code appears twice with the same content in a list, then it is kept once with a warning', async () => {
    const bytes = await buildWorkbook([{ name: 'Funksjon', rows: [['Kode', 'Navn'], ...funksjoner, ['251', 'Tiltak i hjemmet']] }]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(result.counts['funksjon']).toBe(2);
    expect(at(result.warnings)).toContain('dobbel_rad@Funksjon!A4');
  });

  it('when a code has the letter O for zero or a funksjon has no KOSTRA part, then each is an error at its cell; an expired funksjon is a warning', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['1O100', 'Fastlønn'],
          ['10100', 'Fastlønn'],
        ],
      },
      { name: 'Funksjon', rows: [['Kode', 'Navn'], ...funksjoner, ['2540', 'Gammel'], ['25', 'Kort']] },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(at(result.errors)).toEqual(['kode_ikke_siffer@Art!A2', 'funksjon_ugyldig_kostra@Funksjon!A5']);
    expect(result.errors[0]?.message).toContain('bokstaven O');
    expect(result.errors[1]?.message).toContain('tre sifrene');
    // issue 11 item 6: not valid for the regnskapsår is a warning in the register, an error only where it is used
    expect(at(result.warnings)).toEqual(['funksjon_ugyldig_kostra@Funksjon!A4']);
    expect(result.warnings[0]?.message).toContain('254 er utgått fra 2024');
  });

  it('when the kontoplan has no funksjon under 251 or 252, then one warning each', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Funksjon',
        rows: [
          ['Kode', 'Navn'],
          ['244', 'Barnevernstjeneste'],
        ],
      },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(result.warnings.map((w) => w.code)).toEqual(['mangler_funksjon_251', 'mangler_funksjon_252']);
  });

  it('when an art has no derivable KOSTRA art, then a warning says so and the record has kostra null', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['14440', 'Rart'],
          ['1234', 'Fire siffer'],
          ['10100', 'Fastlønn'],
        ],
      },
      { name: 'Funksjon', rows: [['Kode', 'Navn'], ...funksjoner] },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(at(result.warnings)).toEqual(['kostra_art_mangler@Art!A2', 'kostra_art_mangler@Art!A3']);
    expect(result.records[0]).toMatchObject({ kode: '14440', kostra: null });
  });

  it('when no sheet has recognisable headers, then needsMapping is true, and a ColumnMapping makes it readable', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Ark1',
        rows: [
          ['Nøkkel', 'Hva', 'Slags'],
          ['10100', 'Fastlønn', 'Art'],
          ['251', 'Hjemme', 'Funksjon'],
        ],
      },
    ]);
    const before = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(before.needsMapping).toBe(true);
    expect(before.errors.map((e) => e.code)).toEqual(['kolonner_ikke_funnet']);
    const after = await parse(bytes, 'k.xlsx', 'kontoplan', { columnMapping: { kode: 'Nøkkel', navn: 'Hva', dimensjon: 'slags' } });
    expect(after.needsMapping).toBe(false);
    expect(after.counts).toEqual({ art: 1, ansvar: 0, funksjon: 1 });
    expect(after.headers[0]?.columns.map((c) => c.field)).toEqual(['kode', 'navn', 'dimensjon']);
  });

  it('when lønnsarter miss the art column, then needsMapping is true and the message names the column', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Lønn',
        rows: [
          ['Lønnsart', 'Navn'],
          ['510', 'Fosterhjem'],
        ],
      },
    ]);
    const result = await parse(bytes, 'l.xlsx', 'lonnsarter');
    expect(result.needsMapping).toBe(true);
    expect(result.errors[0]).toMatchObject({ code: 'kolonner_ikke_funnet', sheet: 'Lønn', row: 1 });
    expect(result.errors[0]?.message).toContain('art');
  });
});
