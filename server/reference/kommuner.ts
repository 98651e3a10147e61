import { loadReferenceRows } from './reference-csv.ts';

export interface Kommune {
  kommunenummer: string;
  navn: string;
  fylkesnummer: string;
  fylkesnavn: string;
  /** «Bodø (Nordland)», but «Herøy (Nordland)» once: SSB already names the fylke where two kommuner share a name */
  navnMedFylke: string;
}

// SSB Klass 131, 2024–2026 (committed copy, see the CSV's source line).
const all: readonly Kommune[] = Object.freeze(
  loadReferenceRows('kommuner.csv').map((r) => ({
    kommunenummer: r.kommunenummer ?? '',
    navn: r.kommunenavn ?? '',
    fylkesnummer: r.fylkesnummer ?? '',
    fylkesnavn: r.fylkesnavn ?? '',
    navnMedFylke: (r.kommunenavn ?? '').includes('(') ? (r.kommunenavn ?? '') : `${r.kommunenavn ?? ''} (${r.fylkesnavn ?? ''})`,
  })),
);
const byNummer = new Map(all.map((k) => [k.kommunenummer, k]));

export function allKommuner(): readonly Kommune[] {
  return all;
}

export function findKommune(kommunenummer: string): Kommune | undefined {
  return byNummer.get(kommunenummer.trim().padStart(4, '0'));
}
