import { describe, expect, it } from 'vitest';
import { buildWorkbook, csvBytes } from '../../support/workbooks.ts';
import { at, parse } from './helpers.ts';

// #14 item 9: what Excel leaves in a code cell is explained, never read as a code.
describe('Excel artefacts in code cells', () => {
  it('when a CSV saved from Excel has a code in scientific format, then the cell is refused with how to fix it in Excel (digits may be lost, so nothing is guessed)', async () => {
    const csv = csvBytes('Kode;Navn;Art;Skattepliktig;AGA;Feriepenger\n2010;Fosterhjem;1,05E+04;Ja;Ja;Nei\n2020;Utgiftsdekning;14700;Nei;Nei;Nei\n', { encoding: 'utf8' });
    const result = await parse(csv, 'lonnsarter.csv', 'lonnsarter');
    expect(at(result.errors)).toEqual(['kode_vitenskapelig_format@lonnsarter!C2']);
    expect(result.errors[0]!.message).toContain('«1,05E+04» er et tall i vitenskapelig format');
    expect(result.errors[0]!.message).toContain('Formater celler › Tekst');
    expect(result.records.map((r) => r.kode)).toEqual(['2020']);
  });

  it('when an ansvar in a workbook is the text «1.47E+04», then it is refused too (an ansvar may hold letters, so today it was taken as a code)', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Ansvar',
        rows: [
          ['Kode', 'Navn'],
          ['1.47E+04', 'Barnevern'],
          ['7110', 'Flakstad'],
        ],
      },
      {
        name: 'Funksjon',
        rows: [
          ['Kode', 'Navn'],
          ['251', 'I'],
          ['252', 'U'],
        ],
      },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(at(result.errors)).toEqual(['kode_vitenskapelig_format@Ansvar!A2']);
    expect(result.records.filter((r) => 'dimensjon' in r && r.dimensjon === 'ansvar').map((r) => r.kode)).toEqual(['7110']);
  });

  it('when a code is «10510.0» or a number cell with decimals, then it is a decimal number where a code was expected, with the likely code named', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Kategorier',
        rows: [
          ['Kode', 'Navn', 'Art', 'Tiltakstype'],
          ['BHG', 'Barnehage', '13500.0', 'I hjemmet'],
          ['FRI', 'Fritid', 14700.5, 'Begge'],
          ['INST', 'Institusjon', 13700, 'Utenfor hjemmet'],
        ],
      },
    ]);
    const result = await parse(bytes, 'u.xlsx', 'utbetalingskategorier');
    expect(at(result.errors)).toEqual(['kode_desimaltall@Kategorier!C2', 'kode_desimaltall@Kategorier!C3']);
    expect(result.errors[0]!.message).toBe(
      '«13500.0» er et desimaltall, men her skal det stå en kode (trolig «13500»). Koden er lagret som tall med desimaler. Rett det i Excel: merk kolonnen, velg Formater celler › Tekst (eller Tall med 0 desimaler), rett koden og lagre filen på nytt.',
    );
    expect(result.errors[1]!.message).toContain('«14700.5» er et desimaltall');
    // a whole number in a number cell is a code as before
    expect(result.records.map((r) => (r as { art: string }).art)).toEqual(['13700']);
  });

  it('when an ansvar is a code with letters and digits such as F460 or 21122A, then it is still read as it is', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Ansvar',
        rows: [
          ['Kode', 'Navn'],
          ['F460', 'A'],
          ['21122A', 'B'],
          ['12E4', 'C'],
        ],
      },
      {
        name: 'Funksjon',
        rows: [
          ['Kode', 'Navn'],
          ['251', 'I'],
          ['252', 'U'],
        ],
      },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(result.errors).toEqual([]);
    expect(result.records.filter((r) => 'dimensjon' in r && r.dimensjon === 'ansvar').map((r) => r.kode)).toEqual(['F460', '21122A', '12E4']);
  });
});
