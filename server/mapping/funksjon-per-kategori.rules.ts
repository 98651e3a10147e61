import { tiltakstypeWord } from '../spreadsheet/labels.ts';
import type { Konto } from '../registers/current.ts';
import { kostraFunksjon } from '../reference/kostra.ts';
import { KOSTRA_FOR, type MatrixItem, type MatrixTiltakstype } from '../kodeverk/matrix.rules.ts';
import type { Confidence } from './mapping.rules.ts';

/**
 * Funksjon per kategori (#12 item 6): real plans split 251/252 into sub-funksjoner per tiltak (docs/domain.md: `25220
 * Fosterhjem`, `25180 besøkshjem/støttekontakt`), so a kategori or lønnsart may get its own funksjon per kommune and
 * tiltakstype over the kommune's default. Pure rules: the candidates, the proposal by name, the check of a choice.
 */

/** The active funksjoner whose KOSTRA part is the tiltakstype's (251 i hjemmet, 252 utenfor), in code order. */
export function candidateFunksjoner(funksjoner: readonly Konto[], tiltakstype: MatrixTiltakstype): Konto[] {
  const want = KOSTRA_FOR[tiltakstype];
  return funksjoner.filter((f) => f.aktiv && (f.kostra ?? kostraFunksjon(f.kode)) === want);
}

// Words that say nothing about which tiltak a name is about.
const STOP = new Set([
  'og',
  'i',
  'for',
  'til',
  'av',
  'med',
  'paa',
  'barn',
  'barnet',
  'barnevern',
  'barnevernet',
  'barnevernstiltak',
  'tiltak',
  'naar',
  'ikke',
  'er',
  'plassert',
  'hjemmet',
  'utenfor',
  'annet',
  'andre',
  'godtgjorelse',
  'arbeidsgodtgjorelse',
  'utgiftsdekning',
  'kommunal',
  'kommunalt',
  'tjeneste',
]);
const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/[øö]/g, 'o')
    .replace(/[åä]/g, 'a')
    .split(/[^a-z]+/)
    .filter((w) => w.length >= 3 && !STOP.has(w));

export interface FunksjonProposal {
  kode: string;
  navn: string;
  confidence: Exclude<Confidence, 'ingen'>;
  reason: string;
}

/**
 * A sub-funksjon for an item by name: `FOSTERHJEM` or «Fosterhjem arbeidsgodtgjørelse» → `25220 Fosterhjem`. Sure when
 * one candidate's name has a word the item's name or code has; unsure when the words only begin alike
 * («Fosterhjemsgodtgjørelse» / «Fosterhjem») or several candidates match. Null: none matches, the kommune's default stays.
 */
export function proposeFunksjon(item: Pick<MatrixItem, 'itemKode' | 'itemNavn'>, candidates: readonly Konto[], defaultFunksjon: string | null): FunksjonProposal | null {
  const own = new Set([...words(item.itemNavn), ...words(item.itemKode)]);
  if (own.size === 0) return null;
  const scored = candidates
    .filter((f) => f.kode !== defaultFunksjon)
    .map((f) => {
      const theirs = words(f.navn);
      const exact = theirs.find((w) => own.has(w));
      const near = exact ? undefined : theirs.find((w) => [...own].some((o) => w.length >= 5 && o.length >= 5 && (o.startsWith(w) || w.startsWith(o))));
      return { f, word: exact ?? near, score: exact ? 2 : near ? 1 : 0 };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.f.kode.localeCompare(b.f.kode, 'nb', { numeric: true }));
  const [best, next] = scored;
  if (!best) return null;
  const tie = next !== undefined && next.score === best.score;
  const why = `«${best.word}» står i navnet på funksjon ${best.f.kode} ${best.f.navn}`;
  return {
    kode: best.f.kode,
    navn: best.f.navn,
    confidence: best.score === 2 && !tie ? 'sikker' : 'usikker',
    reason: tie
      ? `${why}, men også i ${scored
          .filter((x) => x.score === best.score && x !== best)
          .map((x) => `${x.f.kode} ${x.f.navn}`)
          .join(', ')}. Velg selv.`
      : `${why}.`,
  };
}

/** What is wrong with a chosen funksjon for a tiltakstype, or null when it is fine. */
export function checkChosenFunksjon(funksjon: string, funksjoner: readonly Konto[], tiltakstype: MatrixTiltakstype): string | null {
  const f = funksjoner.find((x) => x.kode === funksjon);
  const want = KOSTRA_FOR[tiltakstype];
  if (!f) return `Funksjon ${funksjon} finnes ikke i kontoplanen. Velg en funksjon fra listen.`;
  if (!f.aktiv) return `Funksjon ${funksjon} er ikke aktiv i kontoplanen. Velg en aktiv funksjon.`;
  const kostra = f.kostra ?? kostraFunksjon(f.kode);
  if (kostra !== want) return `Funksjon ${funksjon} er KOSTRA ${kostra ?? 'ukjent'}, men tiltak ${tiltakstypeWord(tiltakstype)} skal føres på KOSTRA ${want}.`;
  return null;
}
