import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../platform/db/database.ts';
import { findTjenesteBySlug } from '../tenancy/tenancy.repository.ts';
import { downloadExport, draftPackage, finalExport } from '../export/export.service.ts';
import { loadKodeverkState } from '../kodeverk/kodeverk.state.ts';
import { AppError } from '../platform/http/errors.ts';
import { withDatabase } from './database.ts';
import { parseArgs, type CliIo } from './io.ts';

const USAGE = 'Bruk: kodeverk export --tjeneste SLUG --out FIL.zip [--draft]';

/** The core, on an open database: the same service functions as the browser's export page. */
export async function runExport(db: Db, opts: { slug: string; out: string; draft: boolean }, io: CliIo): Promise<number> {
  const t = await findTjenesteBySlug(db, opts.slug);
  if (!t) {
    io.stderr(`Fant ingen tjeneste med kortnavn «${opts.slug}».`);
    return 1;
  }
  const who = { userId: null, label: 'kommandolinjen', roles: null, tjenesteId: t.id };
  try {
    let zip: Buffer;
    let note: string;
    if (opts.draft) {
      const pkg = await draftPackage(await loadKodeverkState(db, t.id), who);
      zip = pkg.zip;
      note = `Utkast skrevet til ${opts.out} (${pkg.manifest.filer.length} filer, innholdshash ${pkg.manifest.innholdshash}).`;
    } else {
      const r = await finalExport(db, who);
      zip = (await downloadExport(db, t.id, r.exportNo)).zip;
      note = r.created ? `Eksport nr. ${r.exportNo} er laget og skrevet til ${opts.out}.` : `Kodeverket er uendret siden eksport nr. ${r.exportNo}; den er skrevet til ${opts.out}.`;
    }
    fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
    fs.writeFileSync(opts.out, zip);
    io.stdout(note);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      io.stderr(err.message);
      return 1;
    }
    throw err;
  }
}

export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(args, ['draft']);
  const slug = flags.tjeneste;
  const out = flags.out;
  if (positionals.length > 0 || typeof slug !== 'string' || typeof out !== 'string' || Object.keys(flags).some((f) => !['tjeneste', 'out', 'draft'].includes(f))) {
    io.stderr(USAGE);
    return 2;
  }
  return withDatabase(({ db }) => runExport(db, { slug, out, draft: flags.draft === true }, io));
}
