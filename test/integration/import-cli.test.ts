import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createTjeneste } from '../support/factories.ts';
import { lofotenKontoplan, lofotenLonnsarter } from '../support/registers.ts';
import { buildWorkbook } from '../support/workbooks.ts';
import { buildTemplate } from '../../server/spreadsheet/index.ts';
import { importCommand, importWithDatabase } from '../../server/cli/import.command.ts';
import { runCli } from '../../server/cli/main.ts';
import type { LonnsartRecord } from '../../server/lonnsarter/lonnsarter.definition.ts';
import { definitionFor } from '../../server/registers/registry.ts';

let ctx: TestContext;
let dir: string;
beforeAll(async () => {
  ctx = await createTestContext();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kodeverk-import-'));
});
afterAll(async () => {
  await ctx.close();
  await fs.rm(dir, { recursive: true, force: true });
});

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) }, out, err };
}

async function writeFile(name: string, bytes: Buffer) {
  const file = path.join(dir, name);
  await fs.writeFile(file, bytes);
  return file;
}

const versions = (tjenesteId: number, register: string) =>
  ctx.db.selectFrom('register_version').select(['version_no', 'created_by']).where('tjeneste_id', '=', tjenesteId).where('register', '=', register).orderBy('version_no').execute();

describe('kodeverk import', () => {
  it('when run with --dry-run, then it prints the summary and writes nothing', async () => {
    const t = await createTjeneste(ctx.db);
    const file = await writeFile('kontoplan.xlsx', await buildTemplate(definitionFor('kontoplan'), lofotenKontoplan()));
    const { io, out } = captureIo();
    const code = await importWithDatabase(ctx.db, [file, '--register', 'kontoplan', '--tjeneste', t.slug, '--dry-run'], io);
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('Prøvekjøring (--dry-run): ingenting er lagret.');
    expect(out.join('\n')).toContain('regnskapsår 2026');
    expect(await versions(t.id, 'kontoplan')).toHaveLength(0);
  });

  it('when run without --dry-run, then it commits a version with an audit entry, and again with the same file makes none', async () => {
    const t = await createTjeneste(ctx.db);
    const file = await writeFile('kontoplan2.xlsx', await buildTemplate(definitionFor('kontoplan'), lofotenKontoplan()));
    const first = captureIo();
    expect(await importWithDatabase(ctx.db, [file, '--register', 'kontoplan', '--tjeneste', t.slug, '--json'], first.io)).toBe(0);
    const json = JSON.parse(first.out.join('')) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['register', 'ok', 'counts', 'records', 'errors', 'warnings', 'columns', 'notes', 'artScheme', 'import']);
    expect(json).toMatchObject({ register: 'kontoplan', ok: true, counts: { art: 9, ansvar: 4, funksjon: 3 }, import: { created: true, versionNo: 1, dryRun: false } });
    expect((json.records as unknown[])[0]).toEqual({ dimensjon: 'art', kode: '10100', navn: 'Fastlønn', kostra: '010', kontoklasse: 'drift' });
    expect(await versions(t.id, 'kontoplan')).toEqual([{ version_no: 1, created_by: null }]);
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'user_label']).where('tjeneste_id', '=', t.id).where('action', '=', 'importert').execute();
    expect(audit).toEqual([{ action: 'importert', user_label: 'system' }]);

    const again = captureIo();
    expect(await importWithDatabase(ctx.db, [file, '--register', 'kontoplan', '--tjeneste', t.slug], again.io)).toBe(0);
    expect(again.out.join('\n')).toContain('Innholdet er likt gjeldende versjon (v1) – ingen ny versjon ble laget.');
    expect(await versions(t.id, 'kontoplan')).toHaveLength(1);
  });

  it('when a lønnsart names an art missing from the tjeneste’s kontoplan, then exit 1 and nothing is written', async () => {
    const t = await createTjeneste(ctx.db);
    const kontoplan = await writeFile('k3.xlsx', await buildTemplate(definitionFor('kontoplan'), lofotenKontoplan()));
    expect(await importWithDatabase(ctx.db, [kontoplan, '--register', 'kontoplan', '--tjeneste', t.slug], captureIo().io)).toBe(0);
    const bad = await writeFile(
      'l3.xlsx',
      await buildWorkbook([
        {
          name: 'Lønnsarter',
          rows: [
            ['Lønnsart', 'Navn', 'Art'],
            ['2010', 'Fosterhjem', '19999'],
          ],
        },
      ]),
    );
    const { io, out } = captureIo();
    expect(await importWithDatabase(ctx.db, [bad, '--register', 'lonnsarter', '--tjeneste', t.slug], io)).toBe(1);
    expect(out.join('\n')).toContain('FEIL Lønnsarter!C2');
    expect(out.join('\n')).toContain('Ingenting er lagret');
    expect(await versions(t.id, 'lonnsarter')).toHaveLength(0);
    const good = await writeFile('l4.xlsx', await buildTemplate(definitionFor('lonnsarter'), lofotenLonnsarter()));
    expect(await importWithDatabase(ctx.db, [good, '--register', 'lonnsarter', '--tjeneste', t.slug], captureIo().io)).toBe(0);
    expect(await versions(t.id, 'lonnsarter')).toHaveLength(1);
  });

  it('when a file would remove most of the lønnsarter, then nothing is saved without --bekreft-fjerning, and the reason is printed', async () => {
    const t = await createTjeneste(ctx.db);
    const ten: LonnsartRecord[] = Array.from({ length: 10 }, (_, i) => ({ ...(lofotenLonnsarter()[0] as LonnsartRecord), kode: String(3000 + i), navn: `Lønnsart ${i}` }));
    const kontoplan = await writeFile('kp-r.xlsx', await buildTemplate(definitionFor('kontoplan'), lofotenKontoplan()));
    expect(await importWithDatabase(ctx.db, [kontoplan, '--register', 'kontoplan', '--tjeneste', t.slug], captureIo().io)).toBe(0);
    const all = await writeFile('l-10.xlsx', await buildTemplate(definitionFor('lonnsarter'), ten));
    expect(await importWithDatabase(ctx.db, [all, '--register', 'lonnsarter', '--tjeneste', t.slug], captureIo().io)).toBe(0);
    const two = await writeFile('l-2.xlsx', await buildTemplate(definitionFor('lonnsarter'), ten.slice(0, 2)));
    const refused = captureIo();
    expect(await importWithDatabase(ctx.db, [two, '--register', 'lonnsarter', '--tjeneste', t.slug], refused.io)).toBe(1);
    expect(refused.out.join('')).toContain('Filen har bare 2 av 10 lønnsarter – skal de 8 andre fjernes?');
    expect(refused.out.join('')).toContain('Kjør på nytt med --bekreft-fjerning');
    expect(await versions(t.id, 'lonnsarter')).toHaveLength(1);
    expect(await importWithDatabase(ctx.db, [two, '--register', 'lonnsarter', '--tjeneste', t.slug, '--bekreft-fjerning'], captureIo().io)).toBe(0);
    expect(await versions(t.id, 'lonnsarter')).toHaveLength(2);
  });

  it('when the tjeneste is unknown, then exit 1 with a message; when usage is wrong, then exit 2 without opening a database', async () => {
    const file = await writeFile('k5.xlsx', await buildTemplate(definitionFor('kontoplan')));
    const unknown = captureIo();
    expect(await importWithDatabase(ctx.db, [file, '--register', 'kontoplan', '--tjeneste', 'finnes-ikke'], unknown.io)).toBe(1);
    expect(unknown.err.join('')).toContain('Fant ingen tjeneste med kortnavnet «finnes-ikke»');
    for (const args of [[], [file], [file, '--register', 'kontoplan'], [file, '--register', 'x', '--tjeneste', 'a'], [file, '--register', 'kontoplan', '--tjeneste', 'a', '--regnskapsar', '2026']]) {
      const usage = captureIo();
      expect(await importCommand(args, usage.io)).toBe(2);
      expect(usage.err.join('')).toContain('Bruk: kodeverk import');
    }
    const missing = captureIo();
    expect(await importWithDatabase(ctx.db, [path.join(dir, 'nei.xlsx'), '--register', 'kontoplan', '--tjeneste', 'x'], missing.io)).toBe(1);
    expect(missing.err.join('')).toContain('Fant ikke filen');
  });

  it('when called through the CLI entry point, then import is a known command', async () => {
    const { io, out } = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(out.join('')).toContain('import FILE --register R --tjeneste SLUG');
    const usage = captureIo();
    expect(await runCli(['import'], usage.io)).toBe(2);
  });
});
