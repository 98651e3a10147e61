import { describe, expect, it } from 'vitest';
import { buildWorkbook, csvBytes } from '../../support/workbooks.ts';
import { at, parse, withoutTiltakstypeNote } from './helpers.ts';
import type { ParseResult } from '../../../server/spreadsheet/types.ts';
import type { RegisterRecord } from '../../../server/registers/registry.ts';

const use = (r: ParseResult<RegisterRecord>) => r.columns.map((c) => `${c.column}:${c.header}=${c.field ?? '-'}`);
const codes = (issues: ParseResult<RegisterRecord>['warnings']) => issues.map((i) => i.code);

describe('every column is used or reported', () => {
  it('when a budget export has art/art_tekst/ansvar/ansvar_tekst/tjeneste_nr/tjeneste_tekst and other columns, then the code and name columns are read and every other column is listed as unused', async () => {
    const text = [
      'virksomhetsomraade;art;art_tekst;ansvar;ansvar_tekst;tjeneste_nr;tjeneste_tekst;prosjekt;beloep',
      'Barnevern;14719;KLIENTUTGIFTER BARNEVERN;21122A;BARNEVERN VEST;25220;FOSTERHJEM;;-470000',
      'Barnevern;10100;FASTLØNN;21122A;BARNEVERN VEST;24410;BARNEVERNSVAKTEN;;100',
    ].join('\n');
    const result = await parse(csvBytes(text, { encoding: 'utf8' }), 'budsjett.csv', 'kontoplan');
    expect(use(result)).toEqual([
      'A:virksomhetsomraade=-',
      'B:art=art',
      'C:art_tekst=art_navn',
      'D:ansvar=ansvar',
      'E:ansvar_tekst=ansvar_navn',
      'F:tjeneste_nr=funksjon',
      'G:tjeneste_tekst=funksjon_navn',
      'H:prosjekt=-',
      'I:beloep=-',
    ]);
    expect(result.columns[0]).toEqual({ sheet: 'budsjett', column: 'A', header: 'virksomhetsomraade', field: null });
    expect(result.needsMapping).toBe(false);
  });

  it('when headers use -tekst, (T), nynorsk and avdeling for ansvar, then each is recognised', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Ark1',
        rows: [
          ['Avdeling', 'Avdeling-tekst', 'Teneste', 'Teneste_tekst', 'Konto', 'Konto(T)', 'Tjenesteområde-tekst'],
          ['1', 'Byrådsleders avdeling', '25110', 'Tiltak i heimen', '1954', 'Gebyr', 'Barnevern'],
        ],
      },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(use(result)).toEqual([
      'A:Avdeling=ansvar',
      'B:Avdeling-tekst=ansvar_navn',
      'C:Teneste=funksjon',
      'D:Teneste_tekst=funksjon_navn',
      'E:Konto=art',
      'F:Konto(T)=art_navn',
      'G:Tjenesteområde-tekst=-',
    ]);
    expect(result.counts).toEqual({ art: 1, ansvar: 1, funksjon: 1 });
  });

  it('when the funksjon header is «Funksjonsområde» and names are «Namn», then they are read', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Funksjon',
        rows: [
          ['Funksjonsområde', 'Namn'],
          ['251', 'Tiltak i heimen'],
          ['252', 'Tiltak utanfor heimen'],
        ],
      },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(use(result)).toEqual(['A:Funksjonsområde=funksjon', 'B:Namn=funksjon_navn']);
    expect(result.counts['funksjon']).toBe(2);
  });

  it('when SAF-T headers GroupingCode/CodeDescriptionNOB are used, then they are the code and name and the category columns are unused', async () => {
    const text = 'GroupingCategory;CategoryDescriptionNOB;GroupingCode;CodeDescriptionNOB\nKA_K;KOSTRA Arts_K;010;Fastlønn\nKA_K;KOSTRA Arts_K;020;Lønn til vikarer\n';
    const result = await parse(csvBytes(text, { encoding: 'utf8' }), 'kostra-arter.csv', 'kontoplan');
    expect(use(result)).toEqual(['A:GroupingCategory=-', 'B:CategoryDescriptionNOB=-', 'C:GroupingCode=kode', 'D:CodeDescriptionNOB=navn']);
    expect(result.counts['art']).toBe(2);
  });

  it('when a lønnsart list says Arb.g.avg, AGA-pliktig is absent and Ferie and Skattepl are short, then every flag is read (not silently null)', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Ark1',
        rows: [
          ['Lønnsart', 'Tekst', 'Konto', 'Skattepl.', 'Arb.g.avg', 'Ferie'],
          ['510', 'Fosterhjem', '10510', 'Ja', 'J', 'N'],
          ['520', 'Utgiftsdekning', '11700', 'Nei', 'N', 'N'],
        ],
      },
    ]);
    const result = withoutTiltakstypeNote(await parse(bytes, 'l.xlsx', 'lonnsarter'));
    expect(use(result)).toEqual(['A:Lønnsart=kode', 'B:Tekst=navn', 'C:Konto=art', 'D:Skattepl.=skattepliktig', 'E:Arb.g.avg=aga', 'F:Ferie=feriepengegrunnlag']);
    expect(result.records[0]).toMatchObject({ skattepliktig: true, aga: true, feriepengegrunnlag: false });
    expect(result.records[1]).toMatchObject({ aga: false });
  });

  it('when nynorsk lønnsart headers are used (Lønsart, Namn, Arbeidsgjevaravgift, Feriepengar), then they are read', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Ark1',
        rows: [
          ['Lønsart', 'Namn', 'Art', 'Arbeidsgjevaravgift', 'Feriepengar'],
          ['510', 'Fosterheim', '10510', 'Ja', 'Nei'],
        ],
      },
    ]);
    const result = withoutTiltakstypeNote(await parse(bytes, 'l.xlsx', 'lonnsarter'));
    expect(result.columns.map((c) => c.field)).toEqual(['kode', 'navn', 'art', 'aga', 'feriepengegrunnlag']);
    expect(result.records[0]).toMatchObject({ aga: true, feriepengegrunnlag: false });
  });

  it('when a flag column is blank on every row, then a warning at its header says so', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Ark1',
        rows: [
          ['Lønnsart', 'Navn', 'Art', 'AGA'],
          ['510', 'Fosterhjem', '10510', null],
          ['520', 'Utgifter', '11700', null],
        ],
      },
    ]);
    const result = withoutTiltakstypeNote(await parse(bytes, 'l.xlsx', 'lonnsarter'));
    expect(at(result.warnings)).toEqual(['flagg_tomt@Ark1!D1']);
    expect(result.warnings[0]?.message).toContain('tom på alle rader');
  });

  it('when two columns match one field equally well, then neither is picked: a warning asks, and a required field makes the file need mapping', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Ark1',
        rows: [
          ['Lønnsart', 'Navn', 'Beskrivelse', 'Art'],
          ['510', 'Fosterhjem', 'Godtgjøring', '10510'],
        ],
      },
    ]);
    const result = withoutTiltakstypeNote(await parse(bytes, 'l.xlsx', 'lonnsarter'));
    expect(codes(result.warnings)).toContain('kolonne_uklar');
    expect(result.warnings.find((w) => w.code === 'kolonne_uklar')?.message).toMatch(/^Kolonne B «Navn» og kolonne C «Beskrivelse» kan begge være Navn/);
    expect(result.needsMapping).toBe(true);
    expect(result.records).toEqual([]);
    // the user's choice settles it
    const mapped = await parse(bytes, 'l.xlsx', 'lonnsarter', { columnMapping: { navn: 'Beskrivelse' } });
    expect(mapped.records[0]).toMatchObject({ navn: 'Godtgjøring' });
    expect(mapped.columns.map((c) => c.field)).toEqual(['kode', null, 'navn', 'art']);
  });

  it('when a column matches a field only by a word stem and another column has the alias, then the alias wins and the other is reported as unused with a warning', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Funksjon',
        rows: [
          ['Funksjon', 'Navn', 'Funksjonsområde'],
          ['251', 'Tiltak i hjemmet', 'Barnevern'],
        ],
      },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(use(result)).toEqual(['A:Funksjon=funksjon', 'B:Navn=funksjon_navn', 'C:Funksjonsområde=-']);
    expect(at(result.warnings.filter((w) => w.code === 'kolonne_ikke_brukt'))).toEqual(['kolonne_ikke_brukt@Funksjon!C1']);
    expect(result.warnings.find((w) => w.code === 'kolonne_ikke_brukt')?.message).toContain('kolonne A «Funksjon» passet bedre');
  });

  it('when a tiltakstype header is worded as a question of placement, then it is the tiltakstype column', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Ark1',
        rows: [
          ['Kode', 'Navn', 'Art', 'Er barnet plassert utenfor hjemmet?'],
          ['FRI', 'Fritid', '14720', 'Utenfor hjemmet'],
        ],
      },
    ]);
    const result = await parse(bytes, 'u.xlsx', 'utbetalingskategorier');
    expect(result.columns.map((c) => c.field)).toEqual(['kode', 'navn', 'art', 'tiltakstype']);
    expect(result.records[0]).toMatchObject({ tiltakstype: 'utenfor_hjemmet' });
  });
});

describe('content sniffing: a column whose header says nothing is offered by its values, never read as them', () => {
  it('when a lønnsart column holds only Ja/Nei under an unknown header, then a warning offers it as the unread Ja/Nei fields', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Ark1',
        rows: [
          ['Lønnsart', 'Navn', 'Art', 'Svar'],
          ['510', 'Fosterhjem', '10510', 'Ja'],
          ['520', 'Utgifter', '11700', 'Nei'],
        ],
      },
    ]);
    const result = withoutTiltakstypeNote(await parse(bytes, 'l.xlsx', 'lonnsarter'));
    expect(result.columns.map((c) => c.field)).toEqual(['kode', 'navn', 'art', null]);
    expect(at(result.warnings)).toEqual(['kolonne_innhold@Ark1!D1']);
    expect(result.warnings[0]?.message).toContain('er bare Ja/Nei-svar og kan være Skattepliktig, AGA eller Feriepengegrunnlag');
    expect(result.records[0]).toMatchObject({ aga: null });
  });

  it('when a column of an utbetalingskategorier list holds tiltakstype words under an unknown header, then it is offered as Tiltakstype', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Ark1',
        rows: [
          ['Kode', 'Navn', 'Art', 'Gjelder'],
          ['FRI', 'Fritid', '14720', 'I hjemmet'],
          ['FOS', 'Fosterhjem', '14720', 'Utenfor hjemmet'],
        ],
      },
    ]);
    const result = await parse(bytes, 'u.xlsx', 'utbetalingskategorier');
    expect(at(result.warnings).sort()).toEqual(['kolonne_innhold@Ark1!D1', 'tiltakstype_mangler@-!-']);
    expect(result.warnings.find((w) => w.code === 'kolonne_innhold')?.message).toContain('kan være Tiltakstype');
  });

  it('when a kontoplan column holds three-digit codes under an unknown header, then it is offered as the KOSTRA column', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn', 'Rapportering'],
          ['10100', 'Fastlønn', '010'],
          ['11000', 'Kontor', '100'],
        ],
      },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(at(result.warnings.filter((w) => w.code === 'kolonne_innhold'))).toEqual(['kolonne_innhold@Art!C1']);
    expect(result.warnings.find((w) => w.code === 'kolonne_innhold')?.message).toContain('kan være KOSTRA');
  });

  it('when a column has values but no header, then it is listed in the columns and a warning says it was not read', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Ark1',
        rows: [
          ['Lønnsart', 'Navn', 'Art', null, 'Merknad'],
          ['510', 'Fosterhjem', '10510', 'viktig', 'x'],
        ],
      },
    ]);
    const result = withoutTiltakstypeNote(await parse(bytes, 'l.xlsx', 'lonnsarter'));
    expect(use(result)).toEqual(['A:Lønnsart=kode', 'B:Navn=navn', 'C:Art=art', 'D:=-', 'E:Merknad=-']);
    expect(at(result.warnings)).toEqual(['kolonne_uten_overskrift@Ark1!D1']);
  });
});

describe('repeated rows in kontostreng-per-row files', () => {
  const budget = (rows: string[][]) => csvBytes(['art;art_tekst;ansvar;ansvar_tekst;beloep', ...rows.map((r) => r.join(';'))].join('\n'), { encoding: 'utf8' });

  it('when each code stands on many rows with the same name, then it is read once and one note per dimension says so (no warning per row)', async () => {
    const rows = Array.from({ length: 68 }, (_, i) => ['10100', 'Fastlønn', i % 2 ? '7100' : '7110', i % 2 ? 'Vest' : 'Øst', String(i)]);
    const result = await parse(budget(rows), 'budsjett.csv', 'kontoplan');
    expect(result.counts).toEqual({ art: 1, ansvar: 2, funksjon: 0 });
    expect(result.warnings.filter((w) => w.code === 'dobbel_rad')).toEqual([]);
    expect(result.notes.map((n) => `${n.code}@${n.column}`)).toEqual(['samme_kode_flere_rader@A', 'samme_kode_flere_rader@C']);
    expect(result.notes[0]?.message).toContain('art 10100 står på 68 rader med samme navn');
  });

  it('when one code has two different names, then that stays an error at the row', async () => {
    const result = await parse(
      budget([
        ['10100', 'Fastlønn', '7100', 'Vest', '1'],
        ['10100', 'Fast lønn', '7100', 'Vest', '2'],
      ]),
      'budsjett.csv',
      'kontoplan',
    );
    expect(at(result.errors)).toEqual(['dobbel_kode@budsjett!A3']);
  });

  it('when a plain list repeats one row, then that repeat is still pointed at', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Funksjon',
        rows: [
          ['Kode', 'Navn'],
          ['251', 'I hjemmet'],
          ['252', 'Utenfor'],
          ['251', 'I hjemmet'],
        ],
      },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(at(result.warnings)).toEqual(['dobbel_rad@Funksjon!A4']);
    expect(result.notes).toEqual([]);
  });
});
