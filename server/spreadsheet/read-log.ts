import type { Issue, Note, Tiltakstype } from './types.ts';
import { foldText, headerWords } from './headers.ts';
import { cellIssue } from './issues.ts';
import { parseJaNei, parseTiltakstype } from './cell-rules.ts';
import { TILTAKSTYPE_TEXT } from './labels.ts';

/**
 * What the import did with rows and values without a problem to fix, so nothing in the file disappears or
 * changes without a line in the preview: rows skipped as not data, and tiltakstype values read as something else.
 */

const SHOWN = 8;
const rowCount = (n: number) => `${n.toLocaleString('nb-NO')} ${n === 1 ? 'rad' : 'rader'}`;

/** Rows that are not data: page headers and footers, sum and group lines, repeated header rows, title rows. */
export class SkippedRows {
  private readonly bySheet = new Map<string, { row: number; text: string }[]>();
  private readonly counts = new Map<string, number>();

  add(sheet: string, row: number, text: string): void {
    this.counts.set(sheet, (this.counts.get(sheet) ?? 0) + 1);
    const list = this.bySheet.get(sheet) ?? [];
    if (list.length < SHOWN) list.push({ row, text: text.length > 40 ? `${text.slice(0, 40)}…` : text });
    this.bySheet.set(sheet, list);
  }

  notes(): Note[] {
    return [...this.bySheet].map(([sheet, list]) => {
      const n = this.counts.get(sheet) ?? list.length;
      const shown = list.map((r) => `rad ${r.row} «${r.text}»`).join(', ');
      const more = n > list.length ? ` og ${(n - list.length).toLocaleString('nb-NO')} til` : '';
      return {
        code: 'rader_hoppet_over',
        message: `Hoppet over ${n.toLocaleString('nb-NO')} ${n === 1 ? 'rad' : 'rader'} som ikke er data (tittel, sidehode eller sidefot, utskriftsdato, sumlinje eller gjentatt overskrift): ${shown}${more}.`,
        sheet,
        column: null,
      };
    });
  }
}

/** «Side 1 av 2», «Page 3», print dates and times: the furniture of an ERP print-out saved as a spreadsheet. */
const PAGE_LINE = /^(side|page|s\.)\s*\d+(\s*(av|of|\/)\s*\d+)?$/i;
const PRINT_LINE = /^(utskrift|utskrive?t|skrevet ut|utskriftsdato|printed|print date|dato|kj[øo]rt|rapportdato|generert)\b.*\d/i;
const DATE_ONLY = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}([ T]\d{1,2}[:.]\d{2}([:.]\d{2})?)?$/;

/** A sparse row (a few cells) whose text is page furniture. */
export function isPageLine(cells: readonly (string | null | undefined)[]): string | null {
  let filled = 0;
  let hit: string | null = null;
  for (const c of cells) {
    if (c === null || c === undefined) continue;
    if (++filled > 3) return null;
    // a lone date only where a print date stands (first); a data row may end with a date column
    if (hit === null && (PAGE_LINE.test(c) || PRINT_LINE.test(c) || (filled === 1 && DATE_ONLY.test(c)) || /\bside\s+\d+\s+av\s+\d+\b/i.test(c))) hit = c;
  }
  return hit;
}

/** The app's own error list, added by «Last ned med feilmarkering»: a re-uploaded marked workbook has it. */
export function isOwnErrorList(headers: readonly string[]): boolean {
  const folded = headers.map((h) => foldText(h));
  return ['type', 'kode', 'melding', 'ark', 'rad', 'kolonne', 'celle'].every((h, i) => folded[i] === h);
}

const CANONICAL = new Set(['ihjemmet', 'utenforhjemmet', 'begge']);
const SET_TO_BEGGE = 'Vi satte den til Begge (kontostrenger på både 251 og 252)';

/** What Ja means in a tiltakstype column worded as a question («Er barnet plassert utenfor hjemmet?»), null when the header asks nothing. */
function tiltakstypeQuestion(header: string): Tiltakstype | null {
  const words = headerWords(header);
  // «I/utenfor hjemmet» names the choice; only a question («… ?», «Er …», «Gjelder …», «(ja/nei)») is answered Ja/Nei
  const asks = header.includes('?') || /ja\s*\/\s*nei/i.test(header) || ['er', 'gjelder', 'plassert'].includes(words[0] ?? '');
  if (!asks) return null;
  if (words.some((w) => w.startsWith('utenfor') || w.startsWith('plassert'))) return 'utenfor_hjemmet';
  if (words.some((w) => w.startsWith('hjemme'))) return 'i_hjemmet';
  return null;
}

export interface TiltakColumn {
  sheet: string;
  letter: string;
  header: string;
  headerRow: number;
  jaMeans: Tiltakstype | null;
  rows: number;
  blank: number[];
  yesNo: { ja: number; nei: number };
  spellings: Map<string, { as: Tiltakstype; rows: number[] }>;
}

/**
 * Reads tiltakstype cells and says every guess: a blank or unknown value is set to Begge with a warning at its
 * cell (an error when the whole column is blank), and a spelling that is not one of the three names (Hjemme,
 * 252, plassert …) is said once per spelling with its rows.
 */
export class TiltakstypeReader {
  private readonly columns = new Map<string, TiltakColumn>();
  private readonly issues: Issue[] = [];

  /** blank = record: a blank cell is left to the record rule, which fills the record's own default and says so (lønnsarter). */
  constructor(private readonly blank: 'begge' | 'record' = 'begge') {}

  column(sheet: string, letter: string, header: string, headerRow: number): TiltakColumn {
    const key = `${sheet}!${letter}`;
    let c = this.columns.get(key);
    if (!c) {
      c = { sheet, letter, header, headerRow, jaMeans: tiltakstypeQuestion(header), rows: 0, blank: [], yesNo: { ja: 0, nei: 0 }, spellings: new Map() };
      this.columns.set(key, c);
    }
    return c;
  }

  /** The text the row rule gets: null (= Begge) for blank and unknown values, a canonical name for answers to a question. */
  read(c: TiltakColumn, text: string | null, row: number, field = 'tiltakstype'): string | null {
    c.rows++;
    if (text === null) {
      c.blank.push(row);
      return null;
    }
    const parsed = parseTiltakstype(text);
    if (parsed === undefined && c.jaMeans !== null) {
      const yes = parseJaNei(text);
      if (yes !== undefined && yes !== null) {
        const as: Tiltakstype = yes === (c.jaMeans === 'utenfor_hjemmet') ? 'utenfor_hjemmet' : 'i_hjemmet';
        c.yesNo[yes ? 'ja' : 'nei']++;
        return TILTAKSTYPE_TEXT[as];
      }
    }
    if (parsed === undefined) {
      const set = this.blank === 'record' ? 'Vi leste den som tom' : SET_TO_BEGGE;
      // field and value: the preview can map this spelling once for every row (import.fixes.ts)
      this.issues.push({
        ...cellIssue('tiltakstype_ukjent', 'warning', `«${text}» er ikke en tiltakstype vi kjenner. ${set}. Skriv «I hjemmet», «Utenfor hjemmet» eller «Begge».`, c.sheet, row, c.letter),
        field,
        value: text,
      });
      return null;
    }
    if (!CANONICAL.has(foldText(text))) {
      const s = c.spellings.get(text) ?? { as: parsed, rows: [] };
      s.rows.push(row);
      c.spellings.set(text, s);
    }
    return text;
  }

  finish(): Issue[] {
    const out = [...this.issues];
    for (const c of this.columns.values()) {
      // the record rule says what each blank became
      if (this.blank === 'record') c.blank.length = 0;
      if (c.rows > 0 && c.blank.length === c.rows) {
        out.push(
          cellIssue(
            'tiltakstype_tom',
            'error',
            `Kolonne ${c.letter} «${c.header}» er tom på alle rader, så vi vet ikke om noen kategori gjelder tiltak i hjemmet eller utenfor. Fyll inn «I hjemmet», «Utenfor hjemmet» eller «Begge» på hver rad.`,
            c.sheet,
            c.headerRow,
            c.letter,
          ),
        );
        continue;
      }
      for (const row of c.blank)
        out.push(
          cellIssue('tiltakstype_tom_satt', 'warning', `Tiltakstype er tom. ${SET_TO_BEGGE}. Fyll inn «I hjemmet» eller «Utenfor hjemmet» hvis den bare gjelder én av dem.`, c.sheet, row, c.letter),
        );
      if (c.jaMeans !== null && c.yesNo.ja + c.yesNo.nei > 0) {
        const nei: Tiltakstype = c.jaMeans === 'utenfor_hjemmet' ? 'i_hjemmet' : 'utenfor_hjemmet';
        out.push(
          cellIssue(
            'tiltakstype_ja_nei',
            'warning',
            `Kolonne ${c.letter} «${c.header}» svarer Ja/Nei: vi leser Ja som «${TILTAKSTYPE_TEXT[c.jaMeans]}» (${rowCount(c.yesNo.ja)}) og Nei som «${TILTAKSTYPE_TEXT[nei]}» (${rowCount(c.yesNo.nei)}). Sjekk at det stemmer.`,
            c.sheet,
            c.headerRow,
            c.letter,
          ),
        );
      }
      for (const [text, s] of c.spellings) {
        const rows = s.rows.slice(0, SHOWN).join(', ') + (s.rows.length > SHOWN ? ` og ${s.rows.length - SHOWN} til` : '');
        out.push(
          cellIssue(
            'tiltakstype_tolket',
            'warning',
            `«${text}» er lest som «${TILTAKSTYPE_TEXT[s.as]}» (${s.rows.length === 1 ? 'rad' : 'rader'} ${rows}). Skriv «${TILTAKSTYPE_TEXT[s.as]}» hvis det stemmer, ellers rett cellen.`,
            c.sheet,
            s.rows[0] as number,
            c.letter,
          ),
        );
      }
    }
    return out;
  }
}
