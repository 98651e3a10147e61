import { describe, expect, it } from 'vitest';
import { diffRegister } from '../../server/imports/import.diff.ts';
import type { KontoplanRecord } from '../../server/kontoplan/kontoplan.definition.ts';
import type { LonnsartRecord } from '../../server/lonnsarter/lonnsarter.definition.ts';
import type { UtbetalingskategoriRecord } from '../../server/utbetalingskategorier/utbetalingskategorier.definition.ts';

const k = (dimensjon: KontoplanRecord['dimensjon'], kode: string, navn: string, extra: Partial<KontoplanRecord> = {}): KontoplanRecord => ({
  dimensjon,
  kode,
  navn,
  aktiv: true,
  kostra: null,
  kontoklasse: null,
  ...extra,
});

describe('diffRegister', () => {
  it('when nothing changed, then everything is unchanged and row order does not matter', () => {
    const a = [k('art', '10100', 'Fastlønn'), k('ansvar', '7100', 'Vestvågøy')];
    const d = diffRegister('kontoplan', a, [...a].reverse());
    expect(d).toEqual({ added: [], removed: [], changed: [], unchanged: 2 });
  });

  it('when codes are added, removed and renamed, then each list names them, sorted numerically', () => {
    const before = [k('art', '10100', 'Fastlønn'), k('art', '9', 'Ni'), k('ansvar', '7190', 'Felles')];
    const after = [k('art', '10100', 'Fastlønn ansatte'), k('art', '9', 'Ni'), k('art', '100', 'Hundre'), k('art', '20', 'Tjue')];
    const d = diffRegister('kontoplan', before, after);
    expect(d.added.map((x) => x.label)).toEqual(['Art 20 Tjue', 'Art 100 Hundre']);
    expect(d.removed.map((x) => x.label)).toEqual(['Ansvar 7190 Felles']);
    expect(d.changed).toEqual([{ key: 'art:10100', label: 'Art 10100 Fastlønn ansatte', fields: [{ field: 'navn', label: 'Navn', before: 'Fastlønn', after: 'Fastlønn ansatte' }] }]);
    expect(d.unchanged).toBe(1);
  });

  it('when the same code exists in two dimensions, then they are different entries', () => {
    const d = diffRegister('kontoplan', [k('art', '244', 'A')], [k('funksjon', '244', 'A')]);
    expect(d.added.map((x) => x.key)).toEqual(['funksjon:244']);
    expect(d.removed.map((x) => x.key)).toEqual(['art:244']);
  });

  it('when a lønnsart flag changes, then the change names the field and shows Ja/Nei, and «ikke oppgitt» for unknown', () => {
    const l = (over: Partial<LonnsartRecord>): LonnsartRecord => ({
      kode: '2010',
      navn: 'Fosterhjem',
      art: '10510',
      skattepliktig: true,
      aga: true,
      feriepengegrunnlag: null,
      amelding_beskrivelse: null,
      tiltakstype: 'utenfor_hjemmet',
      fordel: null,
      ...over,
    });
    const d = diffRegister('lonnsarter', [l({})], [l({ aga: false, feriepengegrunnlag: false })]);
    expect(d.changed[0]?.fields).toEqual([
      { field: 'aga', label: 'AGA', before: 'Ja', after: 'Nei' },
      { field: 'feriepengegrunnlag', label: 'Feriepengegrunnlag', before: 'ikke oppgitt', after: 'Nei' },
    ]);
  });

  it('when a lønnsart gets a fordel, then the change shows the fordel in words, not its stored value', () => {
    const l = (fordel: LonnsartRecord['fordel']): LonnsartRecord => ({
      kode: '2010',
      navn: 'Fosterhjem',
      art: '10510',
      skattepliktig: true,
      aga: true,
      feriepengegrunnlag: true,
      amelding_beskrivelse: null,
      tiltakstype: 'utenfor_hjemmet',
      fordel,
    });
    const d = diffRegister('lonnsarter', [l(null)], [l('utgiftsgodtgjoerelse')]);
    expect(d.changed[0]?.fields).toEqual([{ field: 'fordel', label: 'Fordel', before: 'ikke oppgitt', after: 'Utgiftsgodtgjørelse' }]);
  });

  it('when a tiltakstype changes, then it reads «Tiltakstype: I hjemmet → Begge», not the stored codes (#14 item 9)', () => {
    const u = (tiltakstype: UtbetalingskategoriRecord['tiltakstype']): UtbetalingskategoriRecord => ({ kode: 'BHG', navn: 'Barnehage', art: '13500', tiltakstype });
    const d = diffRegister('utbetalingskategorier', [u('i_hjemmet')], [u('begge')]);
    expect(d.changed[0]?.fields).toEqual([{ field: 'tiltakstype', label: 'Tiltakstype', before: 'I hjemmet', after: 'Begge' }]);
  });

  it('when database rows carry extra columns (lopenr), then they do not count as changes', () => {
    const u: UtbetalingskategoriRecord = { kode: 'BHG', navn: 'Barnehage', art: '13500', tiltakstype: 'i_hjemmet' };
    const d = diffRegister('utbetalingskategorier', [{ ...u, lopenr: 7 } as UtbetalingskategoriRecord], [u]);
    expect(d.unchanged).toBe(1);
    expect(d.changed).toEqual([]);
  });

  it('when an utbetalingskategori has no code, then it is known by its name', () => {
    const u = (navn: string, art: string): UtbetalingskategoriRecord => ({ kode: null, navn, art, tiltakstype: 'begge' });
    const d = diffRegister('utbetalingskategorier', [u('Klær', '14700'), u('Reise', '11600')], [u('Klær', '13700'), u('Mat', '14700')]);
    expect(d.changed.map((x) => x.label)).toEqual(['Utbetalingskategori Klær']);
    expect(d.added.map((x) => x.label)).toEqual(['Utbetalingskategori Mat']);
    expect(d.removed.map((x) => x.label)).toEqual(['Utbetalingskategori Reise']);
  });
});
