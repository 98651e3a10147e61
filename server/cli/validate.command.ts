import fs from 'node:fs/promises';
import path from 'node:path';
import type { RegisterName } from '../spreadsheet/types.ts';
import { XlsxReadingThread } from '../spreadsheet/xlsx-thread.ts';

export interface CommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** About 20,000 rows of a kontoplan; below it the thread's start costs more than it saves (npm run bench:cli). */
const THREAD_FROM_BYTES = 512 * 1024;

const USAGE = 'Bruk: kodeverk validate FIL --register kontoplan|lonnsarter|utbetalingskategorier [--json] [--regnskapsar ÅÅÅÅ]\n';

interface ValidateArgs {
  file: string;
  /** checked against the registers once they are loaded */
  register: string;
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
  return { file, register, json, regnskapsar };
}

/** `kodeverk validate FILE --register … [--json] [--regnskapsar YYYY]`: checks a file without a database. Exit 0 ok, 1 errors in the file, 2 wrong usage. */
export async function validateCommand(args: string[], io: CommandIo): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`${parsed}\n${USAGE}`);
    return 2;
  }
  // A large workbook is read by ExcelJS on another core (xlsx-thread.ts), in a thread started before the engine is
  // loaded here, so the two starts overlap; a small one is read before a thread would have started.
  const size = await fs.stat(parsed.file).then(
    (s) => s.size,
    () => 0,
  );
  const thread = size >= THREAD_FROM_BYTES ? new XlsxReadingThread() : undefined;
  try {
    const [{ parseRegisterFile }, { definitionFor, otherDefinitions, registerNames }, { readUserFile, resultJson, summaryLines }] = await Promise.all([
      import('../spreadsheet/parse.ts'),
      import('../registers/registry.ts'),
      import('./register-output.ts'),
    ]);
    if (!(registerNames as readonly string[]).includes(parsed.register)) {
      io.stderr(`Ukjent register «${parsed.register}». Velg kontoplan, lonnsarter eller utbetalingskategorier.\n${USAGE}`);
      return 2;
    }
    const register = parsed.register as RegisterName;
    const file = await readUserFile(parsed.file, register);
    if (!file.ok) {
      if (parsed.json) io.stdout(`${file.json}\n`);
      else io.stderr(`${file.message}\n`);
      return 1;
    }
    const result = await parseRegisterFile(
      file.bytes,
      path.basename(parsed.file),
      definitionFor(register),
      { regnskapsar: parsed.regnskapsar, ...(thread ? { readThread: thread } : {}) },
      otherDefinitions(register),
    );
    const ok = result.errors.length === 0;
    if (parsed.json) io.stdout(`${resultJson(register, result)}\n`);
    else io.stdout(`${summaryLines(path.basename(parsed.file), register, parsed.regnskapsar, result).join('\n')}\n`);
    return ok ? 0 : 1;
  } finally {
    // a thread the read did not use (a CSV, a refused file, a wrong register) is stopped too
    await thread?.stop();
  }
}
