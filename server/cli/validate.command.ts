import path from 'node:path';
import { parseRegisterFile } from '../spreadsheet/parse.ts';
import type { RegisterName } from '../spreadsheet/types.ts';
import { readUserFile, resultJson, summaryLines } from './register-output.ts';
import { definitionFor, otherDefinitions, registerNames } from '../registers/registry.ts';

export interface CommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** About 15,000 rows of a kontoplan; below it the thread's start costs more than it saves (npm run bench:cli). */
const THREAD_FROM_BYTES = 512 * 1024;

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

/** `kodeverk validate FILE --register … [--json] [--regnskapsar YYYY]`: checks a file without a database. Exit 0 ok, 1 errors in the file, 2 wrong usage. */
export async function validateCommand(args: string[], io: CommandIo): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`${parsed}\n${USAGE}`);
    return 2;
  }
  const file = await readUserFile(parsed.file, parsed.register);
  if (!file.ok) {
    if (parsed.json) io.stdout(`${file.json}\n`);
    else io.stderr(`${file.message}\n`);
    return 1;
  }
  // a large workbook is read by ExcelJS on another core (xlsx-thread.ts); a small one is read before a thread has started
  const readInThread = file.bytes.length >= THREAD_FROM_BYTES;
  const result = await parseRegisterFile(file.bytes, path.basename(parsed.file), definitionFor(parsed.register), { regnskapsar: parsed.regnskapsar, readInThread }, otherDefinitions(parsed.register));
  const ok = result.errors.length === 0;
  if (parsed.json) io.stdout(`${resultJson(parsed.register, result)}\n`);
  else io.stdout(`${summaryLines(path.basename(parsed.file), parsed.register, parsed.regnskapsar, result).join('\n')}\n`);
  return ok ? 0 : 1;
}
