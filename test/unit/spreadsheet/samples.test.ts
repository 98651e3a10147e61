import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { at, parse } from './helpers.ts';

const fixture = (name: string): Buffer => fs.readFileSync(path.join(import.meta.dirname, '../../fixtures', name));

describe('the sample files', () => {
  it('when kontoplan-med-feil.xlsx is read for 2026, then the two row mistakes are errors and the expired funksjon and 12700 are warnings', async () => {
    const result = await parse(fixture('kontoplan-med-feil.xlsx'), 'kontoplan-med-feil.xlsx', 'kontoplan');
    expect(at(result.errors)).toEqual(['dobbel_kode@Art!A7', 'kode_mangler@Art!A8']);
    expect(result.errors[0]?.message).toContain('rad 5 og rad 7');
    // issue 11 item 6: a code not valid for the regnskapsår is a warning here, an error where it is used
    expect(at(result.warnings)).toEqual(['kostra_art_utgatt@Art!A15', 'funksjon_ugyldig_kostra@Funksjon!A5']);
    const expired = result.warnings.find((w) => w.code === 'kostra_art_utgatt');
    expect(expired?.message).toContain('utgått fra 2026');
    expect(expired?.message).toContain('271/272');
  });

  it('when kontoplan.xlsx is read, then all three dimensions are counted and arts get their KOSTRA art', async () => {
    const result = await parse(fixture('kontoplan.xlsx'), 'kontoplan.xlsx', 'kontoplan');
    expect(result.errors).toEqual([]);
    expect(result.counts).toEqual({ art: 20, ansvar: 4, funksjon: 3 });
    expect(result.records).toContainEqual({ dimensjon: 'art', kode: '14710', navn: 'Utgiftsdekning fosterhjem', aktiv: true, kostra: '470', kontoklasse: 'drift' });
    expect(result.records).toContainEqual({ dimensjon: 'art', kode: '10530', navn: 'Godtgjørelse besøkshjem og avlastning', aktiv: true, kostra: '050', kontoklasse: 'drift' });
    expect(result.records).toContainEqual({ dimensjon: 'ansvar', kode: '7100', navn: 'Barneverntjenesten Vestvågøy', aktiv: true, kostra: null, kontoklasse: null });
    expect(result.records).toContainEqual(expect.objectContaining({ dimensjon: 'funksjon', kode: '252', kostra: '252' }));
  });

  it('when kontoplan.xlsx is read for 2025, then 12700 is fine (270 still valid)', async () => {
    const result = await parse(fixture('kontoplan.xlsx'), 'kontoplan.xlsx', 'kontoplan', { regnskapsar: 2025 });
    expect(result.warnings).toEqual([]);
    expect(result.records).toContainEqual(expect.objectContaining({ kode: '12700', kostra: '270' }));
  });

  it('when lonnsarter.xlsx (no tiltakstype column) is read, then eight lønnsarter with their flags come back, the fosterhjem ones utenfor hjemmet and one warning says so', async () => {
    const result = await parse(fixture('lonnsarter.xlsx'), 'lonnsarter.xlsx', 'lonnsarter');
    expect(result.errors).toEqual([]);
    expect(at(result.warnings)).toEqual(['lonnsart_tiltakstype_mangler@-!-']);
    const fosterhjem = result.records.filter((r) => /fosterhjem|beredskapshjem/i.test((r as { navn: string }).navn));
    expect(fosterhjem.length).toBeGreaterThan(0);
    expect(fosterhjem.every((r) => (r as { tiltakstype: string }).tiltakstype === 'utenfor_hjemmet')).toBe(true);
    expect(result.warnings[0]?.message).toContain(`lønnsartene ${fosterhjem.map((r) => (r as { kode: string }).kode).join(', ')} til Utenfor hjemmet (252)`);
    expect(result.counts).toEqual({ lonnsart: 8 });
    expect(result.records[7]).toEqual({
      kode: '650',
      navn: 'Kilometergodtgjørelse',
      art: '11600',
      skattepliktig: false,
      aga: false,
      feriepengegrunnlag: false,
      amelding_beskrivelse: null,
      tiltakstype: 'begge',
      fordel: null,
    });
  });

  it('when utbetalingskategorier.xlsx is read, then tiltakstype texts become the enum', async () => {
    const result = await parse(fixture('utbetalingskategorier.xlsx'), 'utbetalingskategorier.xlsx', 'utbetalingskategorier');
    expect(result.errors).toEqual([]);
    expect(result.counts).toEqual({ utbetalingskategori: 10 });
    expect(result.records[0]).toEqual({ kode: 'BHG', navn: 'Barnehage', art: '13500', tiltakstype: 'i_hjemmet' });
    expect(result.records.map((r) => (r as { tiltakstype: string }).tiltakstype)).toContain('utenfor_hjemmet');
  });

  it('when lonnsarter.xlsx is imported into a tjeneste whose kontoplan lacks 11600, then that art is an error at its cell', async () => {
    const arter = new Set(['10510', '10520', '10530', '14710']);
    const result = await parse(fixture('lonnsarter.xlsx'), 'lonnsarter.xlsx', 'lonnsarter', { kontoplanArter: arter });
    expect(at(result.errors)).toEqual(['art_ikke_i_kontoplan@Lønnsarter!C9']);
    expect(result.records).toHaveLength(7);
  });
});
