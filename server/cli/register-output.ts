import { kostraListNote } from '../reference/kostra.ts';
import fs from 'node:fs/promises';
import { fieldLabel } from '../spreadsheet/field-labels.ts';
import type { Issue, ParseResult, RegisterName } from '../spreadsheet/types.ts';
import type { KontoplanRecord } from '../kontoplan/kontoplan.definition.ts';
import type { RegisterRecord } from '../registers/registry.ts';

// What `kodeverk validate` and `kodeverk import` print: one JSON contract and one Norwegian summary for both.

const issueJson = (i: Issue) => ({ code: i.code, message: i.message, sheet: i.sheet, row: i.row, column: i.column, cell: i.cell });

function recordJson(register: RegisterName, r: ParseResult<RegisterRecord>['records'][number]): Record<string, unknown> {
  if (register === 'kontoplan') {
    const k = r as KontoplanRecord;
    // kostra: KOSTRA art or funksjon (kapittel for balance accounts); kontoklasse only for arter
    return { dimensjon: k.dimensjon, kode: k.kode, navn: k.navn, kostra: k.kostra, ...(k.dimensjon === 'art' ? { kontoklasse: k.kontoklasse } : {}) };
  }
  return { ...r };
}

/** The contract scripts depend on: `{register, ok, counts, records, errors, warnings, columns, notes}` (+ extra keys, e.g. import). */
export function resultJson(register: RegisterName, result: ParseResult<RegisterRecord>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    register: result.register,
    ok: result.errors.length === 0,
    counts: result.counts,
    records: result.records.map((r) => recordJson(register, r)),
    errors: result.errors.map(issueJson),
    warnings: result.warnings.map(issueJson),
    // every column of every read sheet and what it was read as (field null = not used)
    columns: (result.columns ?? []).map((c) => ({ sheet: c.sheet, column: c.column, header: c.header, field: c.field })),
    notes: (result.notes ?? []).map((n) => ({ code: n.code, message: n.message, sheet: n.sheet, column: n.column })),
    // kontoplan: the art scheme read and why (scheme null when no art fits one)
    ...(result.artScheme ? { artScheme: result.artScheme } : {}),
    ...extra,
  });
}

const place = (i: Issue) => (i.sheet === null ? 'Filen' : `${i.sheet}${i.cell ? `!${i.cell}` : i.row !== null ? ` rad ${i.row}` : ''}`);

/** One line per sheet: which columns were read as what, and which were not used. */
function columnLines(result: ParseResult<RegisterRecord>): string[] {
  const bySheet = new Map<string, NonNullable<ParseResult<RegisterRecord>['columns']>>();
  for (const c of result.columns ?? []) bySheet.set(c.sheet, [...(bySheet.get(c.sheet) ?? []), c]);
  const lines: string[] = [];
  for (const [sheet, columns] of bySheet) {
    const read = columns.filter((c) => c.field !== null).map((c) => `${c.column} «${c.header}» som ${fieldLabel(c.field as string)}`);
    const unused = columns.filter((c) => c.field === null).map((c) => `${c.column} «${c.header}»`);
    lines.push(`Kolonner på arket «${sheet}»: ${read.length ? `lest ${read.join(', ')}` : 'ingen lest'}${unused.length ? `; ikke brukt ${unused.join(', ')}` : ''}.`);
  }
  return lines;
}

/** Readable summary lines; `notes` go after the counts (e.g. that the arts were not checked). */
export function summaryLines(fileName: string, register: RegisterName, regnskapsar: number, result: ParseResult<RegisterRecord>, notes: string[] = []): string[] {
  const ok = result.errors.length === 0;
  const n = result.warnings.length;
  return [
    `${fileName} (${register}, regnskapsår ${regnskapsar}): ${ok ? 'ingen feil' : `${result.errors.length} feil`}, ${n} ${n === 1 ? 'advarsel' : 'advarsler'}.`,
    ...(kostraListNote(regnskapsar) ? [kostraListNote(regnskapsar) as string] : []),
    `Lest: ${Object.entries(result.counts)
      .map(([k, c]) => `${c} ${k}`)
      .join(', ')}.`,
    ...notes,
    ...result.ignoredSheets.map((s) => `Hoppet over arket «${s.sheet}»: ${s.reason}`),
    ...columnLines(result),
    ...(result.artScheme ? [`Artsskjema: ${result.artScheme.message}`] : []),
    ...(result.notes ?? []).map((n) => `MERK ${n.sheet ?? 'Filen'}${n.column ? ` kolonne ${n.column}` : ''}: ${n.message}`),
    ...result.errors.map((i) => `FEIL ${place(i)}: ${i.message}`),
    ...result.warnings.map((i) => `ADVARSEL ${place(i)}: ${i.message}`),
    ...(result.needsMapping ? ['Kolonnene må velges for hånd i nettløsningen, eller bruk malen.'] : []),
  ];
}

/** Reads the user's file; a missing or unreadable one becomes a Norwegian message (and the JSON contract's error). */
export async function readUserFile(file: string, register: RegisterName): Promise<{ ok: true; bytes: Buffer } | { ok: false; message: string; json: string }> {
  try {
    return { ok: true, bytes: await fs.readFile(file) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? `Fant ikke filen «${file}». Sjekk navnet og mappen.` : code === 'EISDIR' ? `«${file}» er en mappe, ikke en fil.` : `Kunne ikke lese «${file}» (${code ?? 'ukjent feil'}).`;
    const json = JSON.stringify({
      register,
      ok: false,
      counts: {},
      records: [],
      errors: [{ code: 'fil_ikke_lesbar', message, sheet: null, row: null, column: null, cell: null }],
      warnings: [],
      columns: [],
      notes: [],
    });
    return { ok: false, message, json };
  }
}
