import { describe, expect, it } from 'vitest';
import { buildWorkbook, csvBytes, zipBomb, zipBytes } from '../../support/workbooks.ts';
import { guardZip, sniffFile } from '../../../server/spreadsheet/index.ts';
import { parse } from './helpers.ts';

async function onlyError(bytes: Buffer, fileName: string): Promise<{ code: string; message: string }> {
  const result = await parse(bytes, fileName, 'kontoplan');
  expect(result.errors).toHaveLength(1);
  const issue = result.errors[0];
  expect(issue).toMatchObject({ sheet: null, row: null, column: null, cell: null });
  expect(result.records).toEqual([]);
  return { code: issue?.code ?? '', message: issue?.message ?? '' };
}

describe('hostile and unreadable files', () => {
  it('when the file is empty, then it says so', async () => {
    expect((await onlyError(Buffer.alloc(0), 'k.xlsx')).code).toBe('tom_fil');
  });

  it('when the file is an old .xls or a password-protected workbook (OLE2), then it says both and how to save as .xlsx', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]);
    const { code, message } = await onlyError(ole, 'k.xls');
    expect(code).toBe('xls_eller_passordbeskyttet');
    expect(message).toContain('passordbeskyttet');
    expect(message).toContain('Lagre som → Excel-arbeidsbok (.xlsx)');
  });

  it('when the file is .xlsb, then it says so', async () => {
    const xlsb = zipBytes([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.bin', data: Buffer.from([1, 2, 3]) },
    ]);
    expect((await onlyError(xlsb, 'k.xlsb')).code).toBe('xlsb_format');
  });

  it('when the file is .ods, then it says so', async () => {
    const ods = zipBytes([
      { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet') },
      { name: 'content.xml', data: Buffer.from('<x/>') },
    ]);
    expect((await onlyError(ods, 'k.ods')).code).toBe('ods_format');
  });

  it('when the file is random bytes, then the format is unknown', async () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect((await onlyError(random, 'k.xlsx')).code).toBe('ukjent_filformat');
  });

  it('when an .xlsx is truncated, then it is reported as damaged', async () => {
    const good = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['10100', 'Fastlønn'],
        ],
      },
    ]);
    expect((await onlyError(good.subarray(0, Math.floor(good.length / 2)), 'k.xlsx')).code).toBe('skadet_fil');
  });

  it('when a CSV is renamed to .xlsx, then the message says it is a text file', async () => {
    const { code, message } = await onlyError(csvBytes('Kode;Navn\n10100;Fastlønn\n', { encoding: 'utf8' }), 'k.xlsx');
    expect(code).toBe('csv_med_feil_endelse');
    expect(message).toContain('.csv');
  });

  it('when the file is bigger than maxBytes, then it is refused before reading', async () => {
    const result = await parse(Buffer.alloc(2000, 65), 'k.csv', 'kontoplan', { maxBytes: 1000 });
    expect(result.errors.map((e) => e.code)).toEqual(['fil_for_stor']);
  });

  it('when a 1.6 MB zip declares 1.6 GB, then it is refused quickly with bounded memory', async () => {
    const bomb = zipBomb({ honest: true });
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    expect((await onlyError(bomb, 'bombe.xlsx')).code).toBe('zip_bombe');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it('when a zip lies about its sizes (declares 4 KB, inflates to 1.6 GB), then the bounded read refuses it quickly', async () => {
    const bomb = zipBomb({ honest: false });
    const started = performance.now();
    expect((await onlyError(bomb, 'bombe.xlsx')).code).toBe('zip_bombe');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('when a zip hides data outside its listed entries, then it is refused', async () => {
    const good = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['10100', 'Fastlønn'],
        ],
      },
    ]);
    const padded = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(10), good]);
    expect(await guardZip(padded)).not.toBeNull();
  });

  it("when a sheet's compressed data is corrupt but the zip directory is intact, then the guard reports the file as damaged", async () => {
    const good = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['10100', 'Fastlønn'],
        ],
      },
    ]);
    const bad = Buffer.from(good);
    const local = bad.indexOf('xl/worksheets/sheet1.xml') - 30;
    expect(bad.readUInt32LE(local)).toBe(0x04034b50);
    // the first deflate block header becomes «final block, reserved type 3», which no inflater accepts
    bad[local + 30 + bad.readUInt16LE(local + 26) + bad.readUInt16LE(local + 28)] = 0x07;
    expect((await guardZip(bad))?.code).toBe('skadet_fil');
    expect((await onlyError(bad, 'k.xlsx')).code).toBe('skadet_fil');
  });

  it('when a normal workbook is checked, then sniff says xlsx and the guard lets it through', async () => {
    const good = await buildWorkbook([{ name: 'Art', rows: [['Kode', 'Navn']] }]);
    expect(sniffFile(good, 'k.xlsx')).toEqual({ kind: 'xlsx' });
    expect(await guardZip(good)).toBeNull();
    expect(sniffFile(csvBytes('a;b', { encoding: 'utf8' }), 'k.csv')).toEqual({ kind: 'csv' });
  });
});

describe('control characters in cells', () => {
  it('when a cell text holds NUL or another control character (from any reader), then it is refused as that cell, tab and line breaks are kept', async () => {
    const { normalizeCellValue } = await import('../../../server/spreadsheet/cells.ts');
    expect(normalizeCellValue('Fast\u0000lønn')).toMatchObject({ code: 'kontrolltegn' });
    expect(normalizeCellValue({ richText: [{ text: 'Fast' }, { text: '\u001flønn' }] })).toMatchObject({ code: 'kontrolltegn' });
    expect(normalizeCellValue('Fast\u007f')).toMatchObject({ code: 'kontrolltegn' });
    expect(normalizeCellValue('Fast\tlønn\r\nny linje')).toBe('Fast\tlønn\r\nny linje');
  });
});
