import { describe, expect, it } from 'vitest';
import { deriveKostraArt, readArtCode, resolveKostraArt } from '../../../server/reference/kostra.ts';
import { buildWorkbook } from '../../support/workbooks.ts';
import { at, parse } from './helpers.ts';
import type { KontoplanRecord } from '../../../server/kontoplan/kontoplan.definition.ts';

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
        rows: [
          ['Kode', 'Navn'],
          ['10100', 'Fastlønn'],
          ['14719', 'Klientutgifter barnevern'],
          ['00300', 'Lønn ekstrahjelp investering'],
          ['23500', 'Leverandørgjeld'],
          ['21000', 'Bank'],
          ['25900', 'Annen kortsiktig gjeld'],
        ],
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
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['10100', 'Fastlønn'],
          ['30300', 'Ekstrahjelp investering'],
          ['00300', 'Hva er dette'],
        ],
      },
      { name: 'Funksjon', rows: [['Kode', 'Navn'], ...funksjoner] },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan', { kontoklasser: { drift: '1', investering: '3', balanse: '2' } });
    expect(art(result.records, '30300')).toMatchObject({ kontoklasse: 'investering', kostra: '030' });
    expect(art(result.records, '00300')).toMatchObject({ kontoklasse: 'ukjent', kostra: null });
    expect(at(result.warnings)).toEqual(['kontoklasse_ukjent@Art!A4']);
    // the digits as the tjeneste has them, not KOSTRA's default 1/0/2
    expect(result.warnings[0]?.message).toContain('(nå: 1 drift, 3 investering, 2 balanse)');
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
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['10100', 'Fastlønn'],
          ['18750', 'Skatt'],
          ['18780', 'Ny skatt'],
        ],
      },
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

  it('when a kontoplan has ansvar with letters and codes that differ only by case or hold ÆØÅ, then they are read, with a warning for the latter two', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['10100', 'Fastlønn'],
        ],
      },
      {
        name: 'Ansvar',
        rows: [
          ['Kode', 'Navn'],
          ['F460', 'Sogndal omsorgssenter'],
          ['21122A', 'Skole A'],
          ['30000S', 'Sykehjem S'],
          ['FRI', 'Fritid'],
          ['fri', 'Fritid 2'],
          ['KLÆR', 'Klær'],
        ],
      },
      { name: 'Funksjon', rows: [['Kode', 'Navn'], ...funksjoner] },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(result.errors).toEqual([]);
    expect(result.counts).toEqual({ art: 1, ansvar: 6, funksjon: 2 });
    expect(at(result.warnings)).toEqual(['kode_bare_store_sma@Ansvar!A6', 'kode_spesialtegn@Ansvar!A7']);
    expect(result.warnings[0]?.message).toContain('«fri» og «FRI»');
    expect(result.warnings[1]?.message).toContain('Æ');
  });

  it('when arter are 4-digit art + local digit, then the scheme is art4 and each gets its KOSTRA art without a kontoklasse', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['0100', 'Fastlønn'],
          ['1954', 'Gebyr'],
          ['3500', 'Kjøp fra kommuner'],
          ['4700', 'Overføring til private'],
        ],
      },
      { name: 'Funksjon', rows: [['Kode', 'Navn'], ...funksjoner] },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(result.warnings).toEqual([]);
    expect(result.artScheme).toMatchObject({ scheme: 'art4', message: '4 av 4 arter passer med KOSTRA-art + lokalt siffer.' });
    expect(art(result.records, '1954')).toMatchObject({ kostra: '195', kontoklasse: 'ukjent' });
    expect(art(result.records, '0100')).toMatchObject({ kostra: '010' });
  });

  it('when arter are 6-digit kontoklasse + art + two local digits, then the scheme is klasse6 and balance accounts get their kapittel', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['101000', 'Fastlønn'],
          ['147010', 'Overføring til private'],
          ['003000', 'Ekstrahjelp investering'],
          ['235000', 'Leverandørgjeld'],
        ],
      },
      { name: 'Funksjon', rows: [['Kode', 'Navn'], ...funksjoner] },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(result.warnings).toEqual([]);
    expect(result.artScheme).toMatchObject({ scheme: 'klasse6' });
    expect(art(result.records, '147010')).toMatchObject({ kostra: '470', kontoklasse: 'drift' });
    expect(art(result.records, '003000')).toMatchObject({ kostra: '030', kontoklasse: 'investering' });
    expect(art(result.records, '235000')).toMatchObject({ kostra: '35', kontoklasse: 'balanse' });
  });

  it('when the user chooses another scheme, then it is used and the message says it was chosen', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['1010', 'Fastlønn'],
          ['1470', 'Overføring'],
        ],
      },
      { name: 'Funksjon', rows: [['Kode', 'Navn'], ...funksjoner] },
    ]);
    const detected = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(art(detected.records, '1470')).toMatchObject({ kostra: '140' });
    const chosen = await parse(bytes, 'k.xlsx', 'kontoplan', { artScheme: 'klasse5' });
    expect(chosen.artScheme).toMatchObject({ scheme: 'klasse5', chosen: true });
    expect(chosen.artScheme?.message).toContain('Artsskjema valgt for tjenesten');
    expect(at(chosen.warnings)).toEqual(['kostra_art_mangler@Art!A2', 'kostra_art_mangler@Art!A3']);
  });
});

describe('leading zeros only with evidence', () => {
  it('when a short number stands among 5-digit text codes but is plausible as it stands, then it stays (1010), and one whose name fits the padded code is padded with a warning', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['10100', 'Fastlønn'],
          ['14700', 'Overføring'],
          ['13500', 'Kjøp'],
          [1010, 'Noe lokalt'],
          [300, 'Lønn til ekstrahjelp'],
        ],
      },
      { name: 'Funksjon', rows: [['Kode', 'Navn'], ...funksjoner] },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(art(result.records, '1010')).toBeDefined();
    expect(art(result.records, '01010')).toBeUndefined();
    expect(art(result.records, '00300')).toMatchObject({ kostra: '030', kontoklasse: 'investering' });
    expect(at(result.warnings.filter((w) => w.code.startsWith('ledende_null')))).toEqual(['ledende_null_usikker@Art!A5', 'ledende_null_lagt_til@Art!A6']);
    expect(result.warnings.find((w) => w.code === 'ledende_null_usikker')?.message).toContain('latt koden stå som 1010');
  });

  it('when a 2-digit kapittel such as 35 stands among 3-digit KOSTRA codes, then it is a balance kapittel, never 035', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Art',
        rows: [
          ['Kode', 'Navn'],
          ['010', 'Fastlønn'],
          ['020', 'Lønn til vikarer'],
          [35, 'Leverandørgjeld'],
        ],
      },
      { name: 'Funksjon', rows: [['Kode', 'Navn'], ...funksjoner] },
    ]);
    const result = await parse(bytes, 'k.xlsx', 'kontoplan');
    expect(art(result.records, '35')).toMatchObject({ kostra: '35', kontoklasse: 'balanse' });
    expect(result.warnings).toEqual([]);
  });
});

describe('an expired art where it is used', () => {
  it('when a matrix line uses art 18750 in 2026, then it is an error saying 875 er utgått fra 2025; in 2024 the art is fine', async () => {
    const { artPlausibility } = await import('../../../server/kodeverk/matrix.rules.ts');
    const item = { itemType: 'utbetalingskategori', itemKode: 'X', itemNavn: 'Skatt', art: '18750', tiltakstyper: [], skattepliktig: null } as unknown as Parameters<typeof artPlausibility>[0];
    const konto = { kode: '18750', navn: 'Skatt', aktiv: true, kostra: null, kontoklasse: 'drift' as const };
    const problems = artPlausibility(item, konto, 2026, '/x');
    expect(problems).toEqual([expect.objectContaining({ code: 'art_utgatt', severity: 'error', message: expect.stringContaining('875 er utgått fra 2025') as unknown })]);
    expect(artPlausibility(item, { ...konto, kostra: '875' }, 2024, '/x').some((p) => p.code === 'art_utgatt')).toBe(false);
  });
});
