import { describe, expect, it } from 'vitest';
import { describeChanges, mentionsKommune, proposeAnsvar, proposeFunksjon, proposeMapping } from '../../server/mapping/mapping.rules.ts';
import { approvalContent, approvalHash, diffApproval } from '../../server/kodeverk/approval.rules.ts';
import type { Konto } from '../../server/registers/current.ts';
import type { MatrixLine } from '../../server/kodeverk/matrix.rules.ts';

const konto = (kode: string, navn: string, kostra: string | null = null, aktiv = true): Konto => ({ kode, navn, aktiv, kostra, kontoklasse: null });
const vest = { kommunenummer: '1860', navn: 'Vestvågøy' };
const flak = { kommunenummer: '1859', navn: 'Flakstad' };
const mosk = { kommunenummer: '1874', navn: 'Moskenes' };
const kommuner = [vest, flak, mosk];

describe('mapping proposals', () => {
  it('when one ansvar names the kommune, then it is proposed as sikker', () => {
    const p = proposeAnsvar(flak, [konto('7100', 'Barnevern Vestvågøy'), konto('7110', 'Barnevern FLAKSTAD'), konto('7190', 'Felles')]);
    expect(p).toMatchObject({ kode: '7110', confidence: 'sikker' });
  });

  it('when no ansvar names the kommune, or only an inactive one, then there is no proposal and the reason says so', () => {
    const p = proposeAnsvar(mosk, [konto('7100', 'Barnevern Vestvågøy'), konto('7120', 'Barnevern Moskenes', null, false)]);
    expect(p).toEqual({ kode: null, confidence: 'ingen', reason: 'Ingen aktive ansvar har «Moskenes» i navnet. Velg ansvaret selv.' });
  });

  it('when two ansvar name the kommune and neither speaks of barnevern, then the first is proposed as usikker', () => {
    expect(proposeAnsvar(vest, [konto('7101', 'Vestvågøy drift'), konto('6100', 'Vestvågøy kulturhus')])).toMatchObject({ kode: '7101', confidence: 'usikker' });
  });

  it('when one of two ansvar naming the kommune speaks of barnevern, then that one is proposed as sikker (#12 item 2)', () => {
    expect(proposeAnsvar(vest, [konto('7101', 'Vestvågøy drift'), konto('7100', 'Barnevern Vestvågøy')])).toMatchObject({ kode: '7100', confidence: 'sikker' });
  });

  it('when the kontoplan has one 251/252 funksjon per kommune (2511/2512), then each kommune gets the one naming it', () => {
    const funksjoner = [
      konto('2511', '251 Vestvågøy', '251'),
      konto('2512', '251 Flakstad', '251'),
      konto('2513', '251 Moskenes', '251'),
      konto('2521', '252 Vestvågøy', '252'),
      konto('2522', '252 Flakstad', '252'),
      konto('2523', '252 Moskenes', '252'),
      konto('244', 'Barnevernstjeneste', '244'),
    ];
    const p = proposeMapping(flak, kommuner, { ansvar: [konto('7110', 'Barnevern Flakstad')], funksjon: funksjoner });
    expect([p.ansvar.kode, p.funksjonIHjemmet.kode, p.funksjonUtenforHjemmet.kode, p.funksjonAdministrasjon.kode]).toEqual(['7110', '2512', '2522', '244']);
    expect([p.funksjonIHjemmet.confidence, p.funksjonUtenforHjemmet.confidence, p.funksjonAdministrasjon.confidence]).toEqual(['sikker', 'sikker', 'sikker']);
  });

  it('when only other kommuner have their own funksjon and a shared one exists, then the shared one is usikker', () => {
    const p = proposeFunksjon('funksjonIHjemmet', mosk, kommuner, [konto('2511', 'Tiltak Vestvågøy', '251'), konto('2510', 'Tiltak felles', '251')]);
    expect(p).toMatchObject({ kode: '2510', confidence: 'usikker' });
  });

  it('when every funksjon of the KOSTRA part names another kommune, or none exists, then there is no proposal', () => {
    expect(proposeFunksjon('funksjonIHjemmet', mosk, kommuner, [konto('2511', 'Tiltak Vestvågøy', '251')]).confidence).toBe('ingen');
    expect(proposeFunksjon('funksjonAdministrasjon', mosk, kommuner, [konto('251', 'x', '251')])).toMatchObject({ kode: null, confidence: 'ingen' });
  });

  it('when a name contains the kommune only as part of a word, then it does not count', () => {
    expect(mentionsKommune('Vestvågøyveien drift', vest)).toBe(false);
    expect(mentionsKommune('Ansvar 1860', vest)).toBe(true);
  });

  it('when two mappings differ, then the changes are listed field by field', () => {
    const a = { ansvar: '7110', funksjonIHjemmet: '251', funksjonUtenforHjemmet: '252', funksjonAdministrasjon: null };
    expect(describeChanges(a, { ...a, ansvar: '7190', funksjonAdministrasjon: '244' })).toEqual(['Ansvar: 7110 → 7190', 'Funksjon for administrasjon (244): (ingen) → 244']);
  });
});

describe('approval content', () => {
  const line = (itemKode: string, kontostreng: string): MatrixLine => ({
    itemType: 'lonnsart',
    itemKode,
    itemNavn: itemKode,
    kommunenummer: '1859',
    kommuneNavn: 'Flakstad',
    tiltakstype: 'i_hjemmet',
    art: '10500',
    ansvar: '7110',
    funksjon: '251',
    kontostreng,
    problems: [],
    warnings: [],
    notes: [],
  });
  const mapping = { ansvar: '7110', funksjonIHjemmet: '251', funksjonUtenforHjemmet: '252', funksjonAdministrasjon: null };
  const names = { ansvar: 'Barnevern Flakstad', funksjoner: {} };

  it('when the same content comes in another order, then the hash is the same; when a kontostreng changes, then it differs and the diff shows it', () => {
    const a = approvalContent('1859', mapping, names, [line('1', '10500.7110.251'), line('2', '14700.7110.251')], { x: 1 });
    const b = approvalContent('1859', mapping, names, [line('2', '14700.7110.251'), line('1', '10500.7110.251')], { x: 1 });
    expect(approvalHash(a)).toBe(approvalHash(b));
    const c = approvalContent('1859', mapping, names, [line('1', '10500.7190.251'), line('3', '10500.7110.251')], { x: 2 });
    expect(approvalHash(c)).not.toBe(approvalHash(a));
    const d = diffApproval(a, c);
    expect(d.added.map((x) => x.itemKode)).toEqual(['3']);
    expect(d.removed.map((x) => x.itemKode)).toEqual(['2']);
    expect(d.changed.map((x) => [x.before.kontostreng, x.after.kontostreng])).toEqual([['10500.7110.251', '10500.7190.251']]);
    expect(d.settingsChanged).toBe(true);
  });
});

/**
 * A whole vertskommune's kontoplan like docs/domain.md's interkommunal example: hundreds of ansvar, many naming the
 * kommune (its resource centre before the service in number), the service's own ansvar and one tiltak ansvar per kommune.
 */
function sogndalPlan(tiltak: (kommune: string) => string): Konto[] {
  const places = ['rådhus', 'ressurssenter', 'skule', 'kulturhus', 'helsestasjon', 'sjukeheim', 'bibliotek', 'idrettshall', 'brannvesen', 'hamn'];
  const filler = Array.from({ length: 300 }, (_, i) => konto(String(100 + i), i % 3 === 0 ? `Sogndal ${places[i % places.length]} ${i}` : `Drift ${i}`));
  return [
    konto('210', 'Sogndal ressurssenter'),
    ...filler.filter((k) => k.kode !== '210' && !['471', '472', '473'].includes(k.kode)),
    konto('471', 'Sogn barnevern'),
    konto('472', tiltak('Sogndal')),
    konto('473', tiltak('Luster')),
  ];
}
const sogndal = { kommunenummer: '4640', navn: 'Sogndal', er_vertskommune: true };
const luster = { kommunenummer: '4644', navn: 'Luster', er_vertskommune: false };
const sogn = [sogndal, luster];

describe('proposals on a whole kommune kontoplan (#12 item 2)', () => {
  it('when the vertskommune has a tiltak ansvar in the service, then it gets that one as sikker, not its resource centre', () => {
    const plan = sogndalPlan((k) => `Sogn barnevern Tiltak ${k}`);
    // without the service rules the first ansvar naming Sogndal would win
    expect(plan.find((a) => mentionsKommune(a.navn, sogndal))?.kode).toBe('210');
    expect(proposeAnsvar(sogndal, plan, { kommuner: sogn, tjenesteNavn: 'Sogn barnevern' })).toEqual({
      kode: '472',
      confidence: 'sikker',
      reason: 'Ansvar 472 er barnevernets tiltaksansvar for Sogndal.',
    });
    expect(proposeAnsvar(luster, plan, { kommuner: sogn })).toMatchObject({ kode: '473', confidence: 'sikker' });
  });

  it('when the tiltak ansvar names neither barnevern nor the tjeneste but sits beside the service ansvar in number, then it still belongs to the service', () => {
    const plan = sogndalPlan((k) => `Tiltak ${k}`);
    expect(proposeAnsvar(sogndal, plan, { kommuner: sogn })).toMatchObject({ kode: '472', confidence: 'sikker' });
  });

  it('when the tiltak ansvar carries the tjeneste’s own word, then it belongs to the service', () => {
    const plan = sogndalPlan((k) => `Sogn tenester tiltak ${k}`).map((a) => (a.kode === '471' ? { ...a, kode: '900' } : a));
    expect(proposeAnsvar(sogndal, plan, { kommuner: sogn, tjenesteNavn: 'Sogn barnevern' })).toMatchObject({ kode: '472', confidence: 'sikker' });
  });

  it('when no ansvar of the service names the vertskommune, then the service’s own ansvar is proposed as usikker before any that merely mentions the kommune', () => {
    const plan = sogndalPlan(() => 'x').filter((a) => a.kode !== '472' && a.kode !== '473');
    const p = proposeAnsvar(sogndal, plan, { kommuner: sogn });
    expect(p).toMatchObject({ kode: '471', confidence: 'usikker' });
    expect(p.reason).toContain('Ingen ansvar for barnevernet nevner Sogndal; ansvar 471 hører til barnevernet');
    // a participant never gets the service's own ansvar (one ansvar per kommune): only a guess by name, said as such
    expect(proposeAnsvar(luster, [...plan, konto('650', 'Luster kyrkjeleg fellesråd')], { kommuner: sogn })).toMatchObject({ kode: '650', confidence: 'usikker' });
  });

  it('when the service has a tiltak and an administration ansvar naming the kommune, then the tiltak one is sikker', () => {
    const p = proposeAnsvar(sogndal, [konto('470', 'Barnevern Sogndal administrasjon'), konto('472', 'Barnevern Sogndal tiltak')], { kommuner: sogn });
    expect(p).toMatchObject({ kode: '472', confidence: 'sikker' });
  });
});
