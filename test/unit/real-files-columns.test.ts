import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../server/cli/validate.command.ts';

// The public files in test/fixtures/real (sources in its README.md): every code and name column is recognised,
// every other column is reported as unused, and no repeated budget line becomes a warning of its own.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const real = (name: string) => path.join(root, 'test/fixtures/real', name);

interface Json {
  columns: { sheet: string; column: string; header: string; field: string | null }[];
  warnings: { code: string }[];
  notes: { code: string; message: string }[];
  counts: Record<string, number>;
}

async function validate(file: string): Promise<Json> {
  let out = '';
  await validateCommand([real(file), '--register', 'kontoplan', '--regnskapsar', '2026', '--json'], { stdout: (s) => (out += s), stderr: (s) => (out += s) });
  return JSON.parse(out) as Json;
}

const fields = (j: Json) => Object.fromEntries(j.columns.map((c) => [c.header, c.field]));

describe('real files: every column is read or reported', () => {
  it('Stavanger 2016: art/art_tekst, ansvar/ansvar_tekst and tjeneste_nr/tjeneste_tekst are read; the six other columns are unused', async () => {
    const j = await validate('stavanger-budsjett-2016-drift.csv');
    expect(fields(j)).toEqual({
      virksomhetsomraade: null,
      art: 'art',
      art_tekst: 'art_navn',
      ansvar: 'ansvar',
      ansvar_tekst: 'ansvar_navn',
      tjeneste_nr: 'funksjon',
      tjeneste_tekst: 'funksjon_navn',
      prosjekt: null,
      prosjekt_tekst: null,
      fri_dim: null,
      fri_dim_tekst: null,
      beloep: null,
    });
    expect(j.warnings.filter((w) => w.code === 'dobbel_rad')).toEqual([]);
    expect(j.notes.filter((n) => n.code === 'samme_kode_flere_rader')).toHaveLength(3);
  });

  it('Bergen 2013: avdeling/avdeling-tekst is the ansvar and tjeneste/tjeneste-tekst the funksjon; the year columns and the rest are unused', async () => {
    const j = await validate('bergen-budsjett-2013-drift.csv');
    expect(fields(j)).toEqual({
      avdeling: 'ansvar',
      'avdeling-tekst': 'ansvar_navn',
      'inntekt-utgift': null,
      tjomr: null,
      'tjenesteomraade-tekst': null,
      tjeneste: 'funksjon',
      'tjeneste-tekst': 'funksjon_navn',
      endrgr: null,
      'endrgr-tekst': null,
      tekst: null,
      '2013': null,
      '2014': null,
      '2015': null,
      '2016': null,
    });
    expect(j.warnings.filter((w) => w.code === 'dobbel_rad')).toEqual([]);
  });

  it('Førde 2013 (nynorsk): teneste/teneste_tekst is the funksjon and konto/konto_tekst the art; prosjekt and the amounts are unused', async () => {
    const j = await validate('forde-budsjett-2013-investering.csv');
    expect(fields(j)).toEqual({
      prosjekt: null,
      prosjekt_tekst: null,
      teneste: 'funksjon',
      teneste_tekst: 'funksjon_navn',
      konto: 'art',
      konto_tekst: 'art_navn',
      rekneskap_2011: null,
      budsjett_2012: null,
      budsjett_2013: null,
    });
    expect(j.counts['art']).toBeGreaterThan(0);
    expect(j.warnings.filter((w) => w.code === 'dobbel_rad')).toEqual([]);
  });

  it('SAF-T KA_K: GroupingCode/CodeDescriptionNOB are read as a list of arter; the category columns are unused', async () => {
    const j = await validate('saft-kostra-arter-kommuner-2025-2026.csv');
    expect(fields(j)).toEqual({ GroupingCategory: null, CategoryDescriptionNOB: null, GroupingCode: 'kode', CodeDescriptionNOB: 'navn' });
    expect(j.counts['art']).toBeGreaterThan(100);
  });
});
