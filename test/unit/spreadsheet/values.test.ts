import { describe, expect, it } from 'vitest';
import { buildWorkbook } from '../../support/workbooks.ts';
import { at, parse, withoutTiltakstypeNote } from './helpers.ts';

const header = ['Kode', 'Navn', 'Art', 'Skattepliktig', 'AGA', 'Feriepenger'];

describe('cell values', () => {
  it('when codes are number cells, then they become strings without decimals', async () => {
    const bytes = await buildWorkbook([{ name: 'L', rows: [header, [510, 'Fosterhjem', 10510, 'Ja', 'Ja', 'Nei']] }]);
    const result = withoutTiltakstypeNote(await parse(bytes, 'l.xlsx', 'lonnsarter'));
    expect(result.records[0]).toMatchObject({ kode: '510', art: '10510' });
  });

  it('when Excel dropped leading zeros in a number cell, then the zero is restored to the column width with a warning at the cell', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['010', 'Fastlønn'],
          ['020', 'Vikarer'],
          ['150', 'Kurs'],
          [50, 'Annen lønn'],
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
    expect(result.records).toContainEqual({ dimensjon: 'art', kode: '050', navn: 'Annen lønn', aktiv: true, kostra: '050', kontoklasse: 'ukjent' });
    expect(at(result.warnings)).toEqual(['ledende_null_lagt_til@Art!A5']);
  });

  it('when a formula has a cached result, then the result is used; without a result, then an error asks to save in Excel', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'L',
        rows: [header, [{ formula: '500+10', result: 510 }, 'Fosterhjem', '10510', 'Ja', 'Ja', 'Nei'], ['511', { formula: 'B2&" 2"' }, '10510', 'Ja', 'Ja', 'Nei']],
      },
    ]);
    const result = withoutTiltakstypeNote(await parse(bytes, 'l.xlsx', 'lonnsarter'));
    expect(result.records.map((r) => r.kode)).toEqual(['510']);
    expect(at(result.errors)).toEqual(['formel_uten_resultat@L!B3']);
    expect(result.errors[0]?.message).toContain('lagre den');
  });

  it('when a cell holds an error value like #REF!, then it is an error at that cell', async () => {
    const bytes = await buildWorkbook([{ name: 'L', rows: [header, ['510', 'Fosterhjem', { error: '#REF!' }, 'Ja', 'Ja', 'Nei']] }]);
    const result = withoutTiltakstypeNote(await parse(bytes, 'l.xlsx', 'lonnsarter'));
    expect(at(result.errors)).toEqual(['celle_feilverdi@L!C2']);
    expect(result.errors[0]?.message).toContain('#REF!');
  });

  it('when cells hold rich text and hyperlinks, then their plain text is read', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'L',
        rows: [header, [{ richText: [{ text: '5' }, { font: { bold: true }, text: '10' }] }, { text: 'Fosterhjem', hyperlink: 'https://bufdir.no' }, '10510', 'Ja', 'Ja', 'Nei']],
      },
    ]);
    const result = withoutTiltakstypeNote(await parse(bytes, 'l.xlsx', 'lonnsarter'));
    expect(result.records[0]).toMatchObject({ kode: '510', navn: 'Fosterhjem' });
  });

  it('when a cell holds a date, then it is read as an ISO date', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'U',
        rows: [
          ['Kode', 'Navn', 'Art', 'Tiltakstype'],
          [new Date(Date.UTC(2026, 0, 15)), 'Barnehage', '13500', 'I hjemmet'],
        ],
      },
    ]);
    const result = await parse(bytes, 'u.xlsx', 'utbetalingskategorier');
    expect(result.records[0]).toMatchObject({ kode: '2026-01-15' });
  });

  it('when Ja/Nei cells use J/N, x, 1/0, Sann/Usann or blank, then they become booleans or null; other text is an error at the cell', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'L',
        rows: [header, ['1', 'A', '10100', 'J', 'x', 'usann'], ['2', 'B', '10100', 1, 'TRUE', null], ['3', 'C', '14700', 'Nei', 'n', 0], ['4', 'D', '10100', 'kanskje', 'Ja', 'Ja']],
      },
    ]);
    const result = withoutTiltakstypeNote(await parse(bytes, 'l.xlsx', 'lonnsarter'));
    expect(result.records.map((r) => [(r as { skattepliktig: unknown }).skattepliktig, (r as { aga: unknown }).aga, (r as { feriepengegrunnlag: unknown }).feriepengegrunnlag])).toEqual([
      [true, true, false],
      [true, true, null],
      [false, false, false],
    ]);
    expect(at(result.errors)).toEqual(['ugyldig_ja_nei@L!D5']);
  });

  it('when tiltakstype is written in many ways, then it maps to the three values and every guess is said: blank and unknown become Begge with a warning at the cell', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'U',
        rows: [
          ['Navn', 'Art', 'I/utenfor hjemmet'],
          ['A', '13500', 'Hjemme'],
          ['B', '13500', 252],
          ['C', '13500', 'plassert'],
          ['D', '13500', null],
          ['E', '13500', 'i_hjemmet'],
          ['F', '13500', 'Skole'],
        ],
      },
    ]);
    const result = await parse(bytes, 'u.xlsx', 'utbetalingskategorier');
    expect(result.records.map((r) => (r as { tiltakstype: string }).tiltakstype)).toEqual(['i_hjemmet', 'utenfor_hjemmet', 'utenfor_hjemmet', 'begge', 'i_hjemmet', 'begge']);
    expect(result.records[0]).toMatchObject({ kode: null });
    expect(at(result.errors)).toEqual([]);
    expect(at(result.warnings).sort()).toEqual(['tiltakstype_tolket@U!C2', 'tiltakstype_tolket@U!C3', 'tiltakstype_tolket@U!C4', 'tiltakstype_tom_satt@U!C5', 'tiltakstype_ukjent@U!C7']);
    expect(result.warnings.find((w) => w.cell === 'C2')?.message).toContain('«Hjemme» er lest som «I hjemmet»');
    expect(result.warnings.find((w) => w.cell === 'C7')?.message).toContain('Vi satte den til Begge');
  });

  it('when required cells are empty, then each is an error at its cell and blank rows are skipped', async () => {
    const bytes = await buildWorkbook([{ name: 'L', rows: [header, ['510', null, '10510'], [], [null, 'Uten kode', '10510'], ['512', 'Uten art', null]] }]);
    const result = withoutTiltakstypeNote(await parse(bytes, 'l.xlsx', 'lonnsarter'));
    expect(at(result.errors)).toEqual(['navn_mangler@L!B2', 'kode_mangler@L!A4', 'art_mangler@L!C5']);
  });

  it('when lønnsarter break the plausibility rules, then warnings (not errors) say so', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'L',
        rows: [
          [...header, 'A-melding beskrivelse'],
          ['1', 'Skattepliktig på kjøp', '13700', 'Ja', 'Ja', 'Nei', 'annet'],
          ['2', 'Skattefri på lønn', '10500', 'Nei', 'Nei', 'Nei', null],
          ['3', 'På inntekt', '17000', 'Ja', 'Ja', 'Nei', 'finnesIkke'],
        ],
      },
    ]);
    const result = withoutTiltakstypeNote(await parse(bytes, 'l.xlsx', 'lonnsarter'));
    expect(result.errors).toEqual([]);
    expect(at(result.warnings)).toEqual(['skattepliktig_utenfor_lonn@L!C2', 'skattefri_pa_lonn@L!C3', 'lonnsart_pa_inntektsart@L!C4', 'amelding_ukjent@L!G4']);
  });

  it('when the same lønnsart code appears twice with different content, then the second row is an error naming both rows', async () => {
    const bytes = await buildWorkbook([{ name: 'L', rows: [header, ['510', 'A', '10510'], ['510', 'B', '10510']] }]);
    const result = withoutTiltakstypeNote(await parse(bytes, 'l.xlsx', 'lonnsarter'));
    expect(at(result.errors)).toEqual(['dobbel_kode@L!A3']);
    expect(result.errors[0]?.message).toContain('rad 2 og rad 3');
  });

  it('when a text starts with an apostrophe before =, then the neutralising apostrophe is removed on import', async () => {
    const bytes = await buildWorkbook([{ name: 'L', rows: [header, ['510', "'=SUM(A1)", '10510']] }]);
    const result = withoutTiltakstypeNote(await parse(bytes, 'l.xlsx', 'lonnsarter'));
    expect(result.records[0]).toMatchObject({ navn: '=SUM(A1)' });
  });

  it('when reading many rows, then onProgress is called every 1000 rows', async () => {
    const rows: unknown[][] = [header];
    for (let i = 0; i < 2500; i++) rows.push([String(1000 + i), `L${i}`, '10100', 'Ja', 'Ja', 'Ja']);
    const seen: number[] = [];
    const result = await parse(await buildWorkbook([{ name: 'L', rows }]), 'l.xlsx', 'lonnsarter', { onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([1000, 2000]);
    expect(result.rowsRead).toBe(2501);
  });
});
