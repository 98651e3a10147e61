import { describe, expect, it } from 'vitest';
import { deriveKostraArt, readArtCode, resolveKostraArt } from '../../../server/reference/kostra.ts';
import type { KontoplanRecord } from '../../../server/spreadsheet/types.ts';
import { buildWorkbook } from '../../support/workbooks.ts';
import { at, parse } from './helpers.ts';

const funksjoner: [string, string][] = [
  ['251', 'I hjemmet'],
  ['252', 'Utenfor hjemmet'],
];
const art = (records: readonly unknown[], kode: string) => (records as KontoplanRecord[]).find((r) => r.dimensjon === 'art' && r.kode === kode);

describe('kontoklasse and KOSTRA art or kapittel', () => {
  it('when a 5-digit plan has drift, investering and balanse accounts, then each art carries its kontoklasse and never a drift art for a balance account', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Art',
        rows: [['Kode', 'Navn'], ['10100', 'Fastlønn'], ['14719', 'Klientutgifter barnevern'], ['00300', 'Lønn ekstrahjelp investering'], ['23500', 'Leverandørgjeld'], ['21000', 'Bank'], ['25900', 'Annen kortsiktig gjeld']],
      },
      { name: 'Funksjon', rows: [['Kode', 'Navn'], ...funksjoner] },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(result.errors).toEqual([]);
    expect(art(result.records, '10100')).toMatchObject({ kontoklasse: 'drift', kostra: '010' });
    expect(art(result.records, '14719')).toMatchObject({ kontoklasse: 'drift', kostra: '470' });
    expect(art(result.records, '00300')).toMatchObject({ kontoklasse: 'investering', kostra: '030' });
    expect(art(result.records, '23500')).toMatchObject({ kontoklasse: 'balanse', kostra: '35' });
    expect(art(result.records, '21000')).toMatchObject({ kontoklasse: 'balanse', kostra: '10' });
    expect(art(result.records, '25900')).toMatchObject({ kontoklasse: 'balanse', kostra: '5900' });
    expect(result.artScheme).toMatchObject({ scheme: 'klasse5', chosen: false, total: 6 });
    expect(result.artScheme?.message).toBe('6 av 6 arter passer med kontoklasse + KOSTRA-art + lokalt siffer.');
  });

  it('when the tjeneste says investering is 3, then 30300 is investering and 0-codes are not known', async () => {
    const bytes = await buildWorkbook([
      { name: 'Art', rows: [['Kode', 'Navn'], ['10100', 'Fastlønn'], ['30300', 'Ekstrahjelp investering'], ['00300', 'Hva er dette']] },
      { name: 'Funksjon', rows: [['Kode', 'Navn'], ...funksjoner] },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan', { kontoklasser: { drift: '1', investering: '3', balanse: '2' } });
    expect(art(result.records, '30300')).toMatchObject({ kontoklasse: 'investering', kostra: '030' });
    expect(art(result.records, '00300')).toMatchObject({ kontoklasse: 'ukjent', kostra: null });
    expect(at(result.warnings)).toEqual(['kontoklasse_ukjent@Art!A4']);
  });

  it('when an art points at an expired KOSTRA art, then the expiry is said before any tens fallback', () => {
    expect(deriveKostraArt('18750', 2026)).toBeNull();
    expect(resolveKostraArt('875', 2026)).toMatchObject({ kostra: null, status: { kind: 'expired', fromYear: 2025 } });
    expect(resolveKostraArt('875', 2024)).toMatchObject({ kostra: '875' });
    expect(resolveKostraArt('878', 2025)).toMatchObject({ kostra: '878' });
    expect(resolveKostraArt('878', 2024)).toMatchObject({ kostra: null, status: { kind: 'not_yet', fromYear: 2025 } });
    expect(resolveKostraArt('471', 2026)).toMatchObject({ kostra: '470', viaTens: true });
    expect(deriveKostraArt('23500', 2026)).toBeNull();
    expect(readArtCode('23500', 'klasse5', 2026)).toMatchObject({ kontoklasse: 'balanse', kind: 'kapittel', kostra: '35' });
  });

  it('when 18750 is in a 2026 kontoplan, then the warning says 875 er utgått fra 2025 and the art gets no KOSTRA art', async () => {
    const bytes = await buildWorkbook([
      { name: 'Art', rows: [['Kode', 'Navn'], ['10100', 'Fastlønn'], ['18750', 'Skatt'], ['18780', 'Ny skatt']] },
      { name: 'Funksjon', rows: [['Kode', 'Navn'], ...funksjoner] },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(at(result.warnings)).toEqual(['kostra_art_utgatt@Art!A3']);
    expect(result.warnings[0]?.message).toContain('875 er utgått fra 2025');
    expect(art(result.records, '18750')).toMatchObject({ kostra: null, kontoklasse: 'drift' });
    const y2024 = await parse(bytes, 'k.xlsx', 'kontoplan', { regnskapsar: 2024 });
    expect(at(y2024.warnings)).toEqual(['kostra_art_ikke_gyldig_enna@Art!A4']);
    expect(y2024.warnings[0]?.message).toContain('878 gjelder først fra 2025');
  });
});
