import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { buildWorkbook } from '../support/workbooks.ts';
import { at, parse } from './spreadsheet/helpers.ts';
import { buildTemplate } from '../../server/spreadsheet/index.ts';
import { lonnsartRules } from '../../server/lonnsarter/lonnsarter.rules.ts';
import type { LonnsartRecord } from '../../server/lonnsarter/lonnsarter.definition.ts';
import { definitionFor } from '../../server/registers/registry.ts';

const header = ['Lønnsart', 'Navn', 'Art', 'Skattepliktig', 'AGA', 'Feriepenger', 'A-melding beskrivelse', 'Tiltakstype', 'Fordel'];
const records = async (rows: (string | null)[][]) => parse(await buildWorkbook([{ name: 'L', rows: [header, ...rows] }]), 'l.xlsx', 'lonnsarter');

describe('lønnsart tiltakstype (#12 item 4)', () => {
  it('when the file has a tiltakstype, then it is used as written; a blank cell gets the default for the kind, with a warning at the cell that says what was assumed', async () => {
    const r = await records([
      ['510', 'Fosterhjem – arbeidsgodtgjørelse', '10510', 'Ja', 'Ja', 'Nei', 'kommunalOmsorgsloennOgFosterhjemsgodtgjoerelse', null, 'Kontantytelse'],
      ['515', 'Beredskapshjem – arbeidsgodtgjørelse', '10510', 'Ja', 'Ja', 'Nei', 'kommunalOmsorgsloennOgFosterhjemsgodtgjoerelse', 'Utenfor hjemmet', 'kontantytelse'],
      ['520', 'Støttekontakt', '10500', 'Ja', 'Ja', 'Nei', 'timeloenn', null, null],
      ['530', 'Besøkshjem', '10500', 'Ja', 'Ja', 'Nei', null, 'I hjemmet', null],
      ['540', 'Avlastning', '10500', 'Ja', 'Ja', 'Nei', null, '252', null],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => (x as LonnsartRecord).tiltakstype)).toEqual(['utenfor_hjemmet', 'utenfor_hjemmet', 'begge', 'i_hjemmet', 'utenfor_hjemmet']);
    expect(at(r.warnings)).toEqual(['lonnsart_tiltakstype_plassert@L!H2', 'lonnsart_tiltakstype_begge@L!H4', 'tiltakstype_tolket@L!H6']);
    expect(r.warnings[0]?.message).toBe(
      'Lønnsart 510 Fosterhjem – arbeidsgodtgjørelse har ingen tiltakstype i filen. Vi satte den til Utenfor hjemmet (252), fordi et fosterhjem alltid er en plassering. Skriv tiltakstypen i filen hvis det er feil.',
    );
    expect(r.warnings[1]?.message).toContain('Vi satte den til Begge (kontostrenger på både 251 og 252).');
  });

  it('when a fosterhjem or beredskapshjem lønnsart is given «I hjemmet» or «Begge», then a warning says it is a placement; an unknown word is a warning and the default is used', async () => {
    const r = await records([
      ['510', 'Fosterhjem – arbeidsgodtgjørelse', '10510', 'Ja', 'Ja', 'Nei', null, 'Begge', null],
      ['515', 'Beredskapshjem', '10510', 'Ja', 'Ja', 'Nei', null, 'I hjemmet', null],
      ['520', 'Fosterhjem – utgiftsdekning', '14700', 'Nei', 'Nei', 'Nei', 'annet', 'Kanskje', 'Utgiftsgodtgjørelse'],
    ]);
    expect(r.records.map((x) => (x as LonnsartRecord).tiltakstype)).toEqual(['begge', 'i_hjemmet', 'utenfor_hjemmet']);
    expect(at(r.warnings)).toEqual(['plassering_i_hjemmet@L!H2', 'plassering_i_hjemmet@L!H3', 'lonnsart_tiltakstype_plassert@L!H4', 'tiltakstype_ukjent@L!H4']);
    expect(r.warnings[0]?.message).toContain('har tiltakstype «Begge», men et fosterhjem er alltid en plassering (KOSTRA 252)');
    expect(r.warnings.find((w) => w.code === 'tiltakstype_ukjent')?.message).toBe(
      '«Kanskje» er ikke en tiltakstype vi kjenner. Vi leste den som tom. Skriv «I hjemmet», «Utenfor hjemmet» eller «Begge».',
    );
  });

  it('when the blank template and a re-imported export are made, then Tiltakstype and Fordel are columns with their choices, and the values come back unchanged', async () => {
    const rec: LonnsartRecord[] = [
      {
        kode: '510',
        navn: 'Fosterhjem',
        art: '10510',
        skattepliktig: true,
        aga: true,
        feriepengegrunnlag: false,
        amelding_beskrivelse: 'kommunalOmsorgsloennOgFosterhjemsgodtgjoerelse',
        tiltakstype: 'utenfor_hjemmet',
        fordel: 'kontantytelse',
      },
      {
        kode: '650',
        navn: 'Kilometergodtgjørelse',
        art: '11600',
        skattepliktig: false,
        aga: false,
        feriepengegrunnlag: false,
        amelding_beskrivelse: 'kilometergodtgjoerelseBil',
        tiltakstype: 'begge',
        fordel: 'utgiftsgodtgjoerelse',
      },
    ];
    const bytes = await buildTemplate(definitionFor('lonnsarter'), rec);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, ...header.slice(0, 5), 'Feriepengegrunnlag', 'A-melding beskrivelse', 'Tiltakstype', 'Fordel']);
    expect(ws.getCell('H2').value).toBe('Utenfor hjemmet');
    expect(ws.getCell('I3').value).toBe('Utgiftsgodtgjørelse');
    expect(ws.getCell('I2').dataValidation.formulae).toEqual(['"Kontantytelse,Utgiftsgodtgjørelse,Naturalytelse"']);
    expect(ws.getCell('H2').dataValidation.formulae).toEqual(['"I hjemmet,Utenfor hjemmet,Begge"']);
    const back = await parse(bytes, 'lonnsarter.xlsx', 'lonnsarter');
    expect(back.errors).toEqual([]);
    expect(back.warnings).toEqual([]);
    expect(back.records).toEqual(rec);
  });
});

describe('lønnsart fordel (#12 item 7): read and checked against Skatteetaten’s A-melding descriptions', () => {
  const l = (over: Partial<LonnsartRecord>): LonnsartRecord => ({
    kode: '1',
    navn: 'Lønn',
    art: '10500',
    skattepliktig: true,
    aga: true,
    feriepengegrunnlag: false,
    amelding_beskrivelse: null,
    tiltakstype: 'begge',
    fordel: null,
    ...over,
  });
  const codes = (over: Partial<LonnsartRecord>, kostra = '050') => lonnsartRules(l(over), kostra, 2026).map((i) => `${i.code}:${i.severity}`);

  it.each([
    ['kommunalOmsorgsloennOgFosterhjemsgodtgjoerelse', 'kontantytelse'],
    ['fastloenn', 'kontantytelse'],
    ['timeloenn', 'kontantytelse'],
    ['annet', 'utgiftsgodtgjoerelse'],
    ['annet', 'naturalytelse'],
    ['elektroniskKommunikasjon', 'naturalytelse'],
  ] as const)('when «%s» is reported as %s, then nothing is said', (amelding_beskrivelse, fordel) => {
    expect(codes({ amelding_beskrivelse, fordel, skattepliktig: true }).filter((c) => c.startsWith('fordel'))).toEqual([]);
  });

  it.each([
    ['fastloenn', 'utgiftsgodtgjoerelse', 'Kontantytelse'],
    ['kommunalOmsorgsloennOgFosterhjemsgodtgjoerelse', 'naturalytelse', 'Kontantytelse'],
    ['kilometergodtgjoerelseBil', 'kontantytelse', 'Utgiftsgodtgjørelse'],
    ['bil', 'kontantytelse', 'Naturalytelse'],
  ] as const)('when «%s» is reported as %s, then a warning names the fordel Skatteetaten lists (%s)', (amelding_beskrivelse, fordel, right) => {
    const found = lonnsartRules(l({ amelding_beskrivelse, fordel }), '050', 2026).filter((i) => i.code === 'fordel_passer_ikke');
    expect(found.map((i) => i.severity)).toEqual(['warning']);
    expect(found[0]?.message).toContain(`hører i a-meldingen til ${right} (Skatteetaten)`);
  });

  it('when no fordel or a description the table does not hold is given, then the fordel is not checked', () => {
    expect(codes({ amelding_beskrivelse: 'fastloenn', fordel: null })).toEqual([]);
    expect(codes({ amelding_beskrivelse: 'beregnetSkatt', fordel: 'naturalytelse' })).toEqual([]);
  });

  it('when the Fordel column holds the three words in any spelling, then they are read; another word is an error at the cell', async () => {
    const r = await records([
      ['1', 'Fastlønn', '10100', 'Ja', 'Ja', 'Ja', 'fastloenn', 'Begge', 'Kontantytelse'],
      ['2', 'Km', '11600', 'Nei', 'Nei', 'Nei', 'kilometergodtgjoerelseBil', 'Begge', 'utgiftsgodtgjoerelse'],
      ['3', 'Telefon', '11600', 'Ja', 'Ja', 'Nei', 'elektroniskKommunikasjon', 'Begge', 'NATURALYTELSE'],
      ['4', 'Feil', '10100', 'Ja', 'Ja', 'Ja', 'fastloenn', 'Begge', 'Lønn'],
      ['5', 'Km feil', '11600', 'Nei', 'Nei', 'Nei', 'kilometergodtgjoerelseBil', 'Begge', 'Kontantytelse'],
    ]);
    expect(r.records.map((x) => (x as LonnsartRecord).fordel)).toEqual(['kontantytelse', 'utgiftsgodtgjoerelse', 'naturalytelse', 'kontantytelse']);
    expect(at(r.errors)).toEqual(['ugyldig_fordel@L!I5']);
    expect(r.errors[0]?.message).toBe('«Lønn» er ikke en fordel i A-meldingen. Skriv Kontantytelse, Utgiftsgodtgjørelse eller Naturalytelse (eller la cellen stå tom).');
    expect(at(r.warnings.filter((w) => w.code === 'fordel_passer_ikke'))).toEqual(['fordel_passer_ikke@L!I6']);
  });
});
