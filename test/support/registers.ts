import type { Db } from '../../server/platform/db/database.ts';
import { insertRegisterVersion } from '../../server/registers/registers.writer.ts';
import type { KontoplanRecord } from '../../server/kontoplan/kontoplan.definition.ts';
import type { LonnsartRecord } from '../../server/lonnsarter/lonnsarter.definition.ts';
import type { UtbetalingskategoriRecord } from '../../server/utbetalingskategorier/utbetalingskategorier.definition.ts';

/** The demo kontoplan of ../shared/samples (Lofoten): one ansvar per kommune, funksjon 244/251/252. */
export function lofotenKontoplan(): KontoplanRecord[] {
  const k = (dimensjon: KontoplanRecord['dimensjon'], kode: string, navn: string, kostra: string | null = null): KontoplanRecord => ({
    dimensjon,
    kode,
    navn,
    aktiv: true,
    kostra,
    kontoklasse: dimensjon === 'art' ? 'drift' : null,
  });
  return [
    k('art', '10100', 'Fastlønn', '010'),
    k('art', '10500', 'Annen lønn og trekkpliktige godtgjørelser', '050'),
    k('art', '10510', 'Fosterhjem arbeidsgodtgjørelse', '050'),
    k('art', '10900', 'Pensjon', '090'),
    k('art', '10990', 'Arbeidsgiveravgift', '099'),
    k('art', '13500', 'Kjøp fra kommuner', '350'),
    k('art', '13700', 'Kjøp fra private', '370'),
    k('art', '14700', 'Overføring til private', '470'),
    k('art', '11600', 'Reiseutgifter', '160'),
    k('ansvar', '7100', 'Barnevern Vestvågøy'),
    k('ansvar', '7110', 'Barnevern Flakstad'),
    k('ansvar', '7120', 'Barnevern Moskenes'),
    k('ansvar', '7190', 'Barnevern felles'),
    k('funksjon', '244', 'Barnevernstjeneste', '244'),
    k('funksjon', '251', 'Barnevernstiltak når barnet ikke er plassert av barnevernet', '251'),
    k('funksjon', '252', 'Barnevernstiltak når barnet er plassert av barnevernet', '252'),
  ];
}

export function lofotenLonnsarter(): LonnsartRecord[] {
  return [
    {
      kode: '2010',
      navn: 'Fosterhjem arbeidsgodtgjørelse',
      art: '10510',
      skattepliktig: true,
      aga: true,
      feriepengegrunnlag: false,
      amelding_beskrivelse: 'kommunalOmsorgsloennOgFosterhjemsgodtgjoerelse',
      tiltakstype: 'utenfor_hjemmet',
      fordel: null,
    },
    {
      kode: '2020',
      navn: 'Fosterhjem utgiftsdekning',
      art: '14700',
      skattepliktig: false,
      aga: false,
      feriepengegrunnlag: false,
      amelding_beskrivelse: 'annet',
      tiltakstype: 'utenfor_hjemmet',
      fordel: null,
    },
    { kode: '2030', navn: 'Støttekontakt', art: '10500', skattepliktig: true, aga: true, feriepengegrunnlag: true, amelding_beskrivelse: null, tiltakstype: 'begge', fordel: null },
  ];
}

export function lofotenUtbetalingskategorier(): UtbetalingskategoriRecord[] {
  return [
    { kode: 'BHG', navn: 'Barnehage', art: '13500', tiltakstype: 'i_hjemmet' },
    { kode: 'FRI', navn: 'Fritidsaktiviteter', art: '14700', tiltakstype: 'begge' },
    { kode: 'INST', navn: 'Institusjon', art: '13700', tiltakstype: 'utenfor_hjemmet' },
  ];
}

/** Commits registers straight through the same writer the import uses (for tests of what builds on them). */
export async function seedRegisters(
  db: Db,
  tjenesteId: number,
  r: { kontoplan?: KontoplanRecord[]; lonnsarter?: LonnsartRecord[]; utbetalingskategorier?: UtbetalingskategoriRecord[] } = {
    kontoplan: lofotenKontoplan(),
    lonnsarter: lofotenLonnsarter(),
    utbetalingskategorier: lofotenUtbetalingskategorier(),
  },
) {
  await db.transaction().execute(async (trx) => {
    if (r.kontoplan) await insertRegisterVersion(trx, { tjenesteId, register: 'kontoplan', fileName: 'kontoplan.xlsx', counts: {}, warnings: [], createdBy: null }, r.kontoplan);
    if (r.lonnsarter) await insertRegisterVersion(trx, { tjenesteId, register: 'lonnsarter', fileName: 'lonnsarter.xlsx', counts: {}, warnings: [], createdBy: null }, r.lonnsarter);
    if (r.utbetalingskategorier)
      await insertRegisterVersion(trx, { tjenesteId, register: 'utbetalingskategorier', fileName: 'utbetalingskategorier.xlsx', counts: {}, warnings: [], createdBy: null }, r.utbetalingskategorier);
  });
}
