import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeLines, filterLines, summarise, type KommuneMapping, type MatrixInput } from '../../server/kodeverk/matrix.rules.ts';
import { validateMapping } from '../../server/mapping/mapping.rules.ts';
import { neutralizeFormula as neutralise } from '../../server/spreadsheet/formula.ts';
import type { Konto } from '../../server/registers/current.ts';

const konto = (kode: string, navn: string, kostra: string | null = null, aktiv = true): Konto => ({ kode, navn, aktiv, kostra, kontoklasse: null });
const kommuner = [
  { kommunenummer: '1860', navn: 'Vestvågøy' },
  { kommunenummer: '1859', navn: 'Flakstad' },
];
const base = (mappings: Record<string, KommuneMapping>): MatrixInput => ({
  slug: 'lofoten',
  regnskapsar: 2026,
  kontoplan: {
    art: [
      konto('10510', 'Fosterhjem arbeidsgodtgjørelse', '050'),
      konto('10990', 'Arbeidsgiveravgift', '099'),
      konto('14700', 'Overføring til private', '470'),
      konto('13500', 'Kjøp fra kommuner', '350', false),
      konto('16500', 'Salgsinntekter', '650'),
    ],
    ansvar: [konto('7100', 'Barnevern Vestvågøy'), konto('7110', 'Barnevern Flakstad')],
    funksjon: [konto('251', 'Tiltak i hjemmet', '251'), konto('252', 'Tiltak utenfor', '252'), konto('244', 'Barnevernstjeneste', '244')],
  },
  lonnsarter: [
    {
      kode: '2010',
      navn: 'Fosterhjem arbeidsgodtgjørelse',
      art: '10510',
      skattepliktig: true,
      aga: true,
      feriepengegrunnlag: false,
      amelding_beskrivelse: null,
      tiltakstype: 'utenfor_hjemmet',
      fordel: null,
    },
    {
      kode: '2020',
      navn: 'Støttekontakt utgiftsdekning',
      art: '14700',
      skattepliktig: false,
      aga: false,
      feriepengegrunnlag: false,
      amelding_beskrivelse: null,
      tiltakstype: 'begge',
      fordel: null,
    },
  ],
  utbetalingskategorier: [
    { lopenr: 1, kode: 'BHG', navn: 'Barnehage', art: '13500', tiltakstype: 'i_hjemmet' },
    { lopenr: 2, kode: null, navn: 'Fritid', art: '14700', tiltakstype: 'begge' },
  ],
  kommuner,
  mappings: new Map(Object.entries(mappings)),
});
const good = (ansvar: string): KommuneMapping => ({ ansvar, funksjonIHjemmet: '251', funksjonUtenforHjemmet: '252', funksjonAdministrasjon: null });

describe('konteringsmatrise', () => {
  it('when lønnsarter and kategorier meet kommuner, then each gets the lines of its own tiltakstype (begge both), the AGA line follows its wage, and the fosterhjem lønnsart has no 251 line', () => {
    const lines = computeLines(base({ '1860': good('7100'), '1859': good('7110') }));
    // per kommune: fosterhjem (utenfor) 1 and its AGA line 1, utgiftsdekning (begge) 2, BHG 1, Fritid 2
    expect(lines).toHaveLength(2 * (1 + 1 + 2 + 1 + 2));
    expect(lines.filter((l) => l.itemType === 'aga' && l.kommunenummer === '1859').map((l) => l.kontostreng)).toEqual(['10990.7110.252']);
    expect(lines.filter((l) => l.itemKode === '2010' && l.kommunenummer === '1859').map((l) => l.kontostreng)).toEqual(['10510.7110.252', '10990.7110.252']);
    expect(lines.filter((l) => l.itemKode === 'BHG').map((l) => l.tiltakstype)).toEqual(['i_hjemmet', 'i_hjemmet']);
    expect(lines.find((l) => l.itemKode === 'Fritid' && l.kommunenummer === '1859' && l.tiltakstype === 'utenfor_hjemmet')?.kontostreng).toBe('14700.7110.252');
  });

  it('when an art is inactive, then every line on it has the problem art_inaktiv with a link to the register import', () => {
    const lines = computeLines(base({ '1860': good('7100'), '1859': good('7110') }));
    const bhg = lines.filter((l) => l.itemKode === 'BHG');
    expect(bhg.every((l) => l.problems.map((p) => p.code).join() === 'art_inaktiv')).toBe(true);
    expect(bhg[0]?.problems[0]?.fixHref).toBe('/t/lofoten/import/utbetalingskategorier');
    const r = summarise(lines);
    expect(r.counts).toMatchObject({ total: 14, invalid: 2, valid: 12 });
  });

  it('when the funksjoner are swapped, then both lines get funksjon_feil_kostra pointing at the kommune’s mapping', () => {
    const lines = computeLines(base({ '1860': { ...good('7100'), funksjonIHjemmet: '252', funksjonUtenforHjemmet: '251' } }));
    const l = lines.find((x) => x.kommunenummer === '1860' && x.itemKode === '2020' && x.tiltakstype === 'i_hjemmet');
    expect(l?.problems.map((p) => p.code)).toEqual(['funksjon_feil_kostra']);
    expect(l?.problems[0]?.fixHref).toBe('/t/lofoten/kontering/kommuner#k-1860');
    const flakstad = lines.filter((x) => x.kommunenummer === '1859');
    expect(flakstad.every((x) => x.kontostreng === null && x.problems.some((p) => p.code === 'ansvar_mangler'))).toBe(true);
  });

  it('when a taxable lønnsart sits on a non-wage art or a tax-free one on a wage art, then the line gets a warning but stays valid', () => {
    const input = base({ '1860': good('7100') });
    input.lonnsarter = [
      { kode: 'A', navn: 'Skattepliktig på 470', art: '14700', skattepliktig: true, aga: true, feriepengegrunnlag: null, amelding_beskrivelse: null, tiltakstype: 'begge', fordel: null },
      { kode: 'B', navn: 'Skattefri på 050', art: '10510', skattepliktig: false, aga: false, feriepengegrunnlag: null, amelding_beskrivelse: null, tiltakstype: 'begge', fordel: null },
      { kode: 'C', navn: 'På inntektsart', art: '16500', skattepliktig: true, aga: true, feriepengegrunnlag: null, amelding_beskrivelse: null, tiltakstype: 'begge', fordel: null },
    ];
    const lines = computeLines(input).filter((l) => l.kommunenummer === '1860' && l.itemType === 'lonnsart' && l.tiltakstype === 'i_hjemmet');
    expect(lines.map((l) => l.warnings.map((w) => w.code))).toEqual([['skattepliktig_utenfor_lonn'], ['skattefri_pa_lonn'], ['lonnsart_pa_inntektsart']]);
    expect(lines.every((l) => l.problems.length === 0)).toBe(true);
  });

  it('when a fosterhjem or beredskapshjem lønnsart is Begge, then its 251 lines (wage and AGA) are errors that point at the lønnsarter and its 252 lines are fine', () => {
    const input = base({ '1860': good('7100') });
    input.lonnsarter = [
      {
        kode: '2010',
        navn: 'Fosterhjem arbeidsgodtgjørelse',
        art: '10510',
        skattepliktig: true,
        aga: true,
        feriepengegrunnlag: false,
        amelding_beskrivelse: 'kommunalOmsorgsloennOgFosterhjemsgodtgjoerelse',
        tiltakstype: 'begge',
        fordel: 'kontantytelse',
      },
      {
        kode: '2050',
        navn: 'Beredskapshjem godtgjørelse',
        art: '10510',
        skattepliktig: true,
        aga: false,
        feriepengegrunnlag: false,
        amelding_beskrivelse: null,
        tiltakstype: 'i_hjemmet',
        fordel: null,
      },
    ];
    const lines = computeLines(input).filter((l) => l.kommunenummer === '1860' && l.itemType !== 'utbetalingskategori');
    const at251 = lines.filter((l) => l.tiltakstype === 'i_hjemmet');
    expect(at251.map((l) => `${l.itemType} ${l.itemKode}`)).toEqual(['lonnsart 2010', 'lonnsart 2050', 'aga 2010']);
    expect(at251.every((l) => l.problems.some((p) => p.code === 'plassering_i_hjemmet' && p.fixHref === '/t/lofoten/import/lonnsarter'))).toBe(true);
    expect(lines.filter((l) => l.tiltakstype === 'utenfor_hjemmet' && l.itemKode === '2010').every((l) => l.problems.length === 0)).toBe(true);
  });

  it('when no kontoplan is imported, then every line says so', () => {
    const input = { ...base({}), kontoplan: null };
    expect(computeLines(input).every((l) => l.problems.some((p) => p.code === 'kontoplan_mangler'))).toBe(true);
  });

  it('when filtering by kommune, tiltakstype and problem, then only matching lines remain', () => {
    const lines = computeLines(base({ '1860': good('7100') }));
    expect(filterLines(lines, { kommune: '1859' }).every((l) => l.kommunenummer === '1859')).toBe(true);
    expect(filterLines(lines, { kommune: '1860', tiltakstype: 'utenfor_hjemmet', problem: 'ok' })).toHaveLength(4);
    expect(filterLines(lines, { problem: 'ansvar_mangler' })).toHaveLength(7);
  });

  it('when text starts with = + - or @, then the spreadsheet gets it with a leading apostrophe', () => {
    expect(['=1+1', '+47', '-3', '@x', 'Fastlønn'].map(neutralise)).toEqual(["'=1+1", "'+47", "'-3", "'@x", 'Fastlønn']);
  });

  it('when the matrix is written, then its cells use the one round-trip-safe neutralisation (an apostrophe already there gets one more)', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const { matrixWorkbook } = await import('../../server/matrix/matrix.xlsx.ts');
    const line = {
      kommunenummer: '1860',
      kommuneNavn: "'=1+1",
      tiltakstype: 'i_hjemmet',
      itemType: 'lonnsart',
      itemKode: '\t=2',
      itemNavn: '=cmd|x',
      art: null,
      ansvar: null,
      funksjon: null,
      kontostreng: null,
      problems: [],
      warnings: [],
      notes: [],
    };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await matrixWorkbook([line as never], 'x')) as never);
    const row = wb.getWorksheet('Konteringsmatrise')!.getRow(2);
    expect([row.getCell(2).value, row.getCell(5).value, row.getCell(6).value]).toEqual(["''=1+1", "'\t=2", "'=cmd|x"]);
  });
});

// Property: a line is free of problems exactly when its kommune's mapping passes validateMapping (what the save accepts)
// and the item's art exists and is active — so every valid mapping gives a matrix whose lines all pass the checks.
describe('property: valid mappings give valid matrices', () => {
  const code = (digits: number) => fc.stringMatching(new RegExp(`^[1-9][0-9]{${digits - 1}}$`));
  const arb = fc
    .record({
      arts: fc.uniqueArray(fc.record({ kode: code(5), aktiv: fc.boolean(), kostra: fc.constantFrom('010', '050', '350', '370', '470', '160', '650') }), {
        minLength: 1,
        maxLength: 6,
        selector: (a) => a.kode,
      }),
      ansvar: fc.uniqueArray(fc.record({ kode: code(4), aktiv: fc.boolean() }), { minLength: 1, maxLength: 5, selector: (a) => a.kode }),
      funksjoner: fc.uniqueArray(fc.record({ suffix: fc.stringMatching(/^[0-9]{0,2}$/), kostra: fc.constantFrom('244', '251', '252', '253'), aktiv: fc.boolean() }), {
        minLength: 1,
        maxLength: 8,
        selector: (f) => f.kostra + f.suffix,
      }),
      kommuneCount: fc.integer({ min: 1, max: 3 }),
      lonn: fc.array(fc.record({ artIdx: fc.nat(), skattepliktig: fc.option(fc.boolean()) }), { maxLength: 3 }),
      kat: fc.array(fc.record({ artIdx: fc.nat(), tiltakstype: fc.constantFrom('i_hjemmet', 'utenfor_hjemmet', 'begge') as fc.Arbitrary<'i_hjemmet' | 'utenfor_hjemmet' | 'begge'> }), {
        maxLength: 3,
      }),
      picks: fc.array(fc.record({ valid: fc.boolean(), a: fc.option(fc.nat()), i: fc.option(fc.nat()), u: fc.option(fc.nat()), adm: fc.option(fc.nat()) }), { minLength: 3, maxLength: 3 }),
    })
    .map((g) => {
      const art = g.arts.map((a) => konto(a.kode, `Art ${a.kode}`, a.kostra, a.aktiv));
      const ansvar = g.ansvar.map((a) => konto(a.kode, `Ansvar ${a.kode}`, null, a.aktiv));
      // A barnevern kontoplan has at least one active 251 and 252 funksjon (the import warns otherwise).
      const funksjon = [
        konto('2519', 'Felles 251', '251'),
        konto('2529', 'Felles 252', '252'),
        ...g.funksjoner.filter((f) => !['2519', '2529'].includes(f.kostra + f.suffix)).map((f) => konto(f.kostra + f.suffix, `Funksjon ${f.kostra}${f.suffix}`, f.kostra, f.aktiv)),
      ];
      const pick = <T>(list: T[], i: number | null) => (i === null ? null : (list[i % list.length] ?? null));
      const ks = [
        { kommunenummer: '1860', navn: 'Vestvågøy' },
        { kommunenummer: '1859', navn: 'Flakstad' },
        { kommunenummer: '1874', navn: 'Moskenes' },
      ].slice(0, g.kommuneCount);
      const mappings = new Map<string, KommuneMapping>();
      ks.forEach((k, n) => {
        const p = g.picks[n]!;
        // Half the kommuner pick among the codes a valid mapping may use, the rest among anything (so both sides are exercised).
        const from = (list: Konto[], kostra?: string) => (p.valid ? list.filter((x) => x.aktiv && (kostra === undefined || x.kostra === kostra)) : list);
        mappings.set(k.kommunenummer, {
          ansvar: pick(from(ansvar), p.a)?.kode ?? null,
          funksjonIHjemmet: pick(from(funksjon, '251'), p.i)?.kode ?? null,
          funksjonUtenforHjemmet: pick(from(funksjon, '252'), p.u)?.kode ?? null,
          funksjonAdministrasjon: pick(from(funksjon, '244'), p.adm)?.kode ?? null,
        });
      });
      const input: MatrixInput = {
        slug: 's',
        regnskapsar: 2026,
        kontoplan: { art, ansvar, funksjon },
        lonnsarter: g.lonn.map((l, n) => ({
          kode: `L${n}`,
          navn: `Lønn ${n}`,
          art: art[l.artIdx % art.length]!.kode,
          skattepliktig: l.skattepliktig,
          aga: null,
          feriepengegrunnlag: null,
          amelding_beskrivelse: null,
          tiltakstype: 'begge',
          fordel: null,
        })),
        utbetalingskategorier: g.kat.map((k, n) => ({ lopenr: n + 1, kode: `K${n}`, navn: `Kategori ${n}`, art: art[k.artIdx % art.length]!.kode, tiltakstype: k.tiltakstype })),
        kommuner: ks,
        mappings,
      };
      return input;
    });

  it('when a kommune’s mapping passes validation and the item’s art is active, then its lines have no problems (and lines without problems have valid parts)', () => {
    let validLinesSeen = 0;
    fc.assert(
      fc.property(arb, (input) => {
        for (const line of computeLines(input)) {
          const mapping = input.mappings.get(line.kommunenummer)!;
          // one ansvar per kommune: an ansvar another kommune also has is an error of its own
          const ansvarShared = [...input.mappings].some(([nr, m]) => nr !== line.kommunenummer && m.ansvar !== null && m.ansvar === mapping.ansvar);
          const mappingValid = Object.keys(validateMapping(mapping, input.kontoplan!)).length === 0 && !ansvarShared;
          const artOk = input.kontoplan!.art.some((a) => a.kode === line.art && a.aktiv);
          if (mappingValid && artOk) {
            validLinesSeen++;
            expect(line.problems).toEqual([]);
          }
          // Converse, per line: no problems means its own parts are active, the ansvar is the kommune's own, and the funksjon
          // has the tiltakstype's KOSTRA part — or is outside the barnevern funksjoner, which is a warning, not an error.
          const want = line.tiltakstype === 'i_hjemmet' ? '251' : '252';
          const partsOk =
            artOk &&
            !ansvarShared &&
            input.kontoplan!.ansvar.some((a) => a.kode === line.ansvar && a.aktiv) &&
            input.kontoplan!.funksjon.some((f) => f.kode === line.funksjon && f.aktiv && (f.kostra === want || !['244', '251', '252'].includes(f.kostra!)));
          expect(line.problems.length === 0).toBe(partsOk);
          if (mappingValid) expect(line.kontostreng).toBe(`${line.art}.${mapping.ansvar}.${line.tiltakstype === 'i_hjemmet' ? mapping.funksjonIHjemmet : mapping.funksjonUtenforHjemmet}`);
        }
      }),
      { numRuns: 300 },
    );
    // Guard against a vacuous property: the generator must produce valid mappings often enough.
    expect(validLinesSeen).toBeGreaterThan(50);
  });
});
