import { describe, expect, it } from 'vitest';
import { ssbDriftRules, type SsbKontostreng } from '../../server/kodeverk/ssb.rules.ts';
import { computeLines, type MatrixInput } from '../../server/kodeverk/matrix.rules.ts';
import type { Konto } from '../../server/registers/current.ts';

// Test vectors are the codes each rule names in SSB's control program (kostra-kontrollprogram, 2026 rules).
const k = (kostraArt: string, kostraFunksjon: string): SsbKontostreng => ({ art: kostraArt, kostraArt, funksjon: kostraFunksjon, kostraFunksjon });
const found = (kostraArt: string, kostraFunksjon: string) => ssbDriftRules(k(kostraArt, kostraFunksjon)).map((f) => `${f.rule}:${f.severity}`);

describe('SSB rule 025: arter not valid in drift', () => {
  it.each(['280', '512', '521', '522', '529', '670', '910', '911', '912', '921', '922', '929', '970'])('when art %s is on a barnevern funksjon, then rule 025 is an error', (art) => {
    expect(found(art, '252')).toContain('025:error');
  });
  it.each(['010', '050', '099', '160', '350', '370', '470', '520', '530'])('when art %s (gyldig_drift = ja) is used, then rule 025 does not fire', (art) => {
    expect(found(art, '251')).not.toContain('025:error');
  });
});

describe('SSB rules 075, 070, 080, 065: arter bound to one funksjon', () => {
  it.each(['870', '871', '872', '873', '876', '877', '878', '879'])('when art %s is on 251, then rule 075 is an error; on 800 it passes', (art) => {
    expect(found(art, '251')).toEqual(['075:error']);
    expect(found(art, '800')).toEqual([]);
  });
  it('when art 530 is on 252, then rule 070 is an error; on 880 it passes', () => {
    expect(found('530', '252')).toEqual(['070:error']);
    expect(found('530', '880')).toEqual([]);
  });
  it('when art 800 is on 251, then rule 080 is an error; on 840 it passes', () => {
    expect(found('800', '251')).toEqual(['080:error']);
    expect(found('800', '840')).toEqual([]);
  });
  it.each(['589', '980', '989'])('when art %s is on 252, then rule 065 is an error; on 899 it passes', (art) => {
    expect(found(art, '252')).toEqual(['065:error']);
    expect(found(art, '899')).toEqual([]);
  });
  it('when funksjon 899 carries another art (050), then rule 065 is an error on the funksjon side', () => {
    expect(ssbDriftRules(k('050', '899')).map((f) => f.code)).toEqual(['ssb_065_funksjon_899']);
  });
});

describe('SSB rules 035 (warning) and 030 (info)', () => {
  it('when art 520 is on 252, then rule 035 is a warning; on 281, 325 or 701 it passes', () => {
    expect(found('520', '252')).toEqual(['035:warning']);
    for (const f of ['281', '325', '701']) expect(found('520', f)).toEqual([]);
  });
  it('when art 920 is on 251, then 035 warns (and 025 does not: 920 is valid in drift)', () => {
    expect(found('920', '251')).toEqual(['035:warning']);
  });
  it.each(['285', '660'])('when art %s is in drift, then rule 030 is info', (art) => {
    expect(found(art, '251')).toEqual(['030:info']);
  });
  it('when a kommune art code is named, then the message gives both the art and its KOSTRA art and the rule number', () => {
    const [f] = ssbDriftRules({ art: '15210', kostraArt: '521', funksjon: '25220', kostraFunksjon: '252' });
    expect(f?.message).toBe('SSB-kontroll 025: Art 15210 (KOSTRA-art 521) er ikke gyldig i driftsregnskapet. Barnevernets utbetalinger og lønn føres i drift – velg en driftsart.');
  });
});

describe('SSB rules in the matrix (025, 070, 035, 030)', () => {
  const konto = (kode: string, navn: string, kostra: string | null = null): Konto => ({ kode, navn, aktiv: true, kostra, kontoklasse: null });
  const input = (arts: [string, string][]): MatrixInput => ({
    slug: 'lofoten',
    regnskapsar: 2026,
    kontoplan: {
      art: arts.map(([kode, kostra]) => konto(kode, `Art ${kode}`, kostra)),
      ansvar: [konto('7100', 'Barnevern Vestvågøy')],
      funksjon: [konto('251', 'Tiltak i hjemmet', '251'), konto('252', 'Tiltak utenfor', '252')],
    },
    lonnsarter: [],
    utbetalingskategorier: arts.map(([kode], n) => ({ lopenr: n + 1, kode: `K${kode}`, navn: `Kategori ${kode}`, art: kode, tiltakstype: 'i_hjemmet' })),
    kommuner: [{ kommunenummer: '1860', navn: 'Vestvågøy' }],
    mappings: new Map([['1860', { ansvar: '7100', funksjonIHjemmet: '251', funksjonUtenforHjemmet: '252', funksjonAdministrasjon: null }]]),
  });

  it('when kategorier sit on 15210 (521), 15300 (530), 15200 (520) and 16600 (660), then 025/070 are errors, 035 a warning and 030 a note', () => {
    const lines = computeLines(
      input([
        ['15210', '521'],
        ['15300', '530'],
        ['15200', '520'],
        ['16600', '660'],
        ['14700', '470'],
      ]),
    );
    const by = (art: string) => lines.find((l) => l.art === art)!;
    expect(by('15210').problems.map((p) => p.code)).toEqual(['ssb_025_art_ikke_drift']);
    expect(by('15210').problems[0]?.fixHref).toBe('/t/lofoten/import/utbetalingskategorier');
    expect(by('15300').problems.map((p) => p.code)).toEqual(['ssb_070_art_530']);
    expect(by('15200').problems).toEqual([]);
    expect(by('15200').warnings.map((p) => p.code)).toEqual(['ssb_035_utlan']);
    expect(by('16600').problems).toEqual([]);
    expect(by('16600').notes.map((p) => p.code)).toEqual(['ssb_030_ulogisk_drift']);
    expect(by('14700').problems).toEqual([]);
    expect(by('14700').notes).toEqual([]);
  });

  it('when an art has no KOSTRA column, then the rule is applied to the derived KOSTRA art (15210 → 521)', () => {
    const lines = computeLines(input([['15210', '']]));
    expect(lines[0]?.problems.map((p) => p.code)).toEqual(['ssb_025_art_ikke_drift']);
  });
});

describe('kontoklasse: payments and wages are drift', () => {
  const k = (kode: string, kostra: string, kontoklasse: Konto['kontoklasse']): Konto => ({ kode, navn: `Art ${kode}`, aktiv: true, kostra, kontoklasse });
  const input = (art: Konto): MatrixInput => ({
    slug: 'lofoten',
    regnskapsar: 2026,
    kontoplan: {
      art: [art],
      ansvar: [{ kode: '7100', navn: 'Barnevern', aktiv: true, kostra: null, kontoklasse: null }],
      funksjon: [{ kode: '251', navn: 'Tiltak', aktiv: true, kostra: '251', kontoklasse: null }],
    },
    lonnsarter: [{ kode: 'L1', navn: 'Støttekontakt', art: art.kode, skattepliktig: true, aga: false, feriepengegrunnlag: false, amelding_beskrivelse: null, tiltakstype: 'begge', fordel: null }],
    utbetalingskategorier: [{ lopenr: 1, kode: 'K1', navn: 'Barnehage', art: art.kode, tiltakstype: 'i_hjemmet' }],
    kommuner: [{ kommunenummer: '1860', navn: 'Vestvågøy' }],
    mappings: new Map([['1860', { ansvar: '7100', funksjonIHjemmet: '251', funksjonUtenforHjemmet: '251', funksjonAdministrasjon: null }]]),
  });
  it.each([
    ['00500', '050', 'investering', 'en art i investeringsregnskapet'],
    ['21500', '050', 'balanse', 'en balansekonto'],
  ] as const)('when the lines sit on %s (kontoklasse %s), then every line is an error', (kode, kostra, kontoklasse, what) => {
    const lines = computeLines(input(k(kode, kostra, kontoklasse)));
    expect(lines.every((l) => l.problems.some((p) => p.code === 'art_ikke_driftskonto'))).toBe(true);
    expect(lines.find((l) => l.itemType === 'utbetalingskategori')?.problems[0]?.message).toBe(
      `Art ${kode} (utbetalingskategori K1 Barnehage) er ${what} i kontoplanen. Utbetalinger og lønn føres i driftsregnskapet – velg en driftsart.`,
    );
  });
  it('when the art is drift or its scheme has no kontoklasse digit (ukjent), then no kontoklasse error', () => {
    for (const kk of ['drift', 'ukjent', null] as const)
      expect(
        computeLines(input(k('10500', '050', kk)))
          .flatMap((l) => l.problems.map((p) => p.code))
          .filter((c) => c === 'art_ikke_driftskonto'),
      ).toEqual([]);
  });
});
