import { describe, expect, it } from 'vitest';
import {
  autopayGaps,
  describeGaps,
  effectivePosting,
  emptyPosting,
  isBalanseKode,
  motkontoCheck,
  postingCompleteness,
  type ModulePosting,
  type MotkontoLookup,
} from '../../server/settings/settings.rules.ts';

const lookup = (codes: string[], inactive: string[] = []): MotkontoLookup => {
  const arts = new Map(codes.map((k) => [k, { aktiv: !inactive.includes(k), balanse: isBalanseKode(k) }]));
  return { versionNo: 2, arts, hasBalanse: [...arts.values()].some((a) => a.balanse) };
};
import { autopaySchema, modulePostingSchema } from '../../server/settings/settings.schemas.ts';

const kommuner = [
  { kommunenummer: '1860', navn: 'Vestvågøy' },
  { kommunenummer: '1859', navn: 'Flakstad' },
  { kommunenummer: '1874', navn: 'Moskenes' },
];

describe('effective posting values (default versus per-kommune override)', () => {
  const module: ModulePosting = {
    standard: { selskap: '1', motkonto: '21500', bilagsserie: 'L1' },
    kommuner: { '1859': { selskap: '2', motkonto: null, bilagsserie: null }, '1874': { selskap: null, motkonto: null, bilagsserie: 'M9' } },
  };

  it('when a kommune has no override, then it gets the default', () => {
    expect(effectivePosting(module, '1860')).toEqual({ selskap: '1', motkonto: '21500', bilagsserie: 'L1' });
  });

  it('when a kommune overrides one field, then only that field differs', () => {
    expect(effectivePosting(module, '1859')).toEqual({ selskap: '2', motkonto: '21500', bilagsserie: 'L1' });
    expect(effectivePosting(module, '1874')).toEqual({ selskap: '1', motkonto: '21500', bilagsserie: 'M9' });
  });

  it('when the default is empty but a kommune has its own value, then only that kommune has one', () => {
    const m: ModulePosting = { standard: emptyPosting(), kommuner: { '1859': { selskap: 'X', motkonto: null, bilagsserie: null } } };
    expect(effectivePosting(m, '1859').selskap).toBe('X');
    expect(effectivePosting(m, '1860').selskap).toBeNull();
  });
});

describe('posting completeness', () => {
  it('when every kommune has all three values, then the module is complete', () => {
    const c = postingCompleteness({ standard: { selskap: '1', motkonto: '21500', bilagsserie: 'L' }, kommuner: {} }, kommuner, lookup(['14700', '21500']));
    expect(c.complete).toBe(true);
  });

  it('when motkonto is missing for two kommuner, then the gaps name them', () => {
    const m: ModulePosting = { standard: { selskap: '1', motkonto: null, bilagsserie: 'L' }, kommuner: { '1860': { selskap: null, motkonto: '14700', bilagsserie: null } } };
    const c = postingCompleteness(m, kommuner, null);
    expect(c.complete).toBe(false);
    expect(describeGaps(c, kommuner.length)).toEqual(['Mangler motkonto for Flakstad, Moskenes.']);
  });

  it('when nothing is set, then the message says «alle kommuner»', () => {
    const c = postingCompleteness({ standard: emptyPosting(), kommuner: {} }, kommuner, null);
    expect(describeGaps(c, 3)).toEqual(['Mangler selskap for alle kommuner.', 'Mangler motkonto for alle kommuner.', 'Mangler bilagsserie for alle kommuner.']);
  });

  it('when the motkonto is no longer in a re-imported kontoplan with balance accounts, then it is not complete', () => {
    const c = postingCompleteness({ standard: { selskap: '1', motkonto: '21990', bilagsserie: 'L' }, kommuner: {} }, kommuner, lookup(['14700', '21500']));
    expect(c.complete).toBe(false);
    expect(describeGaps(c, 3)[0]).toContain('Vestvågøy: Motkonto 21990 finnes ikke i kontoplanen');
  });

  it('when the kontoplan has no balance accounts, then a motkonto is complete by format and carries one note', () => {
    const c = postingCompleteness({ standard: { selskap: '1', motkonto: '21500', bilagsserie: 'L' }, kommuner: {} }, kommuner, lookup(['14700']));
    expect(c.complete).toBe(true);
    expect(c.motkontoNotes).toEqual(['Kontoplanen har ingen balansekontoer, så motkonto 21500 er bare sjekket for format. Sjekk med regnskap at kontoen finnes i økonomisystemet.']);
  });
});

describe('motkonto is a balance account', () => {
  it('when the plan holds 2xxxx accounts, then a drift art (14700) is refused and a balance account (21500) accepted', () => {
    expect(motkontoCheck('14700', lookup(['14700', '21500'])).error).toContain('er en art i driftsregnskapet, ikke en balansekonto');
    expect(motkontoCheck('21500', lookup(['14700', '21500']))).toEqual({ error: null, note: null });
  });
  it('when 2xxx has four digits, then it is KOSTRA art 2xx plus a local digit, not a balance account', () => {
    expect(isBalanseKode('2300')).toBe(false);
    expect(isBalanseKode('21500')).toBe(true);
  });
  it('when the motkonto is an inactive account, then it is refused whether or not the plan has balance accounts', () => {
    expect(motkontoCheck('12700', lookup(['12700'], ['12700'])).error).toContain('inaktiv');
  });
});

describe('form rules', () => {
  it('when a motkonto is an inactive art, then it is refused; when it is active, accepted', () => {
    const schema = modulePostingSchema('okonomi', ['1860'], lookup(['14700', '12700'], ['12700']));
    const bad = schema.safeParse({ okonomi_standard_motkonto: '12700' });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('inaktiv');
    const ok = schema.safeParse({ okonomi_standard_motkonto: ' 14700 ', okonomi_k1860_selskap: '' });
    expect(ok.data?.standard.motkonto).toBe('14700');
    expect(ok.data?.kommuner['1860']).toEqual({ selskap: null, motkonto: null, bilagsserie: null });
  });

  it.each(['12345678903', '12345678911', '12345678970', '1234.56.78903', 'NO93 8601 1117 947', 'NO9386011117947'])(
    'when the Autopay account is %s, then MOD11 accepts it (an IBAN after normalisation)',
    (k) => {
      expect(autopaySchema.safeParse({ avtale: 'ja', kontonummer: k, godkjenning: 'nei' }).success).toBe(true);
    },
  );
  it('when the Autopay account is an IBAN, then the kontonummer inside it is stored', () => {
    expect(autopaySchema.parse({ avtale: 'ja', kontonummer: 'NO93 8601 1117 947', godkjenning: 'nei' }).kontonummer).toBe('86011117947');
  });
  it.each(['12345678904', '00000000000', 'NO94 8601 1117 947', ...Array.from({ length: 10 }, (_, i) => `1234567892${i}`)])('when the Autopay account is %s, then it is refused', (k) => {
    expect(autopaySchema.safeParse({ avtale: 'ja', kontonummer: k, godkjenning: 'nei' }).success).toBe(false);
  });
});

describe('Autopay gaps', () => {
  it('when undecided, then that is the only gap; when «nei», nothing more is needed', () => {
    expect(autopayGaps({ avtale: 'ikke_avklart', kontonummer: null, godkjenning: 'ikke_avklart', antallGodkjennere: null, avtalereferanse: null })).toHaveLength(1);
    expect(autopayGaps({ avtale: 'nei', kontonummer: null, godkjenning: 'ikke_avklart', antallGodkjennere: null, avtalereferanse: null })).toEqual([]);
  });
  it('when «ja» with approval but no account or approvers, then both are listed', () => {
    const g = autopayGaps({ avtale: 'ja', kontonummer: null, godkjenning: 'ja', antallGodkjennere: null, avtalereferanse: null });
    expect(g).toEqual(['Mangler bankkontoen barneverntjenesten betaler fra.', 'Mangler antall godkjennere (1 eller 2).']);
  });
});
