import type { ColumnMapping, ColumnUse, Issue, Note, ParseOptions, ParseResult } from './types.ts';
import type { CandidatePreparation, CellInput, CheckContext, HeaderCell, IssueDraft, OtherRegister, RegisterDefinition, SheetSlot } from './definition.ts';
import { isBlankRow, ReaderFailure, type SheetRow, type SheetSource } from './cells.ts';
import { csvRows, csvSheetName } from './csv.ts';
import { fieldLabel } from './field-labels.ts';
import { REGISTER_LABEL } from './labels.ts';
import { foldText, isReportLine, STRENGTH, type HeaderMatch } from './headers.ts';
import { cellIssue, columnLetter, fileIssue } from './issues.ts';
import { guardZip, sniffFile } from './sniff.ts';
import { readXlsxSheets } from './xlsx-reader.ts';
import { readXlsxSheetsInThread } from './xlsx-thread.ts';
import { EXAMPLE_PREFIX, GUIDE_SHEET, LISTS_SHEET } from './template.ts';

const EXAMPLE_LOWER = EXAMPLE_PREFIX.trim().toLowerCase();
import { ColumnSampler } from './column-sniff.ts';
import { isOwnErrorList, isPageLine, SkippedRows, TiltakstypeReader, type TiltakColumn } from './read-log.ts';

const HEADER_SCAN_ROWS = 30;
const DIGITS = /^\d+$/;
const PROGRESS_EVERY = 1000;

/** Where the records of one planned slot of one sheet come from; shared by all its candidates. */
interface SlotSource {
  sheet: string;
  sheetIndex: number;
  headerRow: number;
  /** the header row's texts by column index: a print-out repeats them on every page */
  headerTexts: readonly (string | null)[];
  /** values of the sheet's unused columns, for content sniffing (one per sheet, shared by its slots) */
  sampler: ColumnSampler;
  letters: Readonly<Record<string, string>>;
  multiPerRow: boolean;
}

interface PlannedSlot {
  slot: SheetSlot;
  source: SlotSource;
  /** every input field, fixed values filled in: copied for each row */
  base: CellInput;
  fields: string[];
  indexes: number[];
  isCode: boolean[];
  /** per field: the tiltakstype column it is, if it is one */
  tiltak: (TiltakColumn | undefined)[];
}

function emptyResult<R>(def: RegisterDefinition<R>, errors: Issue[]): ParseResult<R> {
  return {
    register: def.register,
    records: [],
    errors,
    warnings: [],
    counts: Object.fromEntries(def.countKeys.map((k) => [k, 0])),
    ignoredSheets: [],
    headers: [],
    columns: [],
    notes: [],
    needsMapping: false,
    rowsRead: 0,
  };
}

const UNREADABLE = 'Vi klarte ikke å lese filen; den kan være skadet. Åpne filen i Excel og velg Fil → Lagre som → Excel-arbeidsbok (.xlsx), og last opp den nye filen.';

/**
 * Reads a user's .xlsx or .csv for one register and checks it. Never throws for bad input: unreadable or
 * hostile files become one file-level error. Throws only for bugs.
 */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?E[+-]\d+$/i;
const WHOLE_WITH_DECIMALS = /^(\d+)[.,]0+$/;
const DECIMAL = /^\d+[.,]\d+$/;

/**
 * What Excel leaves in a code cell (#14 item 9): «1,47E+04» is a number shown in scientific format, saved as that text
 * (a CSV from Excel, or a cell re-typed) — the digits past the third may be gone, so nothing is guessed; «10510.0» is a
 * code stored as a decimal number. A number cell with a fraction cannot be a code either. Refused with what to do.
 */
function excelArtefact(text: string, numeric: boolean): { code: string; message: string } | null {
  if (SCIENTIFIC.test(text)) {
    return {
      code: 'kode_vitenskapelig_format',
      message: `«${text}» er et tall i vitenskapelig format, ikke en kode: Excel viser lange tall slik når cellen har formatet Standard, og sifrene bak kan være tapt. Rett det i Excel: merk kolonnen, velg Formater celler › Tekst, skriv inn de riktige kodene og lagre filen på nytt.`,
    };
  }
  const whole = WHOLE_WITH_DECIMALS.exec(text);
  if (whole || (numeric && DECIMAL.test(text))) {
    return {
      code: 'kode_desimaltall',
      message: `«${text}» er et desimaltall, men her skal det stå en kode${whole ? ` (trolig «${whole[1]}»)` : ''}. Koden er lagret som tall med desimaler. Rett det i Excel: merk kolonnen, velg Formater celler › Tekst (eller Tall med 0 desimaler), rett koden og lagre filen på nytt.`,
    };
  }
  return null;
}

/** Far more than any kontoplan or register has (the benchmark's 100,000 fit); bounds memory for hostile files. */
export const MAX_ROWS = 250_000;
const TOO_MANY_ROWS = `Filen har mer enn ${MAX_ROWS.toLocaleString('nb-NO')} rader. Det er mer enn et register har; sjekk at du valgte riktig fil, eller del den opp.`;
class TooManyRows extends Error {}

/** Line ends as the CSV reader sees them: LF, CRLF and a lone CR (old Mac files) each end a row. */
export function countLines(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) n++;
  }
  return n;
}

export async function parseRegisterFile<R>(
  bytes: Buffer | Uint8Array,
  fileName: string,
  def: RegisterDefinition<R>,
  options: ParseOptions,
  /** the other registers: a file or sheet that is one of theirs is said to be so */
  others: readonly OtherRegister[],
): Promise<ParseResult<R>> {
  if (options.maxBytes !== undefined && bytes.length > options.maxBytes) {
    const mb = (options.maxBytes / (1024 * 1024)).toFixed(0);
    return emptyResult(def, [fileIssue('fil_for_stor', `Filen er større enn ${mb} MB. Del den opp, eller fjern ark og bilder som ikke trengs, og prøv igjen.`)]);
  }
  const sniff = sniffFile(bytes, fileName);
  if (sniff.kind === 'rejected') return emptyResult(def, [sniff.issue]);
  if (sniff.kind === 'xlsx') {
    const issue = await guardZip(bytes);
    if (issue) return emptyResult(def, [issue]);
  }
  const importer = new RegisterImport(def, options, others);
  // A CSV is parsed whole before its rows are checked; count its lines first so a huge one is refused cheaply.
  if (sniff.kind === 'csv' && countLines(bytes) > MAX_ROWS) return emptyResult(def, [fileIssue('for_mange_rader', TOO_MANY_ROWS)]);
  try {
    if (sniff.kind === 'csv') {
      await importer.readSheet({ name: csvSheetName(fileName), hidden: false, batches: [csvRows(bytes)] });
    } else {
      for await (const sheet of options.readThread ? readXlsxSheetsInThread(bytes, options.readThread) : readXlsxSheets(bytes)) await importer.readSheet(sheet);
    }
  } catch (e) {
    if (e instanceof TooManyRows) return emptyResult(def, [fileIssue('for_mange_rader', TOO_MANY_ROWS)]);
    if (e instanceof ReaderFailure) return emptyResult(def, [fileIssue('ikke_lesbar', UNREADABLE)]);
    throw e;
  }
  return importer.finish();
}

function mappingLookup(mapping: ColumnMapping | undefined): Map<string, string> {
  const byHeader = new Map<string, string>();
  for (const [field, header] of Object.entries(mapping ?? {})) if (header.trim() !== '') byHeader.set(foldText(header), field);
  return byHeader;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** A workbook with all of another register's template sheets and none of this one's (kodeverk.xlsx or a template, uploaded under the wrong register). */
function otherRegisterWorkbook(def: OtherRegister, others: readonly OtherRegister[], sheetNames: readonly string[]): string | null {
  const names = new Set(sheetNames.map((n) => n.toLowerCase()));
  const own = def.templateSheets;
  if (own.some((t) => names.has(t.name.toLowerCase()))) return null;
  for (const other of others) {
    const sheets = other.templateSheets.map((t) => t.name);
    if (sheets.every((n) => names.has(n.toLowerCase()))) {
      const list =
        sheets.length === 1
          ? `arket «${sheets[0]}»`
          : `arkene ${sheets
              .slice(0, -1)
              .map((n) => `«${n}»`)
              .join(', ')} og «${sheets[sheets.length - 1]}»`;
      return `Arbeidsboken ser ut som ${other.label} (den har ${list}), ikke ${def.label}. Last den opp under «${REGISTER_LABEL[other.register]}» i stedet, eller velg riktig fil.`;
    }
  }
  return null;
}

/** When this register cannot read a sheet's headers but another register can, a sentence saying which one. */
function otherRegisterReading(others: readonly OtherRegister[], sheet: string, headers: readonly string[]): string | null {
  for (const other of others) {
    const cells: HeaderCell[] = headers.map((header, i) => ({ index: i, letter: columnLetter(i + 1), header, field: other.classifyHeader(header)?.field ?? null }));
    const plan = other.planSheet(sheet, cells);
    if (plan.kind === 'plan') return `Kolonnene ser ut som ${other.label}: last opp filen under «${REGISTER_LABEL[other.register]}» i stedet.`;
  }
  return null;
}

/**
 * The field each used column was read as. Code/name columns of a dimension (Art | Art-tekst | Ansvar | …) are
 * reported as that dimension's fields (art, art_navn), the names the column mapping uses.
 */
function usedColumns(slots: readonly SheetSlot[], headers: readonly HeaderCell[]): Map<number, string> {
  const fieldAt = new Map(headers.map((h) => [h.index, h.field]));
  const used = new Map<number, string>();
  for (const slot of slots) {
    const dim = slot.fixed['dimensjon'];
    const kodeIndex = slot.columns['kode'];
    const byDimension = dim !== undefined && kodeIndex !== undefined && fieldAt.get(kodeIndex) === dim;
    for (const [field, index] of Object.entries(slot.columns)) {
      if (used.has(index)) continue;
      used.set(index, byDimension && field === 'kode' ? dim : byDimension && field === 'navn' ? `${dim}_navn` : field);
    }
  }
  return used;
}

function sameContent<R>(a: R, b: R): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const k of Object.keys(x)) if (x[k] !== y[k]) return false;
  return Object.keys(x).length === Object.keys(y).length;
}

/**
 * The candidates (rows that passed the row rules) are kept as parallel arrays rather than one object per row:
 * a 100k-row kontoplan then allocates little beyond the records themselves.
 */
class RegisterImport<R> {
  private readonly records: R[] = [];
  private readonly rowNumbers: number[] = [];
  private readonly sources: SlotSource[] = [];
  /** candidate index -> code fields whose cell was a number (rare: only then can Excel have dropped leading zeros) */
  private readonly numericFields = new Map<number, string[]>();
  private readonly errors: Issue[] = [];
  private readonly warnings: Issue[] = [];
  private readonly ignoredSheets: { sheet: string; reason: string }[] = [];
  private readonly headers: ParseResult<R>['headers'] = [];
  private readonly columns: ColumnUse[] = [];
  private readonly notes: Note[] = [];
  private readonly skipped = new SkippedRows();
  private readonly samplers: ColumnSampler[] = [];
  private readonly tiltak: TiltakstypeReader;
  private readonly ctx: CheckContext;
  /** what the definition's checkCandidates starts from, built as the rows are read (the kontoplan's groups) */
  private readonly prepared: CandidatePreparation<R> | undefined;
  private readonly mappedHeaders: Map<string, string>;
  private readonly mappedFields: Set<string>;
  /** the user's preview fixes by «sheet NUL row» */
  private readonly fixes = new Map<string, { skip: boolean; cells: Record<string, string | null> }>();
  private readonly valueMaps = new Map<string, Readonly<Record<string, string>>>();
  /** «field NUL from» -> rows the value mapping was used on (said in a note: nothing is read differently unsaid) */
  private readonly valueMapHits = new Map<string, number>();
  private skippedByUser = 0;
  private readonly exampleRowsSkipped: string[] = [];
  private rowsRead = 0;
  private sheetCount = 0;
  private plannedSheets = 0;
  /** set when the workbook holds another register's own sheets and none of this one's */
  private otherWorkbook: string | null = null;
  private wrongRegister: { sheet: string; row: number; message: string } | null = null;
  private firstMissing: { sheet: string; row: number; missing: string[] } | null = null;

  constructor(
    private readonly def: RegisterDefinition<R>,
    private readonly options: ParseOptions,
    private readonly others: readonly OtherRegister[],
  ) {
    this.ctx = {
      regnskapsar: options.regnskapsar,
      ...(options.kontoplanArter ? { kontoplanArter: options.kontoplanArter } : {}),
      ...(options.artScheme ? { artScheme: options.artScheme } : {}),
      ...(options.kontoklasser ? { kontoklasser: options.kontoklasser } : {}),
    };
    this.prepared = def.prepareCandidates?.(this.ctx);
    this.mappedHeaders = mappingLookup(options.columnMapping);
    this.mappedFields = new Set(this.mappedHeaders.values());
    for (const f of options.fixes ?? []) {
      const key = `${f.sheet}\u0000${f.row}`;
      const at = this.fixes.get(key) ?? { skip: false, cells: {} };
      if (f.skip) at.skip = true;
      else if (f.field !== null) at.cells[f.field] = f.to;
      this.fixes.set(key, at);
    }
    for (const [field, map] of Object.entries(options.valueMaps ?? {})) if (Object.keys(map).length > 0) this.valueMaps.set(field, map);
    this.tiltak = new TiltakstypeReader(def.tiltakstypeBlank ?? 'begge');
  }

  private classify(text: string | null | undefined): HeaderMatch | null {
    if (text === null || text === undefined) return null;
    const mapped = this.mappedHeaders.get(foldText(text));
    if (mapped !== undefined) return { field: mapped, strength: STRENGTH.mapped };
    const match = this.def.classifyHeader(text);
    // a field the user mapped to another column is not taken by this one
    return match !== null && this.mappedFields.has(match.field) ? null : match;
  }

  private headerScore(row: SheetRow): number {
    let score = 0;
    for (const c of row.cells) {
      const match = this.classify(c);
      if (match !== null) score += match.strength >= STRENGTH.mapped ? 2 : match.strength >= STRENGTH.alias ? 1 : 0.5;
    }
    return score;
  }

  /**
   * Which field each header cell is read as. Two columns for one field: the surer match wins and the other is
   * reported unused; two equally sure matches are asked about (neither is read), except for shared fields.
   */
  private resolveColumns(sheet: string, headerRow: number, cells: readonly { index: number; letter: string; header: string; match: HeaderMatch | null }[]) {
    const fieldOf = new Map<number, string | null>(cells.map((c) => [c.index, c.match?.field ?? null]));
    const shared = new Set(this.def.sharedFields ?? []);
    const byField = new Map<string, (typeof cells)[number][]>();
    for (const c of cells) if (c.match) byField.set(c.match.field, [...(byField.get(c.match.field) ?? []), c]);
    const better = new Map<number, string>();
    const unclear = new Set<number>();
    for (const [field, cs] of byField) {
      if (cs.length < 2 || shared.has(field)) continue;
      const top = Math.max(...cs.map((c) => c.match?.strength ?? 0));
      const best = cs.filter((c) => c.match?.strength === top);
      for (const c of cs) fieldOf.set(c.index, null);
      if (best.length > 1) {
        for (const c of best) unclear.add(c.index);
        const list = best.map((c) => `kolonne ${c.letter} «${c.header}»`);
        const named = `${list.slice(0, -1).join(', ')} og ${list[list.length - 1]}`;
        this.warnings.push(
          cellIssue(
            'kolonne_uklar',
            'warning',
            `${named.charAt(0).toUpperCase()}${named.slice(1)} kan ${best.length === 2 ? 'begge' : 'alle'} være ${fieldLabel(field)}, så vi har ikke valgt mellom dem. Velg selv under «Velg kolonner».`,
            sheet,
            headerRow,
            (best[0] as (typeof cells)[number]).letter,
          ),
        );
        continue;
      }
      const winner = best[0] as (typeof cells)[number];
      fieldOf.set(winner.index, field);
      for (const c of cs) if (c !== winner) better.set(c.index, `kolonne ${winner.letter} «${winner.header}» passet bedre`);
    }
    return { fieldOf, better, unclear };
  }

  /**
   * A workbook that has all of this register's own template sheets (e.g. «Lønnsarter», or the exported kodeverk.xlsx
   * with every register) is read from those sheets only: other sheets there hold other registers with look-alike
   * headers. (All, so a kontoplan with sheets Art, Ansvar and «Tjeneste» still has its third sheet read.)
   */
  private belongsToAnotherRegister(source: SheetSource): boolean {
    const own = new Set(this.def.templateSheets.map((t) => t.name.toLowerCase()));
    const names = new Set((source.workbookSheetNames ?? []).map((n) => n.toLowerCase()));
    return [...own].every((n) => names.has(n)) && !own.has(source.name.toLowerCase());
  }

  async readSheet(source: SheetSource): Promise<void> {
    const sheetIndex = this.sheetCount++;
    if (sheetIndex === 0) this.otherWorkbook = otherRegisterWorkbook(this.def, this.others, source.workbookSheetNames ?? []);
    // the template's own guide and its hidden sheet of drop-down lists (template.ts)
    const own = source.name === GUIDE_SHEET ? 'Veiledningen fra malen blir ikke lest.' : source.hidden && source.name === LISTS_SHEET ? 'Listene til nedtrekksmenyene i malen blir ikke lest.' : null;
    if (own !== null) {
      this.ignoredSheets.push({ sheet: source.name, reason: own });
      for await (const batch of source.batches) void batch;
      return;
    }
    if (source.hidden) {
      this.ignoredSheets.push({ sheet: source.name, reason: 'Arket er skjult i Excel og blir ikke lest. Vis arket (høyreklikk → Vis) hvis det skal være med.' });
      // consume the sheet so the zip stream moves on deterministically to the next entry
      for await (const batch of source.batches) void batch;
      return;
    }
    if (this.otherWorkbook !== null) {
      this.ignoredSheets.push({ sheet: source.name, reason: 'Arbeidsboken hører til et annet register og blir ikke lest her.' });
      for await (const batch of source.batches) void batch;
      return;
    }
    if (this.belongsToAnotherRegister(source)) {
      this.ignoredSheets.push({ sheet: source.name, reason: `Arbeidsboken har egne ark for ${this.def.label}; dette arket hører til noe annet og blir ikke lest.` });
      for await (const batch of source.batches) void batch;
      return;
    }
    const buffered: SheetRow[] = [];
    let planned: PlannedSlot[] | null | 'ignored' = null;
    const onProgress = this.options.onProgress;
    for await (const batch of source.batches) {
      for (const row of batch) {
        if (++this.rowsRead > MAX_ROWS) throw new TooManyRows();
        if (onProgress && this.rowsRead % PROGRESS_EVERY === 0) onProgress(this.rowsRead);
        if (planned === 'ignored') continue;
        if (planned === null) {
          if (!isBlankRow(row)) buffered.push(row);
          if (buffered.length < HEADER_SCAN_ROWS) continue;
          const plan = this.planSheet(source.name, sheetIndex, buffered);
          planned = plan === 'ignored' ? plan : plan.slots;
          if (plan !== 'ignored') {
            this.readBuffered(source.name, buffered, plan);
          }
          continue;
        }
        this.readRow(row, planned);
      }
    }
    if (planned === null) {
      const plan = this.planSheet(source.name, sheetIndex, buffered);
      if (plan !== 'ignored') this.readBuffered(source.name, buffered, plan);
    }
  }

  private planSheet(sheet: string, sheetIndex: number, rows: readonly SheetRow[]): { slots: PlannedSlot[]; headerRow: number } | 'ignored' {
    let best: SheetRow | null = null;
    let bestScore = 0;
    for (const r of rows) {
      const score = this.headerScore(r);
      if (score > bestScore) {
        best = r;
        bestScore = score;
      }
    }
    if (best === null) {
      this.ignoredSheets.push({ sheet, reason: `Fant ingen kjente kolonneoverskrifter i de første ${HEADER_SCAN_ROWS} radene.` });
      return 'ignored';
    }
    const matched: { index: number; letter: string; header: string; match: HeaderMatch | null }[] = [];
    best.cells.forEach((text, index) => {
      if (text === null || text === undefined) return;
      matched.push({ index, letter: columnLetter(index + 1), header: text, match: this.classify(text) });
    });
    if (isOwnErrorList(matched.map((m) => m.header))) {
      this.ignoredSheets.push({ sheet, reason: 'Arket er feillisten fra «Last ned med feilmarkering» og blir ikke lest. Rett feilene i de andre arkene; feillisten kan slettes.' });
      return 'ignored';
    }
    const { fieldOf, better, unclear } = this.resolveColumns(sheet, best.number, matched);
    const headerCells: HeaderCell[] = matched.map((m) => ({ index: m.index, letter: m.letter, header: m.header, field: fieldOf.get(m.index) ?? null }));
    this.headers.push({ sheet, row: best.number, columns: headerCells.map((h) => ({ letter: h.letter, header: h.header, field: h.field })) });
    const plan = this.def.planSheet(sheet, headerCells);
    const used = plan.kind === 'ignore' ? new Map<number, string>() : usedColumns(plan.slots, headerCells);
    // content sniffing looks at columns whose header said nothing; a recognised but unused column has its own warning
    const silent = new Map(matched.filter((m) => !used.has(m.index) && m.match === null).map((m) => [m.index, m.header]));
    const skip = new Set(matched.filter((m) => !silent.has(m.index)).map((m) => m.index));
    const sampler = new ColumnSampler(sheet, best.number, silent, skip);
    this.samplers.push(sampler);
    if (plan.kind === 'ignore') for (const r of rows) if (r.number > best.number) sampler.add(r);
    for (const m of matched) {
      this.columns.push({ sheet, column: m.letter, header: m.header, field: used.get(m.index) ?? null });
      if (plan.kind === 'ignore' || used.has(m.index) || m.match === null || unclear.has(m.index)) continue;
      const why = better.get(m.index);
      this.warnings.push(
        cellIssue(
          'kolonne_ikke_brukt',
          'warning',
          `Kolonne ${m.letter} «${m.header}» ser ut som ${fieldLabel(m.match.field)}, men er ikke lest${why ? ` (${why})` : ''}. Velg den under «Velg kolonner» hvis den skal brukes.`,
          sheet,
          best.number,
          m.letter,
        ),
      );
    }
    if (plan.kind === 'ignore') {
      const other = otherRegisterReading(
        this.others,
        sheet,
        matched.map((m) => m.header),
      );
      this.ignoredSheets.push({ sheet, reason: other ? `${plan.reason} ${other}` : plan.reason });
      if (other && this.wrongRegister === null) this.wrongRegister = { sheet, row: best.number, message: other };
      if (this.firstMissing === null) this.firstMissing = { sheet, row: best.number, missing: plan.missingFields };
      return 'ignored';
    }
    this.plannedSheets++;
    const slots = plan.slots.map((slot): PlannedSlot => {
      const letters: Record<string, string> = {};
      const fields: string[] = [];
      const indexes: number[] = [];
      for (const [field, index] of Object.entries(slot.columns)) {
        letters[field] = columnLetter(index + 1);
        fields.push(field);
        indexes.push(index);
      }
      // a fixed field (e.g. the dimension from the sheet name) is shown at the code cell
      for (const field of Object.keys(slot.fixed)) letters[field] ??= letters['kode'] ?? columnLetter(1);
      const base: CellInput = {};
      for (const f of this.def.inputFields) base[f] = slot.fixed[f] ?? null;
      return {
        slot,
        source: { sheet, sheetIndex, headerRow: best.number, headerTexts: best.cells, sampler, letters, multiPerRow: plan.multiPerRow },
        base,
        fields,
        indexes,
        isCode: fields.map((f) => this.def.codeFields.includes(f)),
        tiltak: fields.map((f, k) => {
          if (!this.def.tiltakstypeFields.includes(f)) return undefined;
          const index = indexes[k] as number;
          return this.tiltak.column(sheet, columnLetter(index + 1), best.cells[index] ?? '', best.number);
        }),
      };
    });
    return { slots, headerRow: best.number };
  }

  /** The rows read before the header was known: title rows above it are listed as skipped, the rest read. */
  private readBuffered(sheet: string, rows: readonly SheetRow[], plan: { slots: PlannedSlot[]; headerRow: number }): void {
    for (const r of rows) {
      if (r.number < plan.headerRow) this.skipped.add(sheet, r.number, r.cells.find((c) => c !== null && c !== undefined) ?? '');
      else if (r.number > plan.headerRow) this.readRow(r, plan.slots);
    }
  }

  /** Page furniture and report lines of print-outs, and the header row repeated on each printed page. */
  private notData(row: SheetRow, first: string, source: SlotSource | undefined): boolean {
    const page = isReportLine(first) ? first : isPageLine(row.cells);
    if (page !== null) {
      if (source) this.skipped.add(source.sheet, row.number, page);
      return true;
    }
    if (!source) return false;
    const header = source.headerTexts;
    let same = 0;
    for (let i = 0; i < row.cells.length; i++) {
      const c = row.cells[i];
      if (c === null || c === undefined) continue;
      if (c !== header[i]) return false;
      same++;
    }
    if (same < 2) return false;
    this.skipped.add(source.sheet, row.number, first);
    return true;
  }

  /**
   * A row with a code in every code cell of every slot is data, whatever its first cell says: Stavanger's budget
   * has a virksomhetsområde named «Sum felles inntekter og utgifter» on 193 kontostreng rows. A print-out's sum or
   * group line leaves the code cells empty.
   */
  private codesInEveryCodeCell(cells: readonly (string | null | undefined)[], slots: readonly PlannedSlot[]): boolean {
    let any = false;
    for (const planned of slots) {
      for (let k = 0; k < planned.fields.length; k++) {
        if (!planned.isCode[k]) continue;
        const c = cells[planned.indexes[k] as number];
        if (c === null || c === undefined || !/^[\p{L}\d]*\d[\p{L}\d]*$/u.test(c)) return false;
        any = true;
      }
    }
    return any;
  }

  private readRow(row: SheetRow, slots: readonly PlannedSlot[]): void {
    const cells = row.cells;
    let first: string | null = null;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      if (c !== null && c !== undefined) {
        first = c;
        break;
      }
    }
    if (first === null ? !row.problems : !this.codesInEveryCodeCell(cells, slots) && this.notData(row, first, slots[0]?.source)) return;
    const sampler = slots[0]?.source.sampler;
    if (sampler && !sampler.full) sampler.add(row);
    const fastRow = this.def.fastRow;
    const fix = this.fixes.size > 0 ? this.fixes.get(`${slots[0]?.source.sheet}\u0000${row.number}`) : undefined;
    if (fix?.skip) {
      this.skippedByUser++;
      return;
    }
    const mapping = this.valueMaps.size > 0;
    for (const planned of slots) {
      const input: CellInput = { ...planned.base };
      let any = false;
      let problem = false;
      let numericFields: string[] | null = null;
      const { fields, indexes, source } = planned;
      for (let k = 0; k < fields.length; k++) {
        const field = fields[k] as string;
        const index = indexes[k] as number;
        let text = cells[index] ?? null;
        if (fix !== undefined && field in fix.cells) text = fix.cells[field] || null;
        else if (mapping && text !== null) text = this.mapValue(field, text);
        input[field] = text;
        if (text !== null) any = true;
        const cellProblem = row.problems?.[index];
        if (cellProblem) {
          any = true;
          problem = true;
          this.errors.push(cellIssue(cellProblem.code, 'error', cellProblem.message, source.sheet, row.number, source.letters[field] ?? null));
        }
        if (planned.isCode[k] && text !== null && !cellProblem) {
          const artefact = excelArtefact(text, row.numeric?.[index] === true);
          if (artefact) {
            problem = true;
            this.errors.push(cellIssue(artefact.code, 'error', artefact.message, source.sheet, row.number, source.letters[field] ?? null));
          }
        }
        if (planned.isCode[k] && row.numeric?.[index]) (numericFields ??= []).push(field);
      }
      if (!any || problem) continue;
      // the template's example row, left in: not a record (said in a note)
      const navn = input['navn'];
      if (navn && (navn.charCodeAt(0) === 69 || navn.charCodeAt(0) === 101) && navn.toLowerCase().startsWith(EXAMPLE_LOWER)) {
        this.exampleRowsSkipped.push(`rad ${row.number} på arket «${source.sheet}»`);
        continue;
      }
      for (let k = 0; k < fields.length; k++) {
        const t = planned.tiltak[k];
        if (t !== undefined) input[fields[k] as string] = this.tiltak.read(t, input[fields[k] as string] ?? null, row.number, fields[k] as string);
      }
      let record = fastRow === undefined ? null : fastRow(input);
      if (record === null) {
        const parsed = this.def.rowSchema.safeParse(input);
        if (!parsed.success) {
          for (const zi of parsed.error.issues) {
            const field = typeof zi.path[0] === 'string' ? zi.path[0] : null;
            const params = (zi as { params?: { code?: string } }).params;
            const code = params?.code ?? 'ugyldig_verdi';
            this.errors.push({
              ...cellIssue(code, 'error', zi.message, source.sheet, row.number, field === null ? null : (source.letters[field] ?? null)),
              field,
              value: field === null ? null : (input[field] ?? null),
            });
          }
          continue;
        }
        record = parsed.data;
      }
      if (numericFields !== null) this.numericFields.set(this.records.length, numericFields);
      this.prepared?.add(record, this.records.length);
      this.records.push(record);
      this.rowNumbers.push(row.number);
      this.sources.push(source);
    }
  }

  /** An issue at candidate i: the draft's field names the column (the code cell when the field has none). */
  private place(draft: IssueDraft, i: number): Issue {
    const source = this.sources[i] as SlotSource;
    const column = draft.field === null ? null : (source.letters[draft.field] ?? source.letters['kode'] ?? null);
    const row = this.rowNumbers[i] as number;
    if (draft.field === null || source.letters[draft.field] === undefined) return cellIssue(draft.code, draft.severity, draft.message, source.sheet, row, column);
    const v = (this.records[i] as unknown as Record<string, unknown>)[draft.field];
    // one object literal, not cellIssue spread with two more keys: the spread copy holds its extra keys out of line,
    // ~550 bytes per issue against ~220 (a 100,000-row file has 60,000 of them; npm run bench:import)
    const cell = column === null ? null : `${column}${row}`;
    return { code: draft.code, severity: draft.severity, message: draft.message, sheet: source.sheet, row, column, cell, field: draft.field, value: typeof v === 'string' ? v : null };
  }

  /** A remembered value mapping for the field's text, if any (counted for the note). */
  private mapValue(field: string, text: string): string {
    const map = this.valueMaps.get(field);
    if (map === undefined) return text;
    const from = text.trim().toLowerCase();
    const to = map[from];
    if (to === undefined) return text;
    const key = `${field}\u0000${from}`;
    this.valueMapHits.set(key, (this.valueMapHits.get(key) ?? 0) + 1);
    return to;
  }

  private push(issue: Issue): void {
    (issue.severity === 'error' ? this.errors : this.warnings).push(issue);
  }

  /**
   * Excel drops leading zeros of numbers (010 → 10). Evidence that it did: the cell was a number while most of the
   * group's TEXT cells (which Excel leaves alone) have width W; only then is the short code padded to W, with a
   * located warning. A number never counts as evidence for its own width. When the tjeneste's kontoplan is known,
   * a short art it holds as it stands is plausible and stays. (The kontoplan has its own rule: checkCandidates.)
   */
  private restoreLeadingZeros(): void {
    if (this.numericFields.size === 0) return;
    const known = this.ctx.kontoplanArter;
    for (const field of this.def.codeFields) {
      const numericHere = [...this.numericFields].filter(([, fields]) => fields.includes(field)).map(([i]) => i);
      if (numericHere.length === 0) continue;
      const widths = new Map<string, Map<number, number>>();
      for (let r = 0; r < this.records.length; r++) {
        if (this.numericFields.get(r)?.includes(field)) continue;
        const record = this.records[r] as R;
        const v = (record as unknown as Record<string, unknown>)[field];
        if (typeof v !== 'string' || !DIGITS.test(v)) continue;
        const group = this.def.padGroup(record, field);
        let m = widths.get(group);
        if (!m) widths.set(group, (m = new Map()));
        m.set(v.length, (m.get(v.length) ?? 0) + 1);
      }
      const target = new Map<string, number>();
      for (const [group, m] of widths) {
        let total = 0;
        let bestWidth = 0;
        let bestCount = 0;
        for (const [w, n] of m) {
          total += n;
          if (n > bestCount) [bestWidth, bestCount] = [w, n];
        }
        if (bestCount * 2 > total) target.set(group, bestWidth);
      }
      for (const i of numericHere) {
        const record = this.records[i] as R;
        const rec = record as unknown as Record<string, unknown>;
        const v = rec[field];
        const w = target.get(this.def.padGroup(record, field));
        if (typeof v !== 'string' || w === undefined || v.length >= w || !DIGITS.test(v)) continue;
        const padded = v.padStart(w, '0');
        if (field === 'art' && known !== undefined && (known.has(v) || !known.has(padded))) continue;
        rec[field] = padded;
        this.push(
          this.place(
            {
              code: 'ledende_null_lagt_til',
              severity: 'warning',
              field,
              message: `Koden ${v} var lagret som tall, og Excel har trolig fjernet ledende null. Vi leser den som ${padded}. Sjekk koden, og formater kolonnen som tekst i Excel for å unngå dette.`,
            },
            i,
          ),
        );
      }
    }
  }

  /**
   * Identical repeats. A budget or ledger export has one row per kontostreng, so every code stands on many rows:
   * that is the file's shape, said once per dimension, not a warning per row. A few repeats in a plain list are
   * more likely a copy-paste slip, and each is pointed at.
   */
  private reportRepeats(repeats: ReadonlyMap<string, number[]>, first: ReadonlyMap<string, number>): void {
    if (repeats.size === 0) return;
    const rowsOf = (list: readonly number[]) => list.length + 1;
    const perRowFile = [...repeats.values()].some((list) => (this.sources[list[0] as number] as SlotSource).multiPerRow || rowsOf(list) > 5) || repeats.size > 10;
    if (!perRowFile) {
      for (const [id, list] of repeats) {
        const e = first.get(id) as number;
        const source = this.sources[e] as SlotSource;
        for (const i of list) {
          const where = `rad ${this.rowNumbers[e]} og rad ${this.rowNumbers[i]} på arket «${source.sheet}»`;
          this.push(
            this.place(
              {
                code: 'dobbel_rad',
                severity: 'warning',
                field: 'kode',
                message: `${this.def.describe(this.records[i] as R)} står to ganger med likt innhold (${where}). Vi tar den med én gang; slett den ene raden.`,
              },
              i,
            ),
          );
        }
      }
      return;
    }
    const groups = new Map<string, { codes: number; rows: number; top: string; topRows: number; at: number }>();
    for (const [id, list] of repeats) {
      const e = first.get(id) as number;
      const record = this.records[e] as R;
      const key = this.def.countKey(record);
      const g = groups.get(key) ?? { codes: 0, rows: 0, top: id, topRows: 0, at: e };
      g.codes++;
      g.rows += rowsOf(list);
      if (rowsOf(list) > g.topRows) Object.assign(g, { top: id, topRows: rowsOf(list), at: e });
      groups.set(key, g);
    }
    for (const g of groups.values()) {
      const record = this.records[g.at] as R;
      const described = this.def.describe(record);
      const example = `${described.charAt(0).toLowerCase()}${described.slice(1)} står på ${g.topRows.toLocaleString('nb-NO')} rader med samme navn`;
      const source = this.sources[g.at] as SlotSource;
      this.notes.push({
        code: 'samme_kode_flere_rader',
        message: `${g.codes.toLocaleString('nb-NO')} koder står på flere rader med samme navn (til sammen ${g.rows.toLocaleString('nb-NO')} rader), som i en fil med én rad per kontostreng eller budsjettlinje; f.eks. ${example}. Hver kode er lest én gang.`,
        sheet: source.sheet,
        column: source.letters['kode'] ?? null,
      });
    }
  }

  /** Unused columns whose values look like a field we have not read are offered as it; columns without a header are listed. */
  private sniffColumns(): void {
    const read = new Set(this.columns.flatMap((c) => (c.field === null ? [] : [c.field])));
    const free = (fields: readonly string[]) => fields.filter((f) => !read.has(f));
    const mappable = this.def.mappableFields;
    const kostra = mappable.includes('kostra') ? 'kostra' : mappable.includes('art') ? 'art' : null;
    const fields = { janei: free(this.def.janeiFields), tiltakstype: free(this.def.tiltakstypeFields), kostra: kostra !== null && !read.has(kostra) ? kostra : null };
    const sheetOrder = new Map<string, number>();
    for (const c of this.columns) if (!sheetOrder.has(c.sheet)) sheetOrder.set(c.sheet, sheetOrder.size);
    let added = false;
    for (const sampler of this.samplers) {
      const { headerless, issues } = sampler.findings(fields);
      for (const issue of issues) this.push(issue);
      for (const index of headerless) {
        this.columns.push({ sheet: sampler.sheet, column: columnLetter(index + 1), header: '', field: null });
        added = true;
      }
    }
    if (added) this.columns.sort((a, b) => (sheetOrder.get(a.sheet) ?? 0) - (sheetOrder.get(b.sheet) ?? 0) || columnNumber(a.column) - columnNumber(b.column));
  }

  /** Column-wide issues sit at the column's header cell. */
  private headerRowOf(sheet: string): number {
    return this.headers.find((h) => h.sheet === sheet)?.row ?? 1;
  }

  /** A Ja/Nei column (skattepliktig, AGA, feriepenger) that is blank on every row sets nothing: say so, it is likely the wrong column or an unfilled one. */
  private reportBlankFlags(records: readonly R[]): void {
    if (records.length === 0) return;
    const flagColumns = this.columns.filter((c) => c.field !== null && this.def.janeiFields.includes(c.field));
    for (const c of flagColumns) {
      const field = c.field as string;
      if (!records.every((r) => (r as unknown as Record<string, unknown>)[field] === null)) continue;
      this.warnings.push(
        cellIssue(
          'flagg_tomt',
          'warning',
          `Kolonne ${c.column} «${c.header}» (${fieldLabel(field)}) er tom på alle rader, så ingen rad har ${fieldLabel(field)} satt. Fyll inn Ja eller Nei, eller sjekk at det er riktig kolonne.`,
          c.sheet,
          this.headerRowOf(c.sheet),
          c.column,
        ),
      );
    }
  }

  /** «rad 5, 17 og 230» (+ «på arket X» per sheet when they are on several); at most 12 rows named. */
  private rowsText(indexes: readonly number[]): string {
    const bySheet = new Map<string, number[]>();
    for (const i of indexes) {
      const sheet = (this.sources[i] as SlotSource).sheet;
      let rows = bySheet.get(sheet);
      if (!rows) bySheet.set(sheet, (rows = []));
      rows.push(this.rowNumbers[i] as number);
    }
    const list = (rows: number[]): string => {
      const sorted = [...new Set(rows)].sort((a, b) => a - b);
      const shown = sorted.slice(0, 12);
      const more = sorted.length - shown.length;
      const words = shown.map(String);
      if (more > 0) return `${sorted.length === 1 ? 'rad' : 'radene'} ${words.join(', ')} og ${more} til`;
      if (words.length === 1) return `rad ${words[0]}`;
      return `radene ${words.slice(0, -1).join(', ')} og ${words[words.length - 1]}`;
    };
    if (bySheet.size === 1) return list([...bySheet.values()][0] as number[]);
    return [...bySheet].map(([sheet, rows]) => `${list(rows)} på arket «${sheet}»`).join('; ');
  }

  finish(): ParseResult<R> {
    const { def } = this;
    // the rules may need to know which fields the file had a column for (a lønnsart without a tiltakstype column)
    const ctx: CheckContext = { ...this.ctx, fieldsRead: new Set(this.columns.flatMap((c) => (c.field === null ? [] : [c.field]))) };
    const candidates = this.records;
    const kept: number[] = [];
    let artScheme: ParseResult<R>['artScheme'];
    if (def.checkCandidates) {
      const check = def.checkCandidates(candidates, { numeric: (i, field) => this.numericFields.get(i)?.includes(field) ?? false, rowsText: (ix) => this.rowsText(ix) }, ctx, this.prepared);
      for (const { index, draft } of check.issues) this.push(this.place(draft, index));
      for (let i = 0; i < candidates.length; i++) if (!check.rejected.has(i)) kept.push(i);
      artScheme = check.artScheme;
    } else {
      this.restoreLeadingZeros();
      for (let i = 0; i < candidates.length; i++) {
        let hasError = false;
        for (const d of def.checkRecord(candidates[i] as R, ctx)) {
          this.push(this.place(d, i));
          if (d.severity === 'error') hasError = true;
        }
        if (!hasError) kept.push(i);
      }
    }
    const seen = new Map<string, number>();
    const records: R[] = [];
    /** identity -> candidate indexes of identical repeats (after the first) */
    const repeats = new Map<string, number[]>();
    for (const i of kept) {
      const record = candidates[i] as R;
      const id = def.identity(record);
      const e = id === null ? undefined : seen.get(id);
      if (e === undefined) {
        if (id !== null) seen.set(id, i);
        records.push(record);
        continue;
      }
      const earlier = this.sources[e] as SlotSource;
      const source = this.sources[i] as SlotSource;
      const where =
        earlier.sheet === source.sheet
          ? `rad ${this.rowNumbers[e]} og rad ${this.rowNumbers[i]} på arket «${source.sheet}»`
          : `arket «${earlier.sheet}» rad ${this.rowNumbers[e]} og arket «${source.sheet}» rad ${this.rowNumbers[i]}`;
      if (sameContent(candidates[e] as R, record)) {
        const list = repeats.get(id as string);
        if (list) list.push(i);
        else repeats.set(id as string, [i]);
        continue;
      }
      this.push(
        this.place({ code: 'dobbel_kode', severity: 'error', field: 'kode', message: `${def.describe(record)} står to ganger med ulikt innhold (${where}). Slett eller rett den ene raden.` }, i),
      );
    }
    this.reportRepeats(repeats, seen);
    this.reportBlankFlags(records);
    for (const issue of this.tiltak.finish()) this.push(issue);
    this.sniffColumns();
    this.notes.push(...this.skipped.notes());
    for (const [key, n] of this.valueMapHits) {
      const [field, from] = key.split('\u0000') as [string, string];
      const to = this.valueMaps.get(field)?.[from] ?? '';
      this.notes.push({
        code: 'verdivalg_brukt',
        message: `«${from}» i ${fieldLabel(field)} er lest som «${to}» på ${n === 1 ? 'én rad' : `${n.toLocaleString('nb-NO')} rader`} (verdivalget er husket for tjenesten).`,
        sheet: null,
        column: null,
      });
    }
    if (this.exampleRowsSkipped.length > 0) {
      const where = this.exampleRowsSkipped;
      this.notes.push({
        code: 'eksempelrad',
        message: `${where.length === 1 ? 'Eksempelraden' : `${where.length} eksempelrader`} fra malen (navnet begynner med «${EXAMPLE_PREFIX.trim()}») er ikke tatt med: ${where.slice(0, 5).join(', ')}${where.length > 5 ? ' …' : ''}.`,
        sheet: null,
        column: null,
      });
    }
    if (this.skippedByUser > 0) {
      this.notes.push({
        code: 'rad_hoppet_over',
        message: `${this.skippedByUser === 1 ? 'Én rad' : `${this.skippedByUser.toLocaleString('nb-NO')} rader`} er hoppet over fordi du valgte «Hopp over raden».`,
        sheet: null,
        column: null,
      });
    }
    if (
      def.tiltakstypeFields.length > 0 &&
      def.tiltakstypeBlank !== 'record' &&
      this.plannedSheets > 0 &&
      records.length > 0 &&
      !this.columns.some((c) => c.field !== null && def.tiltakstypeFields.includes(c.field))
    ) {
      this.push(
        fileIssue(
          'tiltakstype_mangler',
          'Filen har ingen kolonne for tiltakstype, så alle utbetalingskategorier er satt til Begge (kontostrenger på både 251 og 252). Legg til kolonnen «Tiltakstype» med I hjemmet, Utenfor hjemmet eller Begge, eller velg kolonnen under «Velg kolonner».',
          'warning',
        ),
      );
    }
    let needsMapping = false;
    if (this.plannedSheets === 0) {
      needsMapping = true;
      const missing = this.firstMissing;
      const wrong = this.wrongRegister;
      this.errors.push(
        this.otherWorkbook
          ? fileIssue('annet_register', this.otherWorkbook)
          : wrong
            ? cellIssue('annet_register', 'error', `Arket «${wrong.sheet}» har ikke kolonnene ${def.label} trenger. ${wrong.message}`, wrong.sheet, wrong.row, null)
            : missing
              ? {
                  ...cellIssue(
                    'kolonner_ikke_funnet',
                    'error',
                    `Fant ikke kolonnene vi trenger (${missing.missing.join(', ')}) på arket «${missing.sheet}». Velg selv hvilke kolonner som er hva, eller last ned malen og fyll den ut.`,
                    missing.sheet,
                    missing.row,
                    null,
                  ),
                }
              : fileIssue('kolonner_ikke_funnet', 'Fant ingen kjente kolonneoverskrifter i filen. Velg selv hvilke kolonner som er hva, eller last ned malen og fyll den ut.'),
      );
    } else if (records.length === 0 && this.errors.length === 0) {
      this.errors.push(fileIssue('ingen_rader', 'Fant ingen rader med data under overskriftene. Sjekk at du har valgt riktig fil.'));
    } else {
      for (const d of def.checkAll(records, ctx)) this.push(fileIssue(d.code, d.message, d.severity));
    }
    const counts: Record<string, number> = Object.fromEntries(def.countKeys.map((k) => [k, 0]));
    for (const r of records) {
      const k = def.countKey(r);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    const sheetOrder = new Map<string, number>();
    for (const source of new Set(this.sources)) if (!sheetOrder.has(source.sheet)) sheetOrder.set(source.sheet, source.sheetIndex);
    const orderOf = (sheet: string | null): number => (sheet === null ? -1 : (sheetOrder.get(sheet) ?? 0));
    // Most issues share a sheet with their neighbour: compare rows then, and look the sheet order up only across sheets.
    const byPlace = (a: Issue, b: Issue): number => (a.sheet === b.sheet ? 0 : orderOf(a.sheet) - orderOf(b.sheet)) || (a.row ?? 0) - (b.row ?? 0);
    return {
      register: def.register,
      records,
      errors: this.errors.sort(byPlace),
      warnings: this.warnings.sort(byPlace),
      counts,
      ignoredSheets: this.ignoredSheets,
      headers: this.headers,
      columns: this.columns,
      notes: this.notes,
      needsMapping,
      rowsRead: this.rowsRead,
      ...(artScheme && records.length > 0 ? { artScheme } : {}),
    };
  }
}
