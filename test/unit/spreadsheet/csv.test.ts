import { describe, expect, it } from 'vitest';
import { csvBytes } from '../../support/workbooks.ts';
import { decodeCsv, detectSeparator, parseCsvText } from '../../../server/spreadsheet/csv.ts';
import { at, parse } from './helpers.ts';

describe('CSV files', () => {
  it('when a Windows-1252 CSV with ; is read, then æøå are right and the sheet is named after the file', async () => {
    const bytes = csvBytes('Kode;Navn;Art;Tiltakstype\r\nSAMV;Reiser ved samvær;11700;Utenfor hjemmet\r\n', { encoding: 'win1252' });
    const result = await parse(bytes, 'kategorier.csv', 'utbetalingskategorier');
    expect(result.records).toEqual([{ kode: 'SAMV', navn: 'Reiser ved samvær', art: '11700', tiltakstype: 'utenfor_hjemmet' }]);
    expect(result.headers[0]?.sheet).toBe('kategorier');
  });

  it('when a UTF-8 CSV with BOM and , separator is read, then the BOM is not part of the first header', async () => {
    const bytes = csvBytes('Kode,Navn,Art\n510,Fosterhjem – grunnstøtte,10510\n', { encoding: 'utf8bom' });
    const result = await parse(bytes, 'l.csv', 'lonnsarter');
    expect(result.records[0]).toMatchObject({ kode: '510', navn: 'Fosterhjem – grunnstøtte' });
  });

  it('when quoted fields hold separators, doubled quotes and line breaks, then they stay inside one field', () => {
    const text = 'a;"b;c";"si ""hei""";"to\r\nlinjer"\r\nx;y;z;w';
    expect(parseCsvText(text, ';')).toEqual([
      ['a', 'b;c', 'si "hei"', 'to\r\nlinjer'],
      ['x', 'y', 'z', 'w'],
    ]);
  });

  it('when a CSV row has a quoted line break, then the following rows keep their Excel row numbers off by nothing but the record index', async () => {
    const bytes = csvBytes('Kode;Navn;Art\n1;"Navn\nover to linjer";10100\n2;;10100\n', { encoding: 'utf8' });
    const result = await parse(bytes, 'l.csv', 'lonnsarter');
    expect(result.records[0]).toMatchObject({ navn: 'Navn\nover to linjer' });
    expect(at(result.errors)).toEqual(['navn_mangler@l!B3']);
  });

  it('when decoding, then valid UTF-8 stays UTF-8 and invalid UTF-8 falls back to Windows-1252', () => {
    expect(decodeCsv(Buffer.from('blåbær', 'utf8'))).toBe('blåbær');
    expect(decodeCsv(Buffer.from([0x62, 0x6c, 0xe5, 0x62, 0xe6, 0x72, 0x20, 0x80]))).toBe('blåbær €');
  });

  it('when separators compete, then the most frequent outside quotes wins and ; wins a tie', () => {
    expect(detectSeparator('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectSeparator('a,b,c\n"x;y",2,3')).toBe(',');
    expect(detectSeparator('a')).toBe(';');
  });

  it('when a CSV code lost its leading zero, then it is restored from the column width', async () => {
    const bytes = csvBytes('Dimensjon;Kode;Navn\nFunksjon;251;I\nFunksjon;252;U\nArt;010;Fastlønn\nArt;020;Vikar\nArt;50;Annen\n', { encoding: 'utf8' });
    const result = await parse(bytes, 'k.csv', 'kontoplan');
    expect(result.records).toContainEqual(expect.objectContaining({ kode: '050', kostra: '050' }));
    expect(at(result.warnings)).toEqual(['ledende_null_lagt_til@k!B6']);
  });
});
