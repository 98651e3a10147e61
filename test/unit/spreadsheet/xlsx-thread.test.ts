import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTemplate } from '../../../server/spreadsheet/template.ts';
import type { RegisterName } from '../../../server/spreadsheet/types.ts';
import { readXlsxSheetsInThread, XlsxReadingThread } from '../../../server/spreadsheet/xlsx-thread.ts';
import { buildWorkbook, zipBytes } from '../../support/workbooks.ts';
import { parse } from './helpers.ts';
import { definitionFor } from '../../../server/registers/registry.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');

/** Both readers, same file: the thread must not change one value, issue, note or order. */
async function bothReaders(bytes: Buffer, fileName: string, register: RegisterName) {
  const inline = await parse(bytes, fileName, register);
  const threaded = await parse(bytes, fileName, register, { readThread: new XlsxReadingThread() });
  return { inline, threaded };
}

const quirks = (): Promise<Buffer> =>
  buildWorkbook([
    { name: 'Slik fyller du ut', rows: [['Les dette først']] },
    {
      name: 'Art',
      rows: [
        ['Kontoplan for Lofoten'],
        [],
        ['Kode', 'Navn', 'Aktiv', 'KOSTRA'],
        ['010100', 'Fastlønn', 'Ja', null],
        [10200, { richText: [{ text: 'Vikar' }, { text: 'er' }] }, 'ja', null],
        [{ formula: '10300', result: 10300 }, 'Overtid', 'Nei', null],
        ['10400', { formula: 'B4&"x"' }, 'Ja', null],
        ['10500', { error: '#REF!' }, 'Ja', null],
        ['10600', { text: 'Lenke', hyperlink: 'https://example.invalid' }, 'Ja', null],
        ['1,47E+04', 'Vitenskapelig', 'Ja', null],
        ['10800', new Date(Date.UTC(2026, 0, 31)), 'Ja', null],
        ['10100', 'Fastlønn', 'Ja', null],
        ['Sum', null, null, null],
      ],
      merges: ['A1:D1'],
    },
    {
      name: 'Ansvar',
      rows: [
        ['Kode', 'Navn'],
        ['F460', 'Barnevern Flakstad'],
        [7100, 'Barnevern Vestvågøy'],
        ['21122A', 'Tiltak'],
      ],
    },
    {
      name: 'Skjult',
      hidden: true,
      rows: [
        ['Kode', 'Navn'],
        ['999', 'Skjult'],
      ],
    },
    {
      name: 'Veldig skjult',
      hidden: 'veryHidden',
      rows: [
        ['Kode', 'Navn'],
        ['998', 'Skjult'],
      ],
    },
    {
      name: 'Funksjon',
      rows: [
        ['Kode', 'Navn'],
        ['251', 'I hjemmet'],
        [252, 'Utenfor hjemmet'],
        ['25180A', 'Tiltak'],
      ],
    },
  ]);

describe('reading an .xlsx in a thread of its own', () => {
  it.each([
    ['kontoplan-med-feil.xlsx', 'kontoplan'],
    ['lonnsarter.xlsx', 'lonnsarter'],
    ['utbetalingskategorier.xlsx', 'utbetalingskategorier'],
  ] as const)('when the fixture %s is read, then the result is the one read without the thread', async (file, register) => {
    const { inline, threaded } = await bothReaders(fs.readFileSync(path.join(fixtures, file)), file, register);
    expect(threaded).toEqual(inline);
    expect(inline.records.length + inline.errors.length).toBeGreaterThan(0);
  });

  it('when a workbook has every quirk the reader knows (title rows, formulas, error values, rich text, links, dates, merged, hidden and guide sheets, repeats), then the thread gives the same result', async () => {
    const { inline, threaded } = await bothReaders(await quirks(), 'quirks.xlsx', 'kontoplan');
    expect(threaded).toEqual(inline);
    // the workbook does exercise what it says: problems at their cells, hidden sheets listed
    expect(inline.errors.map((e) => e.code)).toEqual(expect.arrayContaining(['formel_uten_resultat', 'celle_feilverdi', 'kode_vitenskapelig_format']));
    expect(inline.ignoredSheets.map((s) => s.sheet)).toEqual(expect.arrayContaining(['Skjult', 'Veldig skjult']));
  });

  it('when a template (guide and hidden lists sheet) is read back, then the thread gives the same result', async () => {
    const template = await buildTemplate(definitionFor('lonnsarter'), undefined, { arter: [{ kode: '10510', navn: 'Fosterhjem' }] });
    const { inline, threaded } = await bothReaders(template, 'lonnsarter-mal.xlsx', 'lonnsarter');
    expect(threaded).toEqual(inline);
    expect(inline.ignoredSheets.map((s) => s.sheet)).toEqual(['Slik fyller du ut', 'Lister']);
  });

  it('when a sheet has thousands of rows (many batches), then every row arrives in order', async () => {
    const rows: unknown[][] = [['Dimensjon', 'Kode', 'Navn']];
    for (let i = 0; i < 5000; i++) rows.push([i % 2 === 0 ? 'Ansvar' : 'Art', String(100_000 + i), `Kode nummer ${i}`]);
    const { inline, threaded } = await bothReaders(await buildWorkbook([{ name: 'Kontoplan', rows }]), 'stor.xlsx', 'kontoplan');
    expect(threaded).toEqual(inline);
    expect(threaded.rowsRead).toBe(5001);
  });

  it('when a sheet holds XML ExcelJS cannot read, then the thread reports the same unreadable file as the inline reader, and nothing else', async () => {
    const broken = zipBytes([
      { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>') },
      {
        name: 'xl/workbook.xml',
        data: Buffer.from(
          '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Art" sheetId="1" r:id="rId1"/></sheets></workbook>',
        ),
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: Buffer.from(
          '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        ),
      },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Kode</t></is></c></row><row r="2"><c r=<<<') },
    ]);
    const { inline, threaded } = await bothReaders(broken, 'ødelagt.xlsx', 'kontoplan');
    expect(threaded).toEqual(inline);
    expect(inline.errors.map((e) => e.code)).toEqual(['ikke_lesbar']);
  });

  it('when the reader stops after the first rows, then the thread is stopped with it and the read ends', async () => {
    const bytes = await buildWorkbook([{ name: 'Art', rows: Array.from({ length: 3000 }, (_, i) => [String(10_000 + i), `Art ${i}`]) }]);
    let rows = 0;
    for await (const sheet of readXlsxSheetsInThread(bytes)) {
      for await (const batch of sheet.batches) {
        rows += batch.length;
        break;
      }
      break;
    }
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(3000);
  });
});
