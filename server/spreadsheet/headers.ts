/**
 * Forgiving header matching: case, spaces, punctuation and æøå (æ→ae, ø→o, å→a) do not matter; words are matched
 * as tokens, so `art_tekst`, `Art-tekst`, `Art (T)` and `Art navn` all name the name column of the art, and
 * nynorsk spellings (Teneste, Namn, Løn, Arbeidsgjevaravgift) read as their bokmål words.
 *
 * Each match has a strength, so the engine can tell a sure match from a guess: two columns that match one field
 * equally well are asked about (column mapping), never picked between.
 */

export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/[øö]/g, 'o')
    .replace(/[åä]/g, 'a')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]/g, '');
}

/** How sure a header match is: the user's own choice, an alias (possibly with a code/text suffix), a word stem. */
export const STRENGTH = { mapped: 4, alias: 3, stem: 1 } as const;

export interface HeaderMatch {
  field: string;
  strength: number;
}

/**
 * What a register's headers may say. `aliases`: whole headers, folded; `stems`: the start of one word of the
 * header (weaker: «Funksjonsområde», «Arbeidsgiveravgift (ja/nei)»); `textOf`: the name field of a code field,
 * for headers that add «tekst», «navn» or «(T)» to a code column's name.
 */
export interface HeaderVocabulary {
  aliases: Record<string, readonly string[]>;
  stems?: Record<string, readonly string[]>;
  textOf?: Record<string, string>;
}

const TEXT_SUFFIX = /\(\s*t\s*\)\s*$/i;
/** words that turn a code column's header into its name column's header (art_tekst, Ansvar navn, CodeDescription) */
const TEXT_WORDS = new Set(['tekst', 'txt', 'navn', 'beskrivelse', 'betegnelse', 'benevnelse', 'description', 'name']);
/** words that say «the code of» (tjeneste_nr, Art kode, Lønnsart nummer) */
const CODE_WORDS = new Set(['nr', 'no', 'nummer', 'kode', 'code', 'id', 'num']);

/** Nynorsk and other spellings of the words headers are made of, to their bokmål form. */
function normalizeWord(word: string): string {
  return word
    .replace(/^teneste/, 'tjeneste')
    .replace(/namn$/, 'navn')
    .replace(/^lon(?=s?art)/, 'lonn')
    .replace(/^lonnart/, 'lonnsart')
    .replace(/^los(?=art)/, 'lonns')
    .replace(/arbeidsgjevar/, 'arbeidsgiver')
    .replace(/feriepengar/, 'feriepenger')
    .replace(/skuldig/, 'skyldig')
    .replace(/^rekneskap/, 'regnskap');
}

/** The header split into folded words: on spaces and punctuation, and between a lower-case and an upper-case letter (SAF-T's «GroupingCode»). */
export function headerWords(text: string): string[] {
  return text
    .replace(/([a-zæøå])([A-ZÆØÅ])/g, '$1 $2')
    .split(/[^A-Za-zÆØÅæøåÄÖäöÉéÈè0-9]+/)
    .map((w) => normalizeWord(foldText(w)))
    .filter((w) => w !== '');
}

/** Builds a lookup from folded alias to field. */
function aliasTable(entries: Record<string, readonly string[]>): Map<string, string> {
  const table = new Map<string, string>();
  for (const [field, aliases] of Object.entries(entries)) for (const alias of aliases) table.set(normalizeWord(foldText(alias)), field);
  return table;
}

/** A header → field matcher for one register's vocabulary. */
export function headerMatcher(vocab: HeaderVocabulary): (header: string) => HeaderMatch | null {
  const aliases = aliasTable(vocab.aliases);
  const stems = Object.entries(vocab.stems ?? {}).flatMap(([field, list]) => list.map((s) => ({ field, stem: normalizeWord(foldText(s)) })));
  const textOf = vocab.textOf ?? {};
  const nameOf = (m: HeaderMatch | null): HeaderMatch | null => {
    if (m === null) return null;
    const f = textOf[m.field];
    return f === undefined ? null : { field: f, strength: m.strength };
  };

  const byStem = (words: readonly string[]): HeaderMatch | null => {
    const fields = new Set<string>();
    for (const w of words) for (const s of stems) if (w.startsWith(s.stem)) fields.add(s.field);
    // a header whose words point at two different fields says nothing sure: no match
    if (fields.size !== 1) return null;
    return { field: [...fields][0] as string, strength: STRENGTH.stem };
  };

  const match = (words: readonly string[]): HeaderMatch | null => {
    if (words.length === 0) return null;
    const key = words.join('');
    const exact = aliases.get(key);
    if (exact !== undefined) return { field: exact, strength: STRENGTH.alias };
    const last = words[words.length - 1] as string;
    if (words.length > 1 && TEXT_WORDS.has(last)) {
      const base = match(words.slice(0, -1));
      const named = nameOf(base);
      if (named) return named;
    }
    if (words.length > 1 && CODE_WORDS.has(last)) {
      const base = match(words.slice(0, -1));
      if (base && textOf[base.field] !== undefined) return base;
    }
    // one word with a text suffix glued on: «Arttekst», «Kontonavn»
    for (const suffix of ['tekst', 'navn']) {
      if (key.length > suffix.length && key.endsWith(suffix)) {
        const base = aliases.get(key.slice(0, -suffix.length));
        const named = base === undefined ? null : nameOf({ field: base, strength: STRENGTH.alias });
        if (named) return named;
      }
    }
    // a trailing language or unit tag («CodeDescriptionNOB», «Beløp NOK») does not change what a column is
    if (words.length > 1 && /^(nob|nno|nb|nn|eng|en|nok)$/.test(last)) return match(words.slice(0, -1));
    return byStem(words);
  };

  return (header: string): HeaderMatch | null => {
    const isText = TEXT_SUFFIX.test(header);
    const words = headerWords(isText ? header.replace(TEXT_SUFFIX, '') : header);
    const m = match(words);
    // ERP print-outs: «Konto(T)» is the text column of the code column «Konto»
    return isText ? (m !== null && textOf[m.field] !== undefined ? nameOf(m) : null) : m;
  };
}

/** Report-style group and sum lines of ERP print-outs («Ansvar/Avdel: 100 RÅDMANNEN», «Sum ansvar …», «Totalt») are not data. */
const SUM_LINE = /^(sum|totalt?|delsum|subtotal|i alt)\b/i;
const GROUP_LINE = /^[A-Za-zÆØÅæøå][A-Za-zÆØÅæøå()/ .-]{1,40}:\s*\S/;

export function isReportLine(firstText: string): boolean {
  return SUM_LINE.test(firstText) || GROUP_LINE.test(firstText);
}
