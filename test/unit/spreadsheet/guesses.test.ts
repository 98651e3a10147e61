import { describe, expect, it } from 'vitest';
import { buildWorkbook, csvBytes, zipBytes } from '../../support/workbooks.ts';
import { buildTemplate, markErrors } from '../../../server/spreadsheet/index.ts';
import { at, parse } from './helpers.ts';
import { definitionFor } from '../../../server/registers/registry.ts';

describe('guesses are said, and nothing disappears without a line', () => {
  it('when an ERP print-out has a title, page headers and footers, print dates and the header repeated on the next page, then those rows are skipped and listed as skipped', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Funksjon',
        rows: [
          ['Kontoplan Lofoten'],
          ['Utskrift 01.12.2026 10:15'],
          ['Funksjon', 'Navn'],
          ['251', 'Tiltak i hjemmet'],
          [null, 'Side 1 av 2'],
          ['Funksjon', 'Navn'],
          ['252', 'Tiltak utenfor hjemmet'],
          ['01.12.2026'],
          ['Side 2 av 2'],
        ],
      },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(result.errors).toEqual([]);
    expect(result.records.map((r) => r.kode)).toEqual(['251', '252']);
    expect(result.notes.map((n) => n.code)).toEqual(['rader_hoppet_over']);
    const note = result.notes[0]?.message ?? '';
    expect(note).toContain('Hoppet over 6 rader');
    for (const part of ['rad 1 «Kontoplan Lofoten»', 'rad 2 «Utskrift 01.12.2026 10:15»', 'rad 5 «Side 1 av 2»', 'rad 6 «Funksjon»', 'rad 8 «01.12.2026»', 'rad 9 «Side 2 av 2»'])
      expect(note).toContain(part);
  });

  it('when a marked workbook from «Last ned med feilmarkering» is uploaded again, then its «Feil» sheet is skipped with a reason, not read as data', async () => {
    const original = await buildWorkbook([
      {
        name: 'Funksjon',
        rows: [
          ['Kode', 'Navn'],
          ['251', 'Tiltak i hjemmet'],
          ['252', null],
        ],
      },
    ]);
    const first = await parse(original, 'k.xlsx', 'kontoplan');
    expect(at(first.errors)).toEqual(['navn_mangler@Funksjon!B3']);
    const marked = await markErrors(original, 'k.xlsx', first.errors);
    const again = await parse(marked, 'k-med-feilmarkering.xlsx', 'kontoplan');
    expect(at(again.errors)).toEqual(['navn_mangler@Funksjon!B3']);
    expect(again.ignoredSheets).toEqual([{ sheet: 'Feil', reason: expect.stringContaining('feillisten fra «Last ned med feilmarkering»') as unknown }]);
  });

  it.each([
    ['a PDF', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200, 0x80)]), 'liste.pdf', 'pdf_fil', 'PDF'],
    [
      'a Word .docx',
      zipBytes([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
      ]),
      'liste.docx',
      'word_fil',
      'Word-dokument',
    ],
    ['an XML file', Buffer.from('<?xml version="1.0"?>\n<Kontoplan><Art kode="10100"/></Kontoplan>\n'), 'kontoplan.xml', 'xml_fil', 'XML-fil'],
    [
      'a SAF-T XML file',
      Buffer.from('<?xml version="1.0"?>\n<AuditFile xmlns="urn:StandardAuditFile-Taxation-Financial:NO"><Header><AuditFileVersion>1.30</AuditFileVersion></Header><!-- SAF-T --></AuditFile>'),
      'saft.xml',
      'saft_xml',
      'SAF-T',
    ],
    ['an HTML page saved as .xls', Buffer.from('<html><body><table><tr><td>Art</td></tr></table></body></html>'), 'rapport.xls', 'html_fil', 'nettside (HTML)'],
  ])('when %s is uploaded, then it is named as such and nothing is read', async (_label, bytes, name, code, text) => {
    const result = await parse(bytes, name, 'kontoplan');
    expect(result.errors.map((e) => e.code)).toEqual([code]);
    expect(result.errors[0]?.message).toContain(text);
    expect(result.records).toEqual([]);
  });

  it('when a kontoplan workbook is uploaded as lønnsarter, then it says it looks like a kontoplan and reads none of its sheets', async () => {
    const kontoplan = await buildTemplate(definitionFor('kontoplan'));
    const result = await parse(kontoplan, 'kodeverk.xlsx', 'lonnsarter');
    expect(result.records).toEqual([]);
    expect(result.errors.map((e) => e.code)).toEqual(['annet_register']);
    expect(result.errors[0]?.message).toMatch(/ser ut som kontoplan \(den har arkene «Art», «Ansvar» og «Funksjon»\).*«Kontoplan»/);
    expect(result.ignoredSheets.map((s) => s.sheet)).toEqual(['Slik fyller du ut', 'Art', 'Ansvar', 'Funksjon']);
  });

  it('when a lønnsart list (CSV) is uploaded as kontoplan, then the message says which register its columns fit', async () => {
    const result = await parse(csvBytes('Lønnsart;Navn;Art;AGA\n510;Fosterhjem;10510;Ja\n', { encoding: 'utf8' }), 'lonn.csv', 'kontoplan');
    expect(result.records).toEqual([]);
    expect(result.errors.map((e) => e.code)).toEqual(['annet_register']);
    expect(result.errors[0]?.message).toContain('Kolonnene ser ut som lønnsarter: last opp filen under «Lønnsarter»');
  });

  it('when the whole tiltakstype column is blank, then it is an error at its header (nothing guessed for every row)', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'U',
        rows: [
          ['Kode', 'Navn', 'Art', 'Tiltakstype'],
          ['FRI', 'Fritid', '14720', null],
          ['SKO', 'Skole', '14720', null],
        ],
      },
    ]);
    const result = await parse(bytes, 'u.xlsx', 'utbetalingskategorier');
    expect(at(result.errors)).toEqual(['tiltakstype_tom@U!D1']);
    expect(result.warnings.filter((w) => w.code === 'tiltakstype_tom_satt')).toEqual([]);
  });

  it('when the file has no tiltakstype column, then a warning says every kategori was set to Begge', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'U',
        rows: [
          ['Kode', 'Navn', 'Art'],
          ['FRI', 'Fritid', '14720'],
        ],
      },
    ]);
    const result = await parse(bytes, 'u.xlsx', 'utbetalingskategorier');
    expect(result.records[0]).toMatchObject({ tiltakstype: 'begge' });
    expect(result.warnings.map((w) => w.code)).toEqual(['tiltakstype_mangler']);
  });

  it('when the tiltakstype header is a yes/no question of placement, then Ja and Nei are read by the question and that is said', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'U',
        rows: [
          ['Kode', 'Navn', 'Art', 'Er barnet plassert utenfor hjemmet?'],
          ['FOS', 'Fosterhjem', '14720', 'Ja'],
          ['FRI', 'Fritid', '14720', 'Nei'],
        ],
      },
    ]);
    const result = await parse(bytes, 'u.xlsx', 'utbetalingskategorier');
    expect(result.records.map((r) => (r as { tiltakstype: string }).tiltakstype)).toEqual(['utenfor_hjemmet', 'i_hjemmet']);
    expect(at(result.warnings)).toEqual(['tiltakstype_ja_nei@U!D1']);
    expect(result.warnings[0]?.message).toContain('vi leser Ja som «Utenfor hjemmet» (1 rad) og Nei som «I hjemmet» (1 rad)');
  });
});
