// SSB's KOSTRA control rules for a kontostreng in the driftsregnskap (statisticsnorway/kostra-kontrollprogram, rules for
// regnskapsår 2026, as listed in the project's domain notes). Every barnevern payment and wage line is drift, so each
// kontostreng the matrix makes is checked as a drift line, with the severity SSB's program gives the rule.
import { isKostraArtValidInDrift } from '../reference/kostra-drift.ts';

export type SsbSeverity = 'error' | 'warning' | 'info';
export interface SsbFinding {
  /** SSB's rule number, e.g. «025» */
  rule: string;
  severity: SsbSeverity;
  code: string;
  message: string;
}

export interface SsbKontostreng {
  /** the kommune's own art code, as the user knows it */
  art: string;
  /** its KOSTRA art (derived or explicit); null when none could be derived */
  kostraArt: string | null;
  funksjon: string;
  /** the funksjon's KOSTRA part; null when unknown */
  kostraFunksjon: string | null;
}

const artText = (k: SsbKontostreng) => (k.art === k.kostraArt ? `Art ${k.art}` : `Art ${k.art} (KOSTRA-art ${k.kostraArt})`);
const funksjonText = (k: SsbKontostreng) => (k.funksjon === k.kostraFunksjon ? `funksjon ${k.funksjon}` : `funksjon ${k.funksjon} (KOSTRA-funksjon ${k.kostraFunksjon ?? 'ukjent'})`);

/** The SSB rules one drift kontostreng breaks; empty when it passes them all. */
export function ssbDriftRules(k: SsbKontostreng): SsbFinding[] {
  const out: SsbFinding[] = [];
  const a = k.kostraArt;
  const f = k.kostraFunksjon;
  const add = (rule: string, severity: SsbSeverity, code: string, message: string) => out.push({ rule, severity, code, message: `SSB-kontroll ${rule}: ${message}` });
  if (a !== null) {
    if (!isKostraArtValidInDrift(a))
      add('025', 'error', 'ssb_025_art_ikke_drift', `${artText(k)} er ikke gyldig i driftsregnskapet. Barnevernets utbetalinger og lønn føres i drift – velg en driftsart.`);
    const n = Number(a);
    if (n >= 870 && n <= 879 && f !== '800')
      add(
        '075',
        'error',
        'ssb_075_skatt_rammetilskudd',
        `${artText(k)} (870–879: skatt, eiendomsskatt, rammetilskudd o.l.) kan bare føres på funksjon 800, ikke ${funksjonText(k)}. Velg en annen art.`,
      );
    if (a === '530' && f !== '880') add('070', 'error', 'ssb_070_art_530', `${artText(k)} kan bare føres på funksjon 880, ikke ${funksjonText(k)}. Velg en annen art.`);
    if (a === '800' && f !== '840') add('080', 'error', 'ssb_080_art_800', `${artText(k)} kan bare føres på funksjon 840, ikke ${funksjonText(k)}. Velg en annen art.`);
    if (['589', '980', '989'].includes(a) && f !== '899')
      add('065', 'error', 'ssb_065_art_899', `${artText(k)} (589, 980, 989) kan bare føres på funksjon 899, ikke ${funksjonText(k)}. Velg en annen art.`);
    if ((a === '520' || a === '920') && f !== null && !['281', '325', '701'].includes(f))
      add('035', 'warning', 'ssb_035_utlan', `${artText(k)} (520/920) føres i drift bare på funksjon 281, 325 eller 701, ikke ${funksjonText(k)}. Sjekk arten.`);
    if (a === '285' || a === '660') add('030', 'info', 'ssb_030_ulogisk_drift', `${artText(k)} (285/660) er ulogisk i driftsregnskapet. Sjekk at arten er riktig.`);
  }
  if (f === '899' && (a === null || !['589', '980', '989'].includes(a)))
    add('065', 'error', 'ssb_065_funksjon_899', `Funksjon 899 kan bare brukes med art 589, 980 eller 989, ikke art ${k.art}. Velg en annen funksjon.`);
  return out;
}
