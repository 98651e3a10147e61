import { describe, expect, it } from 'vitest';
import { candidateFunksjoner, checkChosenFunksjon, proposeFunksjon } from '../../server/mapping/funksjon-per-kategori.rules.ts';
import { computeLines, overrideKey, type MatrixInput } from '../../server/kodeverk/matrix.rules.ts';
import type { Konto } from '../../server/registers/current.ts';

// A real kommune's sub-funksjoner of 251/252 (docs/domain.md), with SSB's KOSTRA funksjon as the first three digits.
const f = (kode: string, navn: string, aktiv = true): Konto => ({ kode, navn, aktiv, kostra: kode.slice(0, 3), kontoklasse: null });
const FUNKSJONER = [
  f('2510', 'Tiltak i hjemmet'),
  f('25180', 'Besøkshjem/støttekontakt'),
  f('25185', 'Barnehage/SFO'),
  f('2520', 'Tiltak utenfor hjemmet'),
  f('25211', 'Statlig institusjon'),
  f('25220', 'Fosterhjem'),
  f('25230', 'Fosterhjem, forsterket', false),
  f('2440', 'Barnevernstjeneste'),
];
const item = (itemKode: string, itemNavn: string) => ({ itemKode, itemNavn });

describe('funksjon per kategori: proposals by name (#12 item 6)', () => {
  it('when the candidates are listed for a tiltakstype, then only active funksjoner of its KOSTRA part (251 / 252) are offered', () => {
    expect(candidateFunksjoner(FUNKSJONER, 'i_hjemmet').map((x) => x.kode)).toEqual(['2510', '25180', '25185']);
    expect(candidateFunksjoner(FUNKSJONER, 'utenfor_hjemmet').map((x) => x.kode)).toEqual(['2520', '25211', '25220']);
  });

  it.each([
    [item('FOSTERHJEM', 'Fosterhjem'), 'utenfor_hjemmet', '25220', 'sikker'],
    [item('2010', 'Fosterhjem arbeidsgodtgjørelse'), 'utenfor_hjemmet', '25220', 'sikker'],
    [item('BHG', 'Barnehage'), 'i_hjemmet', '25185', 'sikker'],
    [item('SFO', 'SFO-plass'), 'i_hjemmet', '25185', 'sikker'],
    [item('2030', 'Støttekontakt'), 'i_hjemmet', '25180', 'sikker'],
    [item('INST', 'Institusjon'), 'utenfor_hjemmet', '25211', 'sikker'],
    [item('FHG', 'Fosterhjemsgodtgjørelse'), 'utenfor_hjemmet', '25220', 'usikker'],
  ] as const)('when %o is proposed for %s, then %s (%s)', (it_, tiltakstype, kode, confidence) => {
    const p = proposeFunksjon(it_, candidateFunksjoner(FUNKSJONER, tiltakstype), tiltakstype === 'i_hjemmet' ? '2510' : '2520');
    expect(p).toMatchObject({ kode, confidence });
  });

  it('when nothing matches, or only the kommune’s own funksjon does, then there is no proposal', () => {
    expect(proposeFunksjon(item('FRI', 'Fritidsaktiviteter'), candidateFunksjoner(FUNKSJONER, 'i_hjemmet'), '2510')).toBeNull();
    expect(proposeFunksjon(item('X', 'Tiltak i hjemmet'), candidateFunksjoner(FUNKSJONER, 'i_hjemmet'), '2510')).toBeNull();
  });

  it('when two sub-funksjoner match equally, then the proposal is unsure and names both', () => {
    const two = [...candidateFunksjoner(FUNKSJONER, 'utenfor_hjemmet'), f('25221', 'Fosterhjem i familie')];
    const p = proposeFunksjon(item('FOSTERHJEM', 'Fosterhjem'), two, '2520');
    expect(p?.confidence).toBe('usikker');
    expect(p?.reason).toContain('men også i 25221 Fosterhjem i familie. Velg selv.');
  });

  it('when a choice is checked, then an unknown, inactive or wrong-KOSTRA funksjon is refused in words', () => {
    expect(checkChosenFunksjon('25220', FUNKSJONER, 'utenfor_hjemmet')).toBeNull();
    expect(checkChosenFunksjon('25220', FUNKSJONER, 'i_hjemmet')).toBe('Funksjon 25220 er KOSTRA 252, men tiltak i hjemmet skal føres på KOSTRA 251.');
    expect(checkChosenFunksjon('25230', FUNKSJONER, 'utenfor_hjemmet')).toBe('Funksjon 25230 er ikke aktiv i kontoplanen. Velg en aktiv funksjon.');
    expect(checkChosenFunksjon('99999', FUNKSJONER, 'utenfor_hjemmet')).toBe('Funksjon 99999 finnes ikke i kontoplanen. Velg en funksjon fra listen.');
  });
});

describe('funksjon per kategori in the matrix', () => {
  const input = (overrides: [string, string][]): MatrixInput => ({
    slug: 'lofoten',
    regnskapsar: 2026,
    kontoplan: {
      art: [
        { kode: '10510', navn: 'Fosterhjem arbeidsgodtgjørelse', aktiv: true, kostra: '050', kontoklasse: 'drift' },
        { kode: '10990', navn: 'Arbeidsgiveravgift', aktiv: true, kostra: '099', kontoklasse: 'drift' },
      ],
      ansvar: [{ kode: '7110', navn: 'Barnevern Flakstad', aktiv: true, kostra: null, kontoklasse: null }],
      funksjon: FUNKSJONER,
    },
    lonnsarter: [
      { kode: '2010', navn: 'Fosterhjem', art: '10510', skattepliktig: true, aga: true, feriepengegrunnlag: false, amelding_beskrivelse: null, tiltakstype: 'utenfor_hjemmet', fordel: null },
    ],
    utbetalingskategorier: [],
    kommuner: [{ kommunenummer: '1859', navn: 'Flakstad' }],
    mappings: new Map([['1859', { ansvar: '7110', funksjonIHjemmet: '2510', funksjonUtenforHjemmet: '2520', funksjonAdministrasjon: '2440' }]]),
    funksjonOverrides: new Map(overrides),
  });

  it('when a lønnsart has its own funksjon in a kommune, then its line and its AGA line use it; without, the kommune’s', () => {
    const key = overrideKey('lonnsart', '2010', '1859', 'utenfor_hjemmet');
    expect(computeLines(input([[key, '25220']])).map((l) => `${l.itemType} ${l.kontostreng}`)).toEqual(['lonnsart 10510.7110.25220', 'aga 10990.7110.25220']);
    expect(computeLines(input([])).map((l) => l.kontostreng)).toEqual(['10510.7110.2520', '10990.7110.2520']);
  });

  it('when the own funksjon is of the wrong KOSTRA part, then the line is an error that points at the page «Funksjon per kategori»', () => {
    const [line] = computeLines(input([[overrideKey('lonnsart', '2010', '1859', 'utenfor_hjemmet'), '25180']]));
    expect(line?.problems.map((p) => [p.code, p.fixHref])).toEqual([['funksjon_feil_kostra', '/t/lofoten/kontering/funksjoner#k-1859']]);
  });
});
