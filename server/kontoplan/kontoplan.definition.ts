import { z } from 'zod';
import type { Dimensjon } from '../spreadsheet/types.ts';
import type { Kontoklasse } from '../reference/kostra.ts';
import { foldText, headerMatcher } from '../spreadsheet/headers.ts';
import { optionalText, parseDimensjon, parseJaNei } from '../spreadsheet/cell-rules.ts';
import {
  choicesOf,
  fieldCells,
  fieldsOfKind,
  labelsOf,
  type HeaderCell,
  type RecordOf,
  type RegisterDefinition,
  type RegisterField,
  type SheetPlan,
  type SheetSlot,
} from '../spreadsheet/definition.ts';
import { DIMENSJON_LABEL, REGISTER_LABEL } from '../spreadsheet/labels.ts';
import { checkKontoplanCandidates, checkKontoplanRecord, KontoplanGroups, missingBarnevernFunksjoner } from './kontoplan.rules.ts';

const DIMENSJONER: readonly Dimensjon[] = ['art', 'ansvar', 'funksjon'];

/** The kontoplan's fields (each code is one row: its dimension, code and name); the single description of its columns. */
const kontoplanFields = [
  { name: 'dimensjon', label: 'Dimensjon', kind: 'choice', required: true, options: choicesOf(DIMENSJON_LABEL) },
  { name: 'kode', label: 'Kode', kind: 'code', required: true, exportDescription: 'koden slik kommunens økonomisystem har den' },
  { name: 'navn', label: 'Navn', kind: 'text', required: true, exportDescription: 'navnet i kontoplanen' },
  { name: 'aktiv', label: 'Aktiv', kind: 'janei', required: false, blank: 'Ja', filled: true, exportDescription: 'false: merket inaktiv i kontoplanen' },
  {
    name: 'kostra',
    label: 'KOSTRA',
    kind: 'code',
    required: false,
    derived: true,
    exportDescription: 'KOSTRA-art eller -funksjon koden hører til; null for ansvar og når den ikke kunne utledes',
  },
] as const satisfies readonly RegisterField[];

/**
 * A kontoplan code as read and stored. kostra: the derived KOSTRA art (an art in drift/investering/ukjent), KOSTRA
 * kapittel (an art in balanse, as SAF-T's KA_K grouping code) or KOSTRA funksjon (a funksjon's first 3 digits); null
 * for ansvar or when none derivable. kontoklasse: set for arter, null for ansvar and funksjon (not a field: derived, kept).
 */
export type KontoplanRecord = RecordOf<typeof kontoplanFields> & { kontoklasse: Kontoklasse | null };

/** The fields a row of a template, an export sheet or kodeverk.json has: the dimension is the sheet (the array), not a cell. */
const cellFields: readonly RegisterField[] = kontoplanFields.filter((f) => f.name !== 'dimensjon');

// Header words as real kontoplaner and budget exports have them (Stavanger's art_tekst/tjeneste_nr, Bergen's
// avdeling/tjeneste-tekst, Førde's nynorsk teneste/konto_tekst, SAF-T's GroupingCode/CodeDescriptionNOB);
// headers.ts adds the _tekst/-navn/(T)/nr variants and nynorsk spellings.
const matchHeader = headerMatcher({
  aliases: {
    art: ['Art', 'Artskonto', 'Konto', 'Kontonr', 'Kontonummer', 'Artsnr', 'Artsnummer', 'Arter', 'Artkonto', 'Kontoart', 'Hovedbokskonto', 'AccountID'],
    ansvar: ['Ansvar', 'Ansvarssted', 'Ansvarsnummer', 'Ansvarsnr', 'Ansvarsted', 'Avdeling', 'Avdelingsnr', 'Avd', 'Avdnr', 'Ansvarskode', 'Kostnadssted', 'Koststed'],
    funksjon: ['Funksjon', 'Tjeneste', 'Funksjonsnr', 'Funksjonsnummer', 'Tjenestenr', 'Tjenestenummer', 'Funksjonskode', 'Tjenestekode'],
    art_navn: ['Artsnavn', 'Artnavn', 'Kontonavn', 'Kontotekst', 'Artstekst', 'Artsbeskrivelse', 'AccountDescription'],
    ansvar_navn: ['Ansvarsnavn', 'Ansvarnavn', 'Ansvarstekst', 'Ansvarsbeskrivelse', 'Avdelingsnavn'],
    funksjon_navn: ['Funksjonsnavn', 'Funksjonnavn', 'Tjenestenavn', 'Funksjonstekst', 'Tjenestetekst'],
    kode: ['Kode', 'Nr', 'Nummer', 'Kodeverdi', 'Verdi', 'Id', 'Code', 'GroupingCode'],
    navn: ['Navn', 'Beskrivelse', 'Tekst', 'Betegnelse', 'Benevnelse', 'Name', 'Description', 'CodeDescription'],
    dimensjon: ['Dimensjon', 'Dim', 'Type', 'Dimensjonstype', 'Kodetype', 'Kontotype'],
    aktiv: ['Aktiv', 'Er aktiv', 'Status aktiv', 'I bruk'],
    kostra: ['KOSTRA', 'KOSTRA-art', 'KOSTRA-kode', 'KOSTRA-funksjon', 'Kostraart', 'KOSTRA-nr'],
  },
  // word stems are weaker than aliases: «Funksjonsområde» is read as funksjon unless a column says «Funksjon»
  stems: { funksjon: ['funksjon'], ansvar: ['ansvar'], kostra: ['kostra'], dimensjon: ['dimensjon'] },
  textOf: { art: 'art_navn', ansvar: 'ansvar_navn', funksjon: 'funksjon_navn', kode: 'navn' },
});

/** The dimension a sheet is about, from its name (Art, Arter, Konto, Ansvar, Funksjon, Tjenester …); null when it does not say. */
function dimensjonFromSheetName(sheetName: string): Dimensjon | null {
  for (const word of sheetName.split(/[^A-Za-zÆØÅæøå]+/)) {
    const w = foldText(word);
    if (w === '' || w.startsWith('kontoplan')) continue;
    if (w.startsWith('art') || w.startsWith('konto')) return 'art';
    if (w.startsWith('ansvar')) return 'ansvar';
    if (w.startsWith('funksjon') || w.startsWith('tjeneste')) return 'funksjon';
  }
  return null;
}

/**
 * Kontoplan layouts: (a) one sheet per dimension (Kode | Navn, dimension from the sheet name),
 * (b) a Dimensjon column, (c) code/name pairs side by side (Art | Navn | Ansvar | Navn | Funksjon | Navn),
 * (d) ERP print-outs (Ansvar | Ansvar(T) | Konto | Konto(T) | Funksjon | Funksjon(T)), each row a combination.
 */
function planSheet(sheetName: string, headers: readonly HeaderCell[]): SheetPlan {
  const byField = (field: string): HeaderCell | undefined => headers.find((h) => h.field === field);
  // every field beyond the code, its name and its dimension (aktiv, kostra …) is read from its own column when the sheet has one
  const extras = (slot: SheetSlot): SheetSlot => {
    for (const f of kontoplanFields) {
      const column = f.name === 'kode' || f.name === 'navn' || f.name === 'dimensjon' ? undefined : byField(f.name);
      if (column) slot.columns[f.name] = column.index;
    }
    return slot;
  };
  const kode = byField('kode');
  const dimCodes = headers.filter((h) => h.field !== null && (DIMENSJONER as readonly string[]).includes(h.field));
  if (kode === undefined && dimCodes.length > 0) {
    const slots: SheetSlot[] = [];
    for (const dc of dimCodes) {
      const dim = dc.field as Dimensjon;
      const named = headers.find((h) => h.field === `${dim}_navn`);
      const next = headers.find((h) => h.index === dc.index + 1);
      const nameCol = named ?? (next && next.field === 'navn' ? next : undefined);
      if (nameCol === undefined) {
        return { kind: 'ignore', reason: `Fant ingen navnekolonne for ${DIMENSJON_LABEL[dim].toLowerCase()} (kolonne ${dc.letter}).`, missingFields: [`${dim}_navn`] };
      }
      slots.push({ columns: { kode: dc.index, navn: nameCol.index }, fixed: { dimensjon: dim } });
    }
    const only = slots[0];
    if (slots.length === 1 && only) return { kind: 'plan', slots: [extras(only)], multiPerRow: false };
    return { kind: 'plan', slots, multiPerRow: true };
  }
  if (kode === undefined) return { kind: 'ignore', reason: 'Fant ingen kolonne med koder (Kode, Art, Ansvar eller Funksjon).', missingFields: ['kode'] };
  const navn = byField('navn');
  if (navn === undefined) return { kind: 'ignore', reason: 'Fant ingen kolonne med navn (Navn, Beskrivelse eller Tekst).', missingFields: ['navn'] };
  const dimensjon = byField('dimensjon');
  if (dimensjon) return { kind: 'plan', slots: [extras({ columns: { kode: kode.index, navn: navn.index, dimensjon: dimensjon.index }, fixed: {} })], multiPerRow: false };
  const fromName = dimensjonFromSheetName(sheetName);
  if (fromName === null) {
    return {
      kind: 'ignore',
      reason: 'Ser ikke hvilken dimensjon arket gjelder. Gi arket navnet Art, Ansvar eller Funksjon, eller legg til en kolonne «Dimensjon».',
      missingFields: ['dimensjon'],
    };
  }
  return { kind: 'plan', slots: [extras({ columns: { kode: kode.index, navn: navn.index }, fixed: { dimensjon: fromName } })], multiPerRow: false };
}

/** The cells of one kontoplan row after optionalText (blank = null). */
interface KontoplanCells {
  dimensjon: string | null;
  kode: string | null;
  navn: string | null;
  aktiv: string | null;
  kostra: string | null;
}

type Report = (field: keyof KontoplanCells, code: string, message: string) => void;

// The Dimensjon and Aktiv columns hold a handful of distinct spellings; remembering them keeps foldText and the
// regexes off the per-row path of 100k-row files. Bounded, so a file of random texts cannot grow them.
const MEMO_LIMIT = 512;
const dimensjonMemo = new Map<string, Dimensjon | undefined>();
const aktivMemo = new Map<string, boolean | null | undefined>();

function memoized<V>(memo: Map<string, V>, text: string, compute: (t: string) => V): V {
  if (memo.has(text)) return memo.get(text) as V;
  const value = compute(text);
  if (memo.size < MEMO_LIMIT) memo.set(text, value);
  return value;
}

function aktivValue(text: string): boolean | null | undefined {
  return parseJaNei(/^(aktiv)$/i.test(text) ? 'ja' : /^(inaktiv|sperret|passiv)$/i.test(text) ? 'nei' : text);
}

const DIGITS = /^\d+$/;

/**
 * The kontoplan row rule, shared by the zod row schema (which reports every problem through `report`) and the
 * import's fast path (no `report`: stops at the first problem and returns null, and the schema then reports).
 */
function kontoplanRow(o: KontoplanCells, report?: Report): KontoplanRecord | null {
  const dimensjon = o.dimensjon === null ? undefined : memoized(dimensjonMemo, o.dimensjon, parseDimensjon);
  if (dimensjon === undefined) {
    report?.('dimensjon', 'ugyldig_dimensjon', `«${o.dimensjon ?? ''}» er ikke en dimensjon. Skriv Art, Ansvar eller Funksjon.`);
    return null;
  }
  let ok = true;
  if (o.kode === null) {
    if (!report) return null;
    report('kode', 'kode_mangler', `Raden har navn, men ingen kode (${DIMENSJON_LABEL[dimensjon].toLowerCase()}). Fyll inn koden, eller slett raden.`);
    ok = false;
  } else {
    const problem = codeProblem(dimensjon, o.kode);
    if (problem !== null) {
      if (!report) return null;
      report('kode', problem.code, problem.message);
      ok = false;
    }
  }
  if (o.navn === null) {
    if (!report) return null;
    report('navn', 'navn_mangler', `${DIMENSJON_LABEL[dimensjon]} ${o.kode ?? ''} mangler navn. Fyll inn navnet.`);
    ok = false;
  }
  const aktiv = o.aktiv === null ? null : memoized(aktivMemo, o.aktiv, aktivValue);
  if (aktiv === undefined) {
    report?.('aktiv', 'ugyldig_ja_nei', `«${o.aktiv ?? ''}» er ikke et gyldig svar for Aktiv. Skriv Ja eller Nei (tom = Ja).`);
    return null;
  }
  if (!ok || o.kode === null || o.navn === null) return null;
  return { dimensjon, kode: o.kode, navn: o.navn, aktiv: aktiv ?? true, kostra: dimensjon === 'ansvar' ? null : o.kostra, kontoklasse: null };
}

const O_FOR_ZERO = /^[\doO]*[oO][\doO]*$/;

/**
 * ERP codes as they are: an ansvar may hold letters and digits (F460, 21122A, 30000S). An art must be digits (its
 * KOSTRA art is read from them); a funksjon must begin with its three KOSTRA digits (25180A is fine). The letter O
 * typed for a zero in an art or funksjon is named as such.
 */
function codeProblem(dimensjon: Dimensjon, kode: string): { code: string; message: string } | null {
  if (dimensjon === 'ansvar') return null;
  const label = DIMENSJON_LABEL[dimensjon];
  if (O_FOR_ZERO.test(kode) && /\d/.test(kode)) return { code: 'kode_ikke_siffer', message: `${label}-koden «${kode}» har bokstaven O der det trolig skal stå tallet 0. Rett koden.` };
  if (dimensjon === 'art' && !DIGITS.test(kode)) return { code: 'kode_ikke_siffer', message: `Art-koden «${kode}» kan bare inneholde siffer: KOSTRA-arten leses av sifrene. Rett koden.` };
  if (dimensjon === 'funksjon' && !/^\d{3}/.test(kode)) {
    return { code: 'funksjon_ugyldig_kostra', message: `Funksjon ${kode}: koden må begynne med de tre sifrene i KOSTRA-funksjonen (f.eks. 251, 2520 eller 25180A). Rett koden.` };
  }
  return null;
}

const rowSchema = z.object({ dimensjon: optionalText, kode: optionalText, navn: optionalText, aktiv: optionalText, kostra: optionalText }).transform((o, ctx): KontoplanRecord => {
  const record = kontoplanRow(o, (field, code, message) => ctx.addIssue({ code: 'custom', path: [field], params: { code }, message }));
  return record ?? z.NEVER;
});

const blank = (v: string | null | undefined): string | null => (v === undefined || v === null || v === '' ? null : v);

/** The import's fast path: the same rule without zod; null sends the row through rowSchema for its messages. */
function fastRow(input: Readonly<Record<string, string | null>>): KontoplanRecord | null {
  return kontoplanRow({ dimensjon: blank(input['dimensjon']), kode: blank(input['kode']), navn: blank(input['navn']), aktiv: blank(input['aktiv']), kostra: blank(input['kostra']) });
}

export const kontoplanDefinition: RegisterDefinition<KontoplanRecord> = {
  register: 'kontoplan',
  label: REGISTER_LABEL.kontoplan.toLowerCase(),
  fields: kontoplanFields,
  storage: { table: 'kontoplan_konto', extraColumns: [{ name: 'kontoklasse', type: 'text' }] },
  mappableFields: ['kode', 'navn', 'dimensjon', 'aktiv', 'kostra', 'art', 'art_navn', 'ansvar', 'ansvar_navn', 'funksjon', 'funksjon_navn'],
  classifyHeader: matchHeader,
  sharedFields: ['navn'],
  planSheet,
  inputFields: kontoplanFields.map((f) => f.name),
  rowSchema: rowSchema as unknown as z.ZodType<KontoplanRecord, Record<string, string | null>>,
  fastRow,
  codeFields: ['kode'],
  padGroup: (r) => r.dimensjon,
  checkRecord: (r, ctx) => checkKontoplanRecord(r, ctx.regnskapsar),
  checkCandidates: checkKontoplanCandidates,
  prepareCandidates: (ctx) => new KontoplanGroups(ctx),
  identity: (r) => `${r.dimensjon}:${r.kode}`,
  describe: (r) => `${DIMENSJON_LABEL[r.dimensjon]} ${r.kode}`,
  checkAll: (records) => missingBarnevernFunksjoner(records),
  countKeys: ['art', 'ansvar', 'funksjon'],
  countKey: (r) => r.dimensjon,
  exampleRows: [
    { dimensjon: 'art', kode: '10100', navn: 'Fastlønn', aktiv: true, kostra: '010', kontoklasse: 'drift' },
    { dimensjon: 'ansvar', kode: '7100', navn: 'Barneverntjenesten Vestvågøy', aktiv: true, kostra: null, kontoklasse: null },
    { dimensjon: 'funksjon', kode: '251', navn: 'Barnevernstiltak når barnet ikke er plassert av barnevernstjenesten', aktiv: true, kostra: '251', kontoklasse: null },
  ],
  // one sheet per dimension (the sheet says it), each with every other field; KOSTRA is typed only for arter (a funksjon's is its first digits)
  templateSheets: choicesOf(DIMENSJON_LABEL).map((d) => ({
    name: d.label,
    fields: cellFields.filter((f) => f.name !== 'kostra' || d.value === 'art').map((f) => f.name),
    includes: (r: KontoplanRecord) => r.dimensjon === d.value,
  })),
  exportHeaders: labelsOf(cellFields),
  janeiFields: fieldsOfKind(kontoplanFields, 'janei'),
  tiltakstypeFields: [],
  // the dimension is the sheet, not a cell
  toExportCells: (r) => fieldCells(cellFields, r),
};
