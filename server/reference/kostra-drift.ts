import { loadReferenceRows } from './reference-csv.ts';

let notInDrift: ReadonlySet<string> | undefined;

/**
 * KOSTRA arter SSB does not accept in the driftsregnskap: `gyldig_drift = nei` in kostra_arter.csv (SSB's control
 * program, rule 025). An art missing from the list (e.g. 270 before 2026) is not called invalid here: other checks
 * say whether it exists for the year.
 */
export function isKostraArtValidInDrift(kostraArt: string): boolean {
  notInDrift ??= new Set(
    loadReferenceRows('kostra_arter.csv')
      .filter((r) => (r['gyldig_drift'] ?? '').toLowerCase() === 'nei')
      .map((r) => r['kode'] ?? ''),
  );
  return !notInDrift.has(kostraArt);
}
