import { describe, expect, it } from 'vitest';
import { buildVoucher, parseAmount, type VoucherFacts } from '../../server/posting/posting.rules.ts';

describe('amounts as Norwegian users write them', () => {
  it.each([
    ['1250', 125000],
    ['1 250,50', 125050],
    ['1250,5', 125050],
    ['1.250,50', 125050],
    ['1250.50', 125050],
    ['0,01', 1],
    ['12 345 678,90 kr', 1234567890],
    // a refusjon or kreditering
    ['-1 250,50', -125050],
    ['\u22121250,5', -125050],
    ['-0,01', -1],
  ])('when the amount is «%s», then it is %i øre', (input, ore) => {
    expect(parseAmount(input)).toEqual({ ok: true, ore });
  });
  it.each([
    ['', 'Skriv et beløp'],
    ['0', 'kan ikke være 0'],
    ['0,00', 'kan ikke være 0'],
    ['-0', 'kan ikke være 0'],
    ['--5', 'høyst to desimaler'],
    ['12,345', 'høyst to desimaler'],
    ['tusen', 'høyst to desimaler'],
  ])('when the amount is «%s», then it is refused with «%s»', (input, message) => {
    const r = parseAmount(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });
});

const base: VoucherFacts = {
  modul: 'lonn',
  moduleStatus: 'i_drift',
  itemLabel: 'lønnsarten «Støttekontakt»',
  kommuneNavn: 'Flakstad',
  tiltakstype: 'i_hjemmet',
  itemTiltakstyper: ['i_hjemmet', 'utenfor_hjemmet'],
  amountOre: 125050,
  line: { art: '10500', ansvar: '7110', funksjon: '251', kontostreng: '10500.7110.251', problems: [] },
  posting: { selskap: '1', motkonto: '21500', bilagsserie: 'L1' },
  motkontoLookup: {
    versionNo: 1,
    arts: new Map([
      ['10500', { aktiv: true, balanse: false }],
      ['21500', { aktiv: true, balanse: true }],
    ]),
    hasBalanse: true,
  },
  mvaKode: null,
  hrefs: { moduler: '/m', postering: '/p', kontering: '/k', import: '/i' },
};

describe('voucher lines', () => {
  it('when everything is in place, then debet is the kontostreng and kredit the motkonto, same selskap, bilagsserie and amount', () => {
    const { lines, blockers } = buildVoucher(base);
    expect(blockers).toEqual([]);
    expect(lines.map((l) => [l.side, l.konto, l.selskap, l.bilagsserie, l.debet, l.kredit])).toEqual([
      ['debet', '10500.7110.251', '1', 'L1', '1\u00a0250,50', null], // nb-NO groups with a no-break space
      ['kredit', '21500', '1', 'L1', null, '1\u00a0250,50'],
    ]);
  });

  it('when settings and the kontostreng are missing, then every reason is listed with a link and no lines are made', () => {
    const { lines, blockers } = buildVoucher({
      ...base,
      line: { art: '10500', ansvar: null, funksjon: null, kontostreng: null, problems: [{ message: 'Flakstad mangler ansvar.', fixHref: '/k/1859' }] },
      posting: { selskap: null, motkonto: '21500', bilagsserie: null },
    });
    expect(lines).toEqual([]);
    expect(blockers).toEqual([
      { message: 'Flakstad mangler ansvar.', href: '/k/1859' },
      { message: 'Mangler selskap og bilagsserie for lønn i Flakstad.', href: '/p#modul-lonn' },
    ]);
  });

  it('when the module is not in use or the kategori is for the other tiltakstype, then that is why', () => {
    const { blockers } = buildVoucher({ ...base, modul: 'okonomi', moduleStatus: 'ikke_i_bruk', itemTiltakstyper: ['utenfor_hjemmet'] });
    expect(blockers.map((b) => b.href)).toEqual(['/m', '/i']);
    expect(blockers[1]?.message).toContain('gjelder bare utenfor hjemmet');
  });

  it('when the item is for the other tiltakstype, then that is said once, as a sentence, without the matrix saying it again (#14 item 14)', () => {
    const { blockers } = buildVoucher({
      ...base,
      itemLabel: 'utbetalingskategorien «Barnehage»',
      tiltakstype: 'utenfor_hjemmet',
      itemTiltakstyper: ['i_hjemmet'],
      line: { art: '13500', ansvar: null, funksjon: null, kontostreng: null, problems: [{ message: 'Utbetalingskategori BHG Barnehage gjelder ikke tiltak utenfor hjemmet.', fixHref: '/i' }] },
    });
    expect(blockers).toEqual([
      {
        message: 'Utbetalingskategorien «Barnehage» gjelder bare i hjemmet (251), ikke utenfor hjemmet (252). Velg den andre tiltakstypen, eller endre tiltakstypen i registeret hvis den skal gjelde.',
        href: '/i',
      },
    ]);
  });

  it('when the AGA line has the same problems as the wage line, then each is listed once, and a message in lowercase starts with a capital', () => {
    const problems = [{ message: 'Flakstad har ikke fått et ansvar. Velg ansvar for kommunen.', fixHref: '/k/1859' }];
    const { blockers } = buildVoucher({
      ...base,
      line: { art: '10500', ansvar: null, funksjon: '251', kontostreng: null, problems },
      agaLine: { art: '10990', ansvar: null, funksjon: '251', kontostreng: null, problems: [...problems, { message: 'aGA-arten mangler.', fixHref: '/p#aga-art' }] },
    });
    expect(blockers.map((b) => b.message)).toEqual(['Flakstad har ikke fått et ansvar. Velg ansvar for kommunen.', 'AGA-arten mangler.']);
  });

  it('when the amount is negative (a refusjon or kreditering), then the kontostreng is credited and the motkonto debited, the AGA lines too, with a note', () => {
    const { lines, blockers, notes } = buildVoucher({
      ...base,
      amountOre: -125050,
      agaLine: { art: '10990', ansvar: '7110', funksjon: '251', kontostreng: '10990.7110.251', problems: [] },
    });
    expect(blockers).toEqual([]);
    expect(lines.map((l) => [l.side, l.konto, l.debet, l.kredit])).toEqual([
      ['kredit', '10500.7110.251', null, '1\u00a0250,50'],
      ['debet', '21500', '1\u00a0250,50', null],
      ['kredit', '10990.7110.251', null, 'AGA av beløpet'],
      ['debet', '21500', 'AGA av beløpet', null],
    ]);
    expect(notes[0]).toBe('Negativt beløp (refusjon eller kreditering): kontostrengen krediteres og motkontoen debiteres.');
  });

  it('when the kontoplan has balance accounts and the motkonto is a drift art or missing, then it cannot be posted', () => {
    expect(buildVoucher({ ...base, posting: { ...base.posting, motkonto: '10500' } }).blockers).toEqual([
      { message: 'Motkonto 10500 er en art i driftsregnskapet, ikke en balansekonto. Velg en balansekonto fra kontoplanen, f.eks. leverandørgjeld eller skyldig lønn.', href: '/p#modul-lonn' },
    ]);
    expect(buildVoucher({ ...base, posting: { ...base.posting, motkonto: '21990' } }).blockers[0]?.message).toContain('Motkonto 21990 finnes ikke i kontoplanen (versjon 1).');
  });

  it('when the kontoplan has no balance accounts (a barnevern extract), then the motkonto is posted with a note that only its format was checked', () => {
    const { lines, blockers, notes } = buildVoucher({ ...base, motkontoLookup: { versionNo: 1, arts: new Map([['10500', { aktiv: true, balanse: false }]]), hasBalanse: false } });
    expect(blockers).toEqual([]);
    expect(lines).toHaveLength(2);
    expect(notes).toEqual(['Kontoplanen har ingen balansekontoer, så motkonto 21500 er bare sjekket for format. Sjekk med regnskap at kontoen finnes i økonomisystemet.']);
  });
});
