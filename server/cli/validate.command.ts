import fs from 'node:fs/promises';
import path from 'node:path';
import { parseRegisterFile } from '../spreadsheet/parse.ts';
import { registerNames } from '../spreadsheet/registry.ts';
import type { Issue, KontoplanRecord, ParseResult, RegisterName } from '../spreadsheet/types.ts';

export interface CommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const USAGE = 'Bruk: kodeverk validate FIL --register kontoplan|lonnsarter|utbetalingskategorier [--json] [--regnskapsar ÅÅÅÅ]\n';

interface ValidateArgs {
  file: string;
  register: RegisterName;
  json: boolean;
  regnskapsar: number;
}

function parseArgs(args: readonly string[]): ValidateArgs | string {
  let file: string | undefined;
  let register: string | undefined;
  let json = false;
  let regnskapsar = new Date().getFullYear();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') json = true;
    else if (a === '--register' || a.startsWith('--register=')) register = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
    else if (a === '--regnskapsar' || a.startsWith('--regnskapsar=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (v === undefined || !/^\d{4}$/.test(v)) return `Ugyldig regnskapsår «${v ?? ''}»: skriv fire siffer, f.eks. --regnskapsar 2026.`;
      regnskapsar = Number(v);
    } else if (a.startsWith('--')) return `Ukjent valg ${a}.`;
    else if (file === undefined) file = a;
    else return `For mange filer: «${a}». Oppgi én fil.`;
  }
  if (file === undefined) return 'Mangler fil.';
  if (register === undefined) return 'Mangler --register.';
  if (!(registerNames as readonly string[]).includes(register)) return `Ukjent register «${register}». Velg kontoplan, lonnsarter eller utbetalingskategorier.`;
  return { file, register: register as RegisterName, json, regnskapsar };
}

function issueJson(i: Issue): Record<string, unknown> {
  return { code: i.code, message: i.message, sheet: i.sheet, row: i.row, column: i.column, cell: i.cell };
}

function recordJson(register: RegisterName, r: ParseResult['records'][number]): Record<string, unknown> {
  if (register === 'kontoplan') {
    const k = r as KontoplanRecord;
    return { dimensjon: k.dimensjon, kode: k.kode, navn: k.navn };
  }
  return { ...r };
}

function place(i: Issue): string {
  if (i.sheet === null) return 'Filen';
  return `${i.sheet}${i.cell ? `!${i.cell}` : i.row !== null ? ` rad ${i.row}` : ''}`;
}

/** `kodeverk validate FILE --register … [--json] [--regnskapsar YYYY]`: checks a file without a database. Exit 0 ok, 1 errors in the file, 2 wrong usage. */
export async function validateCommand(args: string[], io: CommandIo): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`${parsed}\n${USAGE}`);
    return 2;
  }
  let result: ParseResult;
  try {
    const bytes = await fs.readFile(parsed.file);
    result = await parseRegisterFile(bytes, path.basename(parsed.file), parsed.register, { regnskapsar: parsed.regnskapsar });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? `Fant ikke filen «${parsed.file}». Sjekk navnet og mappen.` : code === 'EISDIR' ? `«${parsed.file}» er en mappe, ikke en fil.` : `Kunne ikke lese «${parsed.file}» (${code ?? 'ukjent feil'}).`;
    if (parsed.json) {
      io.stdout(`${JSON.stringify({ register: parsed.register, ok: false, counts: {}, records: [], errors: [{ code: 'fil_ikke_lesbar', message, sheet: null, row: null, column: null, cell: null }], warnings: [] })}\n`);
    } else io.stderr(`${message}\n`);
    return 1;
  }
  const ok = result.errors.length === 0;
  if (parsed.json) {
    io.stdout(
      `${JSON.stringify({
        register: result.register,
        ok,
        counts: result.counts,
        records: result.records.map((r) => recordJson(parsed.register, r)),
        errors: result.errors.map(issueJson),
        warnings: result.warnings.map(issueJson),
      })}\n`,
    );
    return ok ? 0 : 1;
  }
  const lines: string[] = [];
  lines.push(`${path.basename(parsed.file)} (${parsed.register}, regnskapsår ${parsed.regnskapsar}): ${ok ? 'ingen feil' : `${result.errors.length} feil`}, ${result.warnings.length} ${result.warnings.length === 1 ? 'advarsel' : 'advarsler'}.`);
  lines.push(`Lest: ${Object.entries(result.counts).map(([k, n]) => `${n} ${k}`).join(', ')}.`);
  for (const s of result.ignoredSheets) lines.push(`Hoppet over arket «${s.sheet}»: ${s.reason}`);
  for (const i of result.errors) lines.push(`FEIL ${place(i)}: ${i.message}`);
  for (const i of result.warnings) lines.push(`ADVARSEL ${place(i)}: ${i.message}`);
  if (result.needsMapping) lines.push('Kolonnene må velges for hånd i nettløsningen, eller bruk malen.');
  io.stdout(`${lines.join('\n')}\n`);
  return ok ? 0 : 1;
}
