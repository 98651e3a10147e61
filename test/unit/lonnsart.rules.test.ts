import { describe, expect, it } from 'vitest';
import { lonnsartRules, FOSTERHJEM_AMELDING } from '../../server/lonnsarter/lonnsarter.rules.ts';
import type { LonnsartRecord } from '../../server/lonnsarter/lonnsarter.definition.ts';

// Test vectors from Skatteetaten's and KS' guidance (lonnsarter_barnevern.csv, a_melding_loennsbeskrivelser.csv) and
// the KOSTRA arter they name (050, 089, 099, 160, 165, 470).
const l = (over: Partial<LonnsartRecord>): LonnsartRecord => ({
  kode: '510',
  navn: 'Støttekontakt',
  art: '10500',
  skattepliktig: true,
  aga: true,
  feriepengegrunnlag: true,
  amelding_beskrivelse: null,
  tiltakstype: 'begge',
  fordel: null,
  ...over,
});
const run = (over: Partial<LonnsartRecord>, kostra: string | null, year = 2026) => lonnsartRules(l(over), kostra, year).map((i) => `${i.code}:${i.severity}`);

describe('Skatteetaten: fosterhjem arbeidsgodtgjørelse (kommunalOmsorgsloennOgFosterhjemsgodtgjoerelse)', () => {
  const fosterhjem = { navn: 'Fosterhjem – arbeidsgodtgjørelse (grunnstøtte)', amelding_beskrivelse: FOSTERHJEM_AMELDING, feriepengegrunnlag: false };
  it('when it is skattepliktig and AGA without feriepenger on 050, then nothing is said', () => {
    expect(run(fosterhjem, '050')).toEqual([]);
  });
  it('when AGA = Nei, then it is an error; when skattepliktig = Nei, an error too', () => {
    expect(run({ ...fosterhjem, aga: false }, '050')).toEqual(['fosterhjem_uten_aga:error']);
    expect(run({ ...fosterhjem, skattepliktig: false }, '050')).toEqual(['skattefri_pa_lonn:warning', 'fosterhjem_ikke_skattepliktig:error']);
  });
  it('when it has feriepengegrunnlag, then KS’ «not an employee under the holiday act» is a warning', () => {
    expect(run({ ...fosterhjem, feriepengegrunnlag: true }, '050')).toEqual(['fosterhjem_feriepenger:warning']);
  });
  it('when the A-melding code is missing but the name says arbeidsgodtgjørelse, then the same rules apply', () => {
    expect(run({ navn: 'Fosterhjem arbeidsgodtgjørelse', aga: false, feriepengegrunnlag: false }, '050')).toEqual(['fosterhjem_uten_aga:error']);
  });
});

describe('KS: fosterhjem utgiftsdekning («utgiftsgodtgjørelse, annet»)', () => {
  const utgift = { navn: 'Fosterhjem – utgiftsdekning', art: '14700', skattepliktig: false, aga: false, feriepengegrunnlag: false, amelding_beskrivelse: 'annet' };
  it('when it has no AGA and no feriepenger on 470, then nothing is said', () => {
    expect(run(utgift, '470')).toEqual([]);
  });
  it('when it has AGA or feriepenger, then each is a warning', () => {
    expect(run({ ...utgift, aga: true, feriepengegrunnlag: true }, '470')).toEqual(['utgiftsdekning_aga:warning', 'utgiftsdekning_feriepenger:warning']);
  });
});

describe('KOSTRA arter 089, 099, 160, 165 and series', () => {
  it('when AGA = Ja on 089 («ikke arbeidsgiveravgiftspliktig lønn»), then it is a contradiction (warning)', () => {
    expect(run({ art: '10890' }, '089')).toEqual(['aga_pa_089:warning']);
    expect(run({ art: '10890', aga: false }, '089')).toEqual([]);
  });
  it('when a lønnsart is on 099 (arbeidsgiveravgift), then it is a warning', () => {
    expect(run({ art: '10990' }, '099')).toEqual(['lonnsart_pa_099:warning']);
  });
  it.each(['160', '165'])('when a taxable travel or car allowance is on %s (opplysningspliktige), then «skattepliktig utenfor serie 0» does not fire', (kostra) => {
    expect(run({ navn: 'Kilometergodtgjørelse', art: `1${kostra}0` }, kostra)).toEqual([]);
  });
  it('when a taxable lønnsart is on 170 or 470, then «skattepliktig utenfor serie 0» still fires', () => {
    expect(run({ art: '11700' }, '170')).toEqual(['skattepliktig_utenfor_lonn:warning']);
    expect(run({ art: '14700' }, '470')).toEqual(['skattepliktig_utenfor_lonn:warning']);
  });
  it('when a lønnsart is on an income art (650), then it is a warning', () => {
    expect(run({ art: '16500' }, '650')).toEqual(['lonnsart_pa_inntektsart:warning']);
  });
});

describe('Skatteetaten: A-melding descriptions and gyldig_til', () => {
  it('when the description is overtidsmat (gyldig_til 2019-01), then it is an error in 2026 with the date', () => {
    const [issue] = lonnsartRules(l({ amelding_beskrivelse: 'overtidsmat' }), '050', 2026);
    expect(issue).toMatchObject({ code: 'amelding_utgaatt', severity: 'error', field: 'amelding_beskrivelse' });
    expect(issue?.message).toBe('A-melding-beskrivelsen «overtidsmat» (Lønnsart 510) kan ikke brukes etter 2019-01 (Skatteetaten), og regnskapsåret er 2026. Velg en gyldig beskrivelse.');
  });
  it('when the description is kilometergodtgjoerelseElBil or administrativForpleining, then it is expired too (case-insensitive)', () => {
    expect(run({ amelding_beskrivelse: 'KilometergodtgjoerelseElBil' }, '050')).toEqual(['amelding_utgaatt:error']);
    expect(run({ amelding_beskrivelse: 'administrativForpleining' }, '050')).toEqual(['amelding_utgaatt:error']);
  });
  it('when the description is still valid (fastloenn, annet) or unknown, then no error; unknown is a warning', () => {
    expect(run({ amelding_beskrivelse: 'fastloenn' }, '050')).toEqual([]);
    expect(run({ amelding_beskrivelse: 'annet' }, '050')).toEqual([]);
    expect(run({ amelding_beskrivelse: 'fosterhjemslønn' }, '050')).toEqual(['amelding_ukjent:warning']);
  });
});
