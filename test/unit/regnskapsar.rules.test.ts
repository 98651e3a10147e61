import { describe, expect, it } from 'vitest';
import { kostraListChanges, rederiveKontoplan } from '../../server/regnskapsar/regnskapsar.rules.ts';
import type { KontoplanRecord } from '../../server/kontoplan/kontoplan.definition.ts';

const art = (kode: string, navn: string, kostra: string | null): KontoplanRecord => ({ dimensjon: 'art', kode, navn, aktiv: true, kostra, kontoklasse: 'drift' });
const plain = { artScheme: null, kontoklasser: null };

describe('the regnskapsår lifecycle (#12 item 9)', () => {
  it('when 2025 moves to 2026, then SSB’s art 270 expires (replaced by 271/272) and 271/272 appear', () => {
    const c = kostraListChanges(2025, 2026);
    expect(c.arter.expire.map((x) => [x.kode, x.replacedBy])).toEqual([['270', ['271', '272']]]);
    expect(c.arter.appear.map((x) => x.kode)).toEqual(['271', '272']);
    expect(c.funksjoner).toEqual({ expire: [], appear: [] });
  });

  it('when 2023 moves to 2024, then funksjon 254 expires and 257/258 appear; 2026 → 2027 has no list of its own and changes nothing', () => {
    const c = kostraListChanges(2023, 2024);
    expect(c.funksjoner.expire.map((x) => x.kode)).toEqual(['254']);
    expect(c.funksjoner.appear.map((x) => x.kode)).toEqual(['257', '258']);
    const next = kostraListChanges(2026, 2027);
    expect([next.fromList, next.toList]).toEqual([2026, 2026]);
    expect([...next.arter.expire, ...next.arter.appear, ...next.funksjoner.expire, ...next.funksjoner.appear]).toEqual([]);
  });

  it('when the kontoplan is derived again for 2026, then derived values follow the year, a value from the file’s KOSTRA column is kept, ansvar are untouched', () => {
    const records: KontoplanRecord[] = [
      art('12700', 'Andre tjenester', '270'), // derived for 2025: 270; gone in 2026
      art('12710', 'Andre tjenester, ny', null), // 271 is not valid before 2026
      art('12705', 'Kjøp fra kommuner (KOSTRA-kolonne)', '350'), // not what 12705 derives to: the file said so
      art('10100', 'Fastlønn', '010'),
      { dimensjon: 'ansvar', kode: '7100', navn: 'Barnevern', aktiv: true, kostra: null, kontoklasse: null },
    ];
    const r = rederiveKontoplan(records, 2025, 2026, plain);
    expect(r.changed).toEqual([
      { kode: '12700', navn: 'Andre tjenester', before: '270', after: null },
      { kode: '12710', navn: 'Andre tjenester, ny', before: null, after: '271' },
    ]);
    expect(r.records.map((x) => x.kostra)).toEqual([null, '271', '350', '010', null]);
    expect(r.issues.map((i) => [i.kode, i.code])).toEqual([['12700', 'kostra_art_utgatt']]);
    // and back again
    expect(rederiveKontoplan(r.records, 2026, 2025, plain).records.map((x) => x.kostra)).toEqual(['270', null, '350', '010', null]);
  });
});
