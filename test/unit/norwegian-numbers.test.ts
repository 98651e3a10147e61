import { describe, expect, it } from 'vitest';
import { formatKontonummer, isValidKontonummer, isValidOrganisasjonsnummer, normalizeKontonummer, normalizeOrganisasjonsnummer } from '../../server/reference/norwegian-numbers.ts';
import { findKommune } from '../../server/reference/kommuner.ts';
import { setupSchema } from '../../server/tenancy/tenancy.schemas.ts';

// Test vectors from docs/domain.md, "Validation of Norwegian numbers".
describe('MOD11', () => {
  it.each(['12345678903', '12345678911', '12345678970', '1234.56.78903', '1234 56 78903'])('when kontonummer %s, then valid', (n) => {
    expect(isValidKontonummer(n)).toBe(true);
  });
  it.each(['12345678904', '12345678920', '12345678921', '12345678929', '1234567890', '1234567890a', ''])('when kontonummer %s, then invalid', (n) => {
    expect(isValidKontonummer(n)).toBe(false);
  });
  it.each(['123456785', '889640782', '983887457'])('when organisasjonsnummer %s, then valid', (n) => {
    expect(isValidOrganisasjonsnummer(n)).toBe(true);
  });
  it.each(['123456784', '12345678', '1234567851', 'abcdefghi'])('when organisasjonsnummer %s, then invalid', (n) => {
    expect(isValidOrganisasjonsnummer(n)).toBe(false);
  });
  it('when a kontonummer is formatted, then it reads 1234.56.78903', () => {
    expect(formatKontonummer('12345678903')).toBe('1234.56.78903');
  });
});

describe('kommunenummer', () => {
  it('when 1860, then Vestvågøy from the official list', () => {
    expect(findKommune('1860')?.navn).toBe('Vestvågøy');
  });
  it('when 9999 or 301 (missing zero is padded), then unknown resp. Oslo', () => {
    expect(findKommune('9999')).toBeUndefined();
    expect(findKommune('301')?.navn).toMatch(/^Oslo/);
  });
  it('when setup names an unknown kommune and an invalid orgnr, then both fields get a message', () => {
    const r = setupSchema.safeParse({
      navn: 'X',
      slug: 'x1',
      organisasjonsnummer: '123456784',
      regnskapsar: '2026',
      vertskommune: '9999',
      deltakerkommuner: [],
      admin_navn: 'A',
      admin_email: 'a@b.no',
      admin_passord: 'x'.repeat(12),
      admin_passord2: 'x'.repeat(12),
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path[0]);
    expect(paths).toContain('organisasjonsnummer');
    expect(paths).toContain('vertskommune');
  });
});

describe('normalisation before MOD11', () => {
  it('when the organisasjonsnummer is written as in the MVA register (NO945469277MVA, NO 945 469 277 MVA), then it is 945469277 and valid', () => {
    expect(normalizeOrganisasjonsnummer('NO945469277MVA')).toBe('945469277');
    expect(isValidOrganisasjonsnummer('NO 945 469 277 MVA')).toBe(true);
  });
  it('when the kontonummer is Norway’s IBAN form NO93 8601 1117 947, then it is 86011117947 and valid; a wrong IBAN check digit is not', () => {
    expect(normalizeKontonummer('NO93 8601 1117 947')).toBe('86011117947');
    expect(isValidKontonummer('NO93 8601 1117 947')).toBe(true);
    expect(isValidKontonummer('NO94 8601 1117 947')).toBe(false);
  });
  it('when every digit is zero (000000000, 00000000000), then it is refused though MOD11 gives check digit 0', () => {
    expect(isValidOrganisasjonsnummer('000000000')).toBe(false);
    expect(isValidKontonummer('00000000000')).toBe(false);
  });
});

describe('the tjeneste’s organisasjonsnummer field', () => {
  it('when it is NO945469277MVA, then 945469277 is stored; when 000000000, then it is refused with its own message', async () => {
    const { orgnrSchema } = await import('../../server/tenancy/tenancy.schemas.ts');
    expect(orgnrSchema.parse('NO945469277MVA')).toBe('945469277');
    const zeros = orgnrSchema.safeParse('000 000 000');
    expect(zeros.error?.issues.map((i) => i.message)).toEqual(['Organisasjonsnummer 000000000 er ikke et ekte nummer. Skriv tjenestens (vertskommunens) organisasjonsnummer.']);
  });
});

describe('regnskapsår', () => {
  it('when the year has no SSB lists (2027), then it is checked against 2026 and says so; 2023–2026 have their own', async () => {
    const { kostraListNote } = await import('../../server/reference/kostra.ts');
    const { regnskapsarChoices, defaultRegnskapsar } = await import('../../server/reference/regnskapsar.ts');
    expect(kostraListNote(2027)).toBe('SSB har ikke publisert KOSTRA-lister for 2027; kontrollert mot 2026.');
    expect([2023, 2024, 2025, 2026].map(kostraListNote)).toEqual([null, null, null, null]);
    expect(regnskapsarChoices(new Date('2026-12-01T12:00:00Z'))).toEqual([2023, 2024, 2025, 2026, 2027]);
    expect(defaultRegnskapsar(new Date('2031-06-01T12:00:00Z'))).toBe(2031);
  });
});
