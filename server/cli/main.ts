import { processIo, type CliIo } from './io.ts';

const USAGE = `Bruk: kodeverk <kommando> [valg]

Kommandoer:
  migrate                                   oppdaterer databasen til siste versjon
  demo [--tom]                              oppretter demotjenesten «lofoten» med én bruker per rolle, eksempelregistrene
                                            og valgt kontering (--tom: bare tjenesten og brukerne)
  validate FILE --register R [--json] [--regnskapsar YYYY]
                                            leser og kontrollerer en fil uten database
  import FILE --register R --tjeneste SLUG [--dry-run] [--json]
                                            leser filen og lagrer den som ny versjon i tjenesten

  export --tjeneste SLUG --out FILE.zip [--draft]
                                            lager kodeverkpakken (utkast med --draft)
  admin legg-til --tjeneste SLUG --email E-POST [--navn NAVN]
                                            gjør en bruker til administrator (når tjenesten står uten)
  admin installasjon --email E-POST [--fjern]
                                            gir (eller tar) retten til å opprette nye tjenester i appen
  tjeneste opprett --slug S --navn N --orgnr O --vertskommune NNNN [--deltakere NNNN,NNNN]
                   [--regnskapsar YYYY] --admin-email E-POST [--admin-navn NAVN]
                                            oppretter en tjeneste til med kommunene og første administrator

Registre (R): kontoplan, lonnsarter, utbetalingskategorier`;

type Command = (args: string[], io: CliIo) => Promise<number>;

// Each command loads only its own modules, when it runs: `validate` never loads Kysely, pg or PGlite, and `--help`
// loads nothing (bench/cli.bench.ts measures what a start costs).
const withDatabase: typeof import('./database.ts').withDatabase = async (fn) => (await import('./database.ts')).withDatabase(fn);
const commands: Record<string, Command> = {
  migrate: async (_args, io) =>
    withDatabase(async ({ kind }) => {
      io.stdout(`Databasen (${kind}) er oppdatert.`);
      return 0;
    }),
  demo: async (args, io) => {
    const unknown = args.filter((a) => a !== '--tom');
    if (unknown.length > 0) {
      io.stderr(`Ukjent valg for demo: ${unknown.join(' ')}.\n\n${USAGE}`);
      return 2;
    }
    const [{ demoCommand }, { loadConfig }] = await Promise.all([import('./demo.command.ts'), import('../config.ts')]);
    const { port, host } = loadConfig();
    // the address the app will listen on with the same settings (PORT, HOST)
    const shown = ['127.0.0.1', '0.0.0.0', '::', '::1'].includes(host) ? 'localhost' : host;
    return withDatabase(({ db }) => demoCommand(db, io, { empty: args.includes('--tom'), url: `http://${shown}:${port}` }));
  },
  validate: async (args, io) => (await import('./validate.command.ts')).validateCommand(args, io),
  import: async (args, io) => (await import('./import.command.ts')).importCommand(args, io),
  export: async (args, io) => (await import('./export.command.ts')).exportCommand(args, io),
  admin: async (args, io) => {
    const { adminCommand } = await import('./admin.command.ts');
    return withDatabase(({ db }) => adminCommand(db, args, io));
  },
  tjeneste: async (args, io) => {
    const { tjenesteCommand } = await import('./tjeneste.command.ts');
    return withDatabase(({ db }) => tjenesteCommand(db, args, io));
  },
};

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name ? 0 : 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    io.stderr(`Ukjent kommando «${name}».\n\n${USAGE}`);
    return 2;
  }
  try {
    return await cmd(args, io);
  } catch (err) {
    // Never a stack trace for the user; the message says what failed.
    io.stderr(`Feil: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
// exitCode, not process.exit(): exit() cuts off a large --json output still being written to a pipe
if (isMain)
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
