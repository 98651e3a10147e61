import { describe, expect, it } from 'vitest';
import { computeLines, type KommuneMapping, type MatrixInput } from '../../server/kodeverk/matrix.rules.ts';
import { validateMapping } from '../../server/mapping/mapping.rules.ts';
import type { Konto } from '../../server/registers/current.ts';

const konto = (kode: string, navn: string, kostra: string | null = null): Konto => ({ kode, navn, aktiv: true, kostra, kontoklasse: null });
const kontoplan = {
  art: [konto('14700', 'Overføring til private', '470')],
  ansvar: [konto('7100', 'Barnevern Vestvågøy'), konto('7110', 'Barnevern Flakstad'), konto('7190', 'Barnevern felles')],
  funksjon: [
    konto('251', 'Tiltak i hjemmet', '251'),
    konto('252', 'Tiltak utenfor', '252'),
    konto('244', 'Barnevernstjeneste', '244'),
    konto('290', 'Interkommunale samarbeid', '290'),
    konto('253', 'Pleie og omsorg', '253'),
  ],
};
const m = (ansvar: string, i = '251', u = '252'): KommuneMapping => ({ ansvar, funksjonIHjemmet: i, funksjonUtenforHjemmet: u, funksjonAdministrasjon: null });
const input = (mappings: Record<string, KommuneMapping>, deltAnsvar?: Record<string, string>): MatrixInput => ({
  slug: 'lofoten',
  regnskapsar: 2026,
  kontoplan,
  lonnsarter: [],
  utbetalingskategorier: [{ lopenr: 1, kode: 'FRI', navn: 'Fritid', art: '14700', tiltakstype: 'begge' }],
  kommuner: [
    { kommunenummer: '1860', navn: 'Vestvågøy' },
    { kommunenummer: '1859', navn: 'Flakstad' },
    { kommunenummer: '1874', navn: 'Moskenes' },
  ],
  mappings: new Map(Object.entries(mappings)),
  ...(deltAnsvar ? { deltAnsvar: new Map(Object.entries(deltAnsvar)) } : {}),
});
const codes = (lines: ReturnType<typeof computeLines>, nr: string, kind: 'problems' | 'warnings' | 'notes') => [
  ...new Set(lines.filter((l) => l.kommunenummer === nr).flatMap((l) => l[kind].map((p) => p.code))),
];

describe('one ansvar per kommune', () => {
  it('when Flakstad and Moskenes are both on ansvar 7190, then every line of both has the error and Vestvågøy has none', () => {
    const lines = computeLines(input({ '1860': m('7100'), '1859': m('7190'), '1874': m('7190') }));
    expect(codes(lines, '1859', 'problems')).toEqual(['ansvar_flere_kommuner']);
    expect(codes(lines, '1874', 'problems')).toEqual(['ansvar_flere_kommuner']);
    expect(codes(lines, '1860', 'problems')).toEqual([]);
    expect(lines.find((l) => l.kommunenummer === '1859')?.problems[0]?.message).toBe(
      'Ansvar 7190 er valgt både for Flakstad og Moskenes. Hver kommune skal ha sitt eget ansvar, ellers havner kostnadene i en annen kommunes budsjett. Velg et annet ansvar, eller merk ansvaret som felles med en begrunnelse.',
    );
  });

  it('when the tjeneste has marked 7190 as shared with a reason, then the lines are valid and carry the reason as a note', () => {
    const lines = computeLines(input({ '1860': m('7100'), '1859': m('7190'), '1874': m('7190') }, { '7190': 'Felles tiltak, fordeles ved årsoppgjøret' }));
    expect(codes(lines, '1859', 'problems')).toEqual([]);
    expect(codes(lines, '1874', 'notes')).toEqual(['ansvar_felles']);
    expect(lines.find((l) => l.kommunenummer === '1874')?.notes[0]?.message).toBe('Ansvar 7190 er merket som felles for Flakstad, Moskenes: «Felles tiltak, fordeles ved årsoppgjøret»');
  });

  it('when a marking exists for an ansvar only one kommune uses, then it has no effect', () => {
    const lines = computeLines(input({ '1860': m('7100'), '1859': m('7190') }, { '7100': 'Gammel merking' }));
    expect(lines.every((l) => l.notes.every((n) => n.code !== 'ansvar_felles'))).toBe(true);
  });
});

describe('barnevern funksjoner: 244, 251, 252 and 290', () => {
  it('when a tiltak line is on funksjon 290 (interkommunalt samarbeid), then it is valid with a note that 290 must net to zero', () => {
    const lines = computeLines(input({ '1860': m('7100', '290', '290') }));
    expect(codes(lines, '1860', 'problems')).toEqual([]);
    expect(codes(lines, '1860', 'notes')).toEqual(['funksjon_290']);
  });
  it('when a tiltak line is on a funksjon outside barnevern (253), then it is a warning, not an error', () => {
    const lines = computeLines(input({ '1860': m('7100', '253') }));
    const l = lines.find((x) => x.kommunenummer === '1860' && x.tiltakstype === 'i_hjemmet')!;
    expect(l.problems).toEqual([]);
    expect(l.warnings.map((w) => w.code)).toEqual(['funksjon_ikke_barnevern']);
  });
  it('when 251 and 252 are swapped or 244 is used for a tiltak, then it stays an error', () => {
    const lines = computeLines(input({ '1860': m('7100', '252', '244') }));
    expect(lines.filter((l) => l.kommunenummer === '1860').map((l) => l.problems.map((p) => p.code))).toEqual([['funksjon_feil_kostra'], ['funksjon_feil_kostra']]);
  });
  it('when a mapping chooses 290 for a tiltak slot, then it may be saved; 290 for administrasjon may not', () => {
    expect(validateMapping(m('7100', '290', '290'), kontoplan)).toEqual({});
    expect(validateMapping({ ...m('7100'), funksjonAdministrasjon: '290' }, kontoplan).funksjon_administrasjon).toEqual(['Funksjon 290 er KOSTRA 290, men her skal det være KOSTRA 244.']);
  });
});
