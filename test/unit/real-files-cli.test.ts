import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../server/cli/validate.command.ts';

// The public municipal files of test/fixtures/real (its README says where each comes from and what a correct reading
// gives), read as a kontoplan through `kodeverk validate --json` for regnskapsår 2026.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const real = (name: string) => path.join(root, 'test/fixtures/real', name);

interface Rec {
  dimensjon: string;
  kode: string;
  navn: string;
  kostra: string | null;
  kontoklasse?: string | null;
}
interface Out {
  ok: boolean;
  counts: Record<string, number>;
  records: Rec[];
  errors: { code: string }[];
  warnings: { code: string; message: string }[];
  artScheme?: { scheme: string | null; message: string; total: number };
}

async function validate(file: string): Promise<{ code: number; json: Out }> {
  let stdout = '';
  const code = await validateCommand([real(file), '--register', 'kontoplan', '--json', '--regnskapsar', '2026'], { stdout: (s) => (stdout += s), stderr: () => {} });
  return { code, json: JSON.parse(stdout) as Out };
}
const find = (json: Out, dimensjon: string, kode: string) => json.records.find((r) => r.dimensjon === dimensjon && r.kode === kode);

describe('real kontoplaner through the CLI', () => {
  it('when Stavanger 2016 is read, then 263 arter, 550 ansvar (64 with letters) and 202 funksjoner, 5-digit arter with their KOSTRA art', async () => {
    const { code, json } = await validate('stavanger-budsjett-2016-drift.csv');
    expect(json.errors).toEqual([]);
    expect(code).toBe(0);
    expect(json.counts).toEqual({ art: 263, ansvar: 550, funksjon: 202 });
    expect(json.records.filter((r) => r.dimensjon === 'ansvar' && /[A-Za-z]/.test(r.kode))).toHaveLength(64);
    for (const kode of ['21122A', '30000S', '3000AS']) expect(find(json, 'ansvar', kode)).toMatchObject({ kostra: null });
    expect(json.artScheme).toMatchObject({ scheme: 'klasse5', total: 263 });
    expect(json.artScheme?.message).toMatch(/^\d+ av 263 arter passer med kontoklasse \+ KOSTRA-art \+ lokalt siffer\.$/);
    expect(find(json, 'art', '14719')).toMatchObject({ kostra: '470', kontoklasse: 'drift', navn: 'KLIENTUTGIFTER BARNEVERN' });
    expect(find(json, 'art', '16032')).toMatchObject({ kostra: '600', kontoklasse: 'drift' });
    expect(find(json, 'art', '13812')).toMatchObject({ kostra: '380', kontoklasse: 'drift' });
    expect(find(json, 'art', '10990')).toMatchObject({ kostra: '099', kontoklasse: 'drift' });
    for (const [kode, kostra] of [
      ['24410', '244'],
      ['25180', '251'],
      ['25185', '251'],
      ['25211', '252'],
      ['25220', '252'],
      ['25223', '252'],
    ])
      expect(find(json, 'funksjon', kode as string)).toMatchObject({ kostra });
    // each problem once per code, not per budget line
    const perCode = json.warnings.filter((w) => w.code === 'kostra_art_utgatt' || w.code === 'funksjon_ugyldig_kostra');
    expect(new Set(perCode.map((w) => w.message)).size).toBe(perCode.length);
    expect(json.warnings.some((w) => w.code === 'dobbel_rad')).toBe(false);
  });

  it('when Bergen 2013 is read, then 194 funksjoner whose first three digits are the KOSTRA funksjon, and expired ones are warnings', async () => {
    const { code, json } = await validate('bergen-budsjett-2013-drift.csv');
    expect(json.errors).toEqual([]);
    expect(code).toBe(0);
    expect(json.counts['funksjon']).toBe(194);
    for (const [kode, kostra] of [
      ['24410', '244'],
      ['25110', '251'],
      ['25210', '252'],
    ])
      expect(find(json, 'funksjon', kode as string)).toMatchObject({ kostra });
    const expired = json.warnings.filter((w) => w.code === 'funksjon_ugyldig_kostra');
    expect(expired.some((w) => w.message.includes('254 er utgått fra 2024'))).toBe(true);
    expect(expired.some((w) => w.message.includes('333 er ikke en KOSTRA-funksjon'))).toBe(true);
  });

  it('when Førde 2013 is read, then 75 arter in the 4-digit scheme, the zeros Excel ate restored with a warning, and 52 funksjoner', async () => {
    const { code, json } = await validate('forde-budsjett-2013-investering.csv');
    expect(json.errors).toEqual([]);
    expect(code).toBe(0);
    expect(json.counts).toMatchObject({ art: 75, funksjon: 52 });
    expect(json.artScheme).toMatchObject({ scheme: 'art4', total: 75 });
    expect(find(json, 'art', '1954')).toMatchObject({ navn: 'Gebyr', kostra: '195' });
    expect(find(json, 'art', '2800')).toMatchObject({ navn: 'Grunnerverv', kostra: '280' });
    expect(find(json, 'art', '1600')).toMatchObject({ kostra: '160' });
    expect(find(json, 'art', '0100')).toMatchObject({ navn: 'Fast løn', kostra: '010' });
    expect(find(json, 'art', '0990')).toMatchObject({ navn: 'Arbeidsgjevaravgift', kostra: '099' });
    expect(find(json, 'art', '100')).toBeUndefined();
    const restored = json.warnings.filter((w) => w.code === 'ledende_null_lagt_til').map((w) => w.message);
    expect(restored).toContainEqual(expect.stringContaining('Art 100 er lest som 0100'));
    expect(restored).toContainEqual(expect.stringContaining('Art 990 er lest som 0990'));
  });

  it('when the SAF-T KA_K list is read, then 160 codes: 116 KOSTRA arter with their names and 44 balance kapitler, 2-digit ones kept as they are', async () => {
    const { code, json } = await validate('saft-kostra-arter-kommuner-2025-2026.csv');
    expect(json.errors).toEqual([]);
    expect(code).toBe(0);
    expect(json.counts['art']).toBe(160);
    const arter = json.records.filter((r) => r.kontoklasse !== 'balanse');
    const kapitler = json.records.filter((r) => r.kontoklasse === 'balanse');
    expect(arter).toHaveLength(116);
    expect(kapitler).toHaveLength(44);
    expect(find(json, 'art', '35')).toMatchObject({ navn: 'Leverandørgjeld', kostra: '35', kontoklasse: 'balanse' });
    expect(find(json, 'art', '10')).toMatchObject({ kostra: '10', kontoklasse: 'balanse' });
    expect(find(json, 'art', '5900')).toMatchObject({ kostra: '5900', kontoklasse: 'balanse' });
    expect(find(json, 'art', '271')).toMatchObject({ kostra: '271' });
    expect(find(json, 'art', '035')).toBeUndefined();
    expect(json.warnings.filter((w) => w.code.startsWith('ledende_null'))).toEqual([]);
  });
});
