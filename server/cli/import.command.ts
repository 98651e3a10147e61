import path from 'node:path';
import type { Db } from '../platform/db/database.ts';
import type { RegisterName } from '../spreadsheet/types.ts';
import { readUserFile, resultJson, summaryLines } from './register-output.ts';
import { importFile } from '../imports/import.service.ts';
import { withDatabase } from './database.ts';
import type { CliIo } from './io.ts';
import { registerNames } from '../registers/registry.ts';

const USAGE = 'Bruk: kodeverk import FIL --register kontoplan|lonnsarter|utbetalingskategorier --tjeneste KORTNAVN [--dry-run] [--bekreft-fjerning] [--json]\n';

interface ImportArgs {
  file: string;
  register: RegisterName;
  tjeneste: string;
  dryRun: boolean;
  /** the file may remove more than half of the register or empty a kontoplan dimension */
  confirmRemoval: boolean;
  json: boolean;
}

function parseImportArgs(args: readonly string[]): ImportArgs | string {
  let file: string | undefined;
  let register: string | undefined;
  let tjeneste: string | undefined;
  let dryRun = false;
  let confirmRemoval = false;
  let json = false;
  const optionValue = (a: string, i: number): [string | undefined, number] => (a.includes('=') ? [a.slice(a.indexOf('=') + 1), i] : [args[i + 1], i + 1]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') json = true;
    else if (a === '--dry-run') dryRun = true;
    else if (a === '--bekreft-fjerning') confirmRemoval = true;
    else if (a === '--register' || a.startsWith('--register=')) [register, i] = optionValue(a, i);
    else if (a === '--tjeneste' || a.startsWith('--tjeneste=')) [tjeneste, i] = optionValue(a, i);
    else if (a.startsWith('--')) return `Ukjent valg ${a}.`;
    else if (file === undefined) file = a;
    else return `For mange filer: «${a}». Oppgi én fil.`;
  }
  if (file === undefined) return 'Mangler fil.';
  if (register === undefined) return 'Mangler --register.';
  if (!(registerNames as readonly string[]).includes(register)) return `Ukjent register «${register}». Velg kontoplan, lonnsarter eller utbetalingskategorier.`;
  if (tjeneste === undefined || tjeneste === '' || tjeneste.startsWith('--')) return 'Mangler --tjeneste (tjenestens kortnavn, f.eks. lofoten).';
  return { file, register: register as RegisterName, tjeneste, dryRun, confirmRemoval, json };
}

/** `kodeverk import FILE --register R --tjeneste SLUG [--dry-run] [--json]`. Exit 0 ok, 1 errors (file or unknown tjeneste), 2 wrong usage. */
export async function importCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseImportArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`${parsed}\n${USAGE}`);
    return 2;
  }
  return withDatabase(({ db }) => importWithDatabase(db, args, io));
}

/** The command's core on an open database (the tests give it theirs). */
export async function importWithDatabase(db: Db, args: string[], io: CliIo): Promise<number> {
  const parsed = parseImportArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`${parsed}\n${USAGE}`);
    return 2;
  }
  const fileName = path.basename(parsed.file);
  const file = await readUserFile(parsed.file, parsed.register);
  if (!file.ok) {
    if (parsed.json) io.stdout(file.json);
    else io.stderr(file.message);
    return 1;
  }
  const bytes = file.bytes;
  const outcome = await importFile(
    db,
    { userId: null, label: 'kommandolinjen' },
    {
      tjenesteSlug: parsed.tjeneste,
      register: parsed.register,
      fileName,
      bytes,
      dryRun: parsed.dryRun,
      confirmedRemoval: parsed.confirmRemoval,
    },
  );
  if (outcome.kind === 'unknown_tjeneste') {
    io.stderr(`Fant ingen tjeneste med kortnavnet «${parsed.tjeneste}». Sjekk kortnavnet (det står i adressen: /t/KORTNAVN).`);
    return 1;
  }
  const { result, committed } = outcome;
  const refused = outcome.removalRefused ?? null;
  const ok = result.errors.length === 0 && refused === null;
  if (parsed.json) {
    io.stdout(
      resultJson(parsed.register, result, {
        import: {
          tjeneste: parsed.tjeneste,
          dryRun: parsed.dryRun,
          created: committed?.created ?? false,
          versionNo: committed?.versionNo ?? null,
          contentHash: committed?.contentHash ?? null,
          ...(refused ? { removalRefused: refused } : {}),
        },
      }),
    );
    return ok ? 0 : 1;
  }
  const lines = summaryLines(
    fileName,
    parsed.register,
    outcome.regnskapsar,
    result,
    outcome.kontoplanMissing ? ['Merk: tjenesten har ingen kontoplan ennå, så artene er ikke kontrollert mot kontoplanen.'] : [],
  );
  if (refused) lines.push(...refused, 'Ingenting er lagret. Kjør på nytt med --bekreft-fjerning hvis radene skal fjernes.');
  else if (!ok) lines.push('Ingenting er lagret. Rett feilene i filen og prøv igjen.');
  else if (parsed.dryRun) lines.push('Prøvekjøring (--dry-run): ingenting er lagret.');
  else if (committed?.created) lines.push(`Lagret som versjon ${committed.versionNo} for tjenesten «${parsed.tjeneste}».`);
  else if (committed) lines.push(`Innholdet er likt gjeldende versjon (v${committed.versionNo}) – ingen ny versjon ble laget.`);
  io.stdout(lines.join('\n'));
  return ok ? 0 : 1;
}
