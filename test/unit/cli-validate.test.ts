import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { resultJson } from '../../server/cli/register-output.ts';
import { validateCommand } from '../../server/cli/validate.command.ts';
import { parseRegisterFile } from '../../server/spreadsheet/parse.ts';
import { definitionFor, otherDefinitions } from '../../server/registers/registry.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (name: string): string => path.join(root, 'test/fixtures', name);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await validateCommand(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

async function runJson(...args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  const r = await run(...args, '--json');
  expect(r.stderr).toBe('');
  return { code: r.code, json: JSON.parse(r.stdout) as Record<string, unknown> };
}

const ISSUE_KEYS = ['code', 'message', 'sheet', 'row', 'column', 'cell'];
const STACK_TRACE = /\n\s+at .+\(.+:\d+:\d+\)|\.ts:\d+/;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kodeverk-cli-'));
  fs.writeFileSync(path.join(dir, 'tilfeldig.xlsx'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
  // the OLE2 signature of an Excel 97–2003 workbook
  fs.writeFileSync(path.join(dir, 'gammel.xls'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2048)]));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A kontoplan workbook of `rows` rows, art and ansvar, some inactive: written as Excel writes a large sheet. */
async function largeKontoplan(file: string, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('Kontoplan');
  ws.addRow(['Dimensjon', 'Kode', 'Navn', 'Aktiv']).commit();
  for (let i = 0; i < rows; i++) ws.addRow(i % 3 === 0 ? ['Art', String(10_100 + i), `Art ${i}`, i % 7 === 0 ? 'Nei' : 'Ja'] : ['Ansvar', String(700_000 + i), `Ansvar ${i}`, 'Ja']).commit();
  ws.commit();
  await wb.commit();
}

describe('kodeverk validate --json', () => {
  it('when the kontoplan is valid, then exit 0 and the JSON has exactly register, ok, counts, records, errors, warnings', async () => {
    const { code, json } = await runJson(fixture('kontoplan.xlsx'), '--register', 'kontoplan', '--regnskapsar', '2026');
    expect(code).toBe(0);
    expect(Object.keys(json)).toEqual(['register', 'ok', 'counts', 'records', 'errors', 'warnings', 'columns', 'notes', 'artScheme']);
    expect(json['artScheme']).toMatchObject({ scheme: 'klasse5', chosen: false, total: 20 });
    expect(json).toMatchObject({ register: 'kontoplan', ok: true, counts: { art: 20, ansvar: 4, funksjon: 3 }, errors: [] });
    const records = json['records'] as Record<string, unknown>[];
    expect(records).toHaveLength(27);
    // kostra for every record, kontoklasse for arter (issue 11 item 9); the older fields keep their names
    for (const r of records) expect(Object.keys(r)).toEqual(r['dimensjon'] === 'art' ? ['dimensjon', 'kode', 'navn', 'kostra', 'kontoklasse'] : ['dimensjon', 'kode', 'navn', 'kostra']);
    expect(records).toContainEqual({ dimensjon: 'art', kode: '10100', navn: 'Fastlønn', kostra: '010', kontoklasse: 'drift' });
    const warnings = json['warnings'] as Record<string, unknown>[];
    expect(warnings.map((w) => w['code'])).toEqual(['kostra_art_utgatt']);
    for (const w of warnings) expect(Object.keys(w)).toEqual(ISSUE_KEYS);
  });

  it('when the workbook is large enough to be read in a thread of its own, then the JSON is exactly what the reader without the thread gives', async () => {
    const file = path.join(dir, 'stor-kontoplan.xlsx');
    await largeKontoplan(file, 25_000);
    expect(fs.statSync(file).size).toBeGreaterThan(512 * 1024);
    const { code, json } = await runJson(file, '--register', 'kontoplan', '--regnskapsar', '2026');
    const inline = await parseRegisterFile(fs.readFileSync(file), 'stor-kontoplan.xlsx', definitionFor('kontoplan'), { regnskapsar: 2026 }, otherDefinitions('kontoplan'));
    expect(json).toEqual(JSON.parse(resultJson('kontoplan', inline)));
    expect(code).toBe(inline.errors.length === 0 ? 0 : 1);
    expect((json['records'] as unknown[]).length).toBe(25_000);
  });

  it('when a CSV has columns the kontoplan does not use, then the JSON columns list every column with field null for the unused ones', async () => {
    const file = path.join(dir, 'budsjett.csv');
    fs.writeFileSync(file, 'art;art_tekst;beloep\n10100;Fastlønn;100\n10100;Fastlønn;200\n');
    const { code, json } = await runJson(file, '--register', 'kontoplan', '--regnskapsar', '2026');
    expect(code).toBe(0);
    expect(json['columns']).toEqual([
      { sheet: 'budsjett', column: 'A', header: 'art', field: 'art' },
      { sheet: 'budsjett', column: 'B', header: 'art_tekst', field: 'art_navn' },
      { sheet: 'budsjett', column: 'C', header: 'beloep', field: null },
    ]);
  });

  it('when the file has errors, then exit 1 with ok false and every error placed at its sheet, row, column and cell', async () => {
    const { code, json } = await runJson(fixture('kontoplan-med-feil.xlsx'), '--register', 'kontoplan', '--regnskapsar', '2026');
    expect(code).toBe(1);
    expect(json['ok']).toBe(false);
    const errors = json['errors'] as Record<string, unknown>[];
    expect(errors.map((e) => `${e['code']}@${e['sheet']}!${e['cell']}`)).toEqual(['dobbel_kode@Art!A7', 'kode_mangler@Art!A8']);
    for (const e of errors) expect(Object.keys(e)).toEqual(ISSUE_KEYS);
    expect(errors[1]).toEqual({ code: 'kode_mangler', message: expect.stringContaining('Fyll inn koden') as unknown, sheet: 'Art', row: 8, column: 'A', cell: 'A8' });
  });

  it('when the register is not kontoplan, then records carry that register’s own fields', async () => {
    const { code, json } = await runJson(fixture('lonnsarter.xlsx'), '--register', 'lonnsarter', '--regnskapsar', '2026');
    expect(code).toBe(0);
    expect(json['counts']).toEqual({ lonnsart: 8 });
    expect(Object.keys((json['records'] as object[])[0] ?? {})).toEqual(['kode', 'navn', 'art', 'skattepliktig', 'aga', 'feriepengegrunnlag', 'amelding_beskrivelse', 'tiltakstype', 'fordel']);
  });

  it.each([
    ['a missing file', () => path.join(dir, 'finnes-ikke.xlsx'), 'fil_ikke_lesbar', 'Fant ikke filen'],
    ['random bytes', () => path.join(dir, 'tilfeldig.xlsx'), 'ukjent_filformat', 'Lagre som'],
    ['an old .xls workbook', () => path.join(dir, 'gammel.xls'), 'xls_eller_passordbeskyttet', '.xlsx'],
  ])('when given %s, then exit 1 with one file-level error that says what to do', async (_label, file, errorCode, hint) => {
    const { code, json } = await runJson(file(), '--register', 'kontoplan');
    expect(code).toBe(1);
    expect(Object.keys(json)).toEqual(['register', 'ok', 'counts', 'records', 'errors', 'warnings', 'columns', 'notes']);
    expect(json).toMatchObject({ register: 'kontoplan', ok: false, records: [], warnings: [] });
    expect(json['errors']).toEqual([{ code: errorCode, message: expect.stringContaining(hint) as unknown, sheet: null, row: null, column: null, cell: null }]);
    expect(JSON.stringify(json)).not.toMatch(STACK_TRACE);
  });
});

describe('kodeverk validate, wrong use', () => {
  it.each([
    ['no file', ['--register', 'kontoplan'], 'Mangler fil'],
    ['no --register', [fixture('kontoplan.xlsx')], 'Mangler --register'],
    ['an unknown register', [fixture('kontoplan.xlsx'), '--register', 'kontoer'], 'Ukjent register «kontoer»'],
    ['a regnskapsår that is not four digits', [fixture('kontoplan.xlsx'), '--register', 'kontoplan', '--regnskapsar', '26'], 'Ugyldig regnskapsår «26»'],
    ['--regnskapsar without a value', [fixture('kontoplan.xlsx'), '--register', 'kontoplan', '--regnskapsar'], 'Ugyldig regnskapsår'],
    ['an unknown option', [fixture('kontoplan.xlsx'), '--register', 'kontoplan', '--fort'], 'Ukjent valg --fort'],
  ])('when given %s, then exit 2 with the reason and the usage on stderr and nothing on stdout', async (_label, args, reason) => {
    const r = await run(...args, '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(reason);
    expect(r.stderr).toContain('Bruk: kodeverk validate FIL --register');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('kodeverk validate without --json', () => {
  it('when the file has errors, then a Norwegian summary lists counts, each error and warning at its cell, and exit 1', async () => {
    const r = await run(fixture('kontoplan-med-feil.xlsx'), '--register', 'kontoplan', '--regnskapsar', '2026');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('kontoplan-med-feil.xlsx (kontoplan, regnskapsår 2026): 2 feil, 2 advarsler.');
    // funksjon 259 (no KOSTRA funksjon) is kept with a warning: an error only where it is used
    expect(lines[1]).toBe('Lest: 20 art, 4 ansvar, 4 funksjon.');
    expect(lines.filter((l) => l.startsWith('FEIL '))).toEqual([
      expect.stringMatching(/^FEIL Art!A7: Art 10510 står to ganger med ulikt innhold/),
      expect.stringMatching(/^FEIL Art!A8: Raden har navn, men ingen kode/),
    ]);
    expect(lines.filter((l) => l.startsWith('ADVARSEL '))).toEqual([
      expect.stringMatching(/^ADVARSEL Art!A15: Art 12700: 270 er utgått fra 2026/),
      expect.stringMatching(/^ADVARSEL Funksjon!A5: Funksjon 259/),
    ]);
  });

  it('when the file is fine, then the summary says there are no errors and exit 0', async () => {
    const r = await run(fixture('utbetalingskategorier.xlsx'), '--register', 'utbetalingskategorier', '--regnskapsar', '2026');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^utbetalingskategorier\.xlsx \(utbetalingskategorier, regnskapsår 2026\): ingen feil, \d+ advars/);
  });

  it.each([
    ['a missing file', () => path.join(dir, 'finnes-ikke.xlsx'), 'Fant ikke filen'],
    ['a folder', () => dir, 'er en mappe, ikke en fil'],
    ['random bytes', () => path.join(dir, 'tilfeldig.xlsx'), 'Vi kjenner ikke igjen filformatet'],
  ])('when given %s, then a plain Norwegian message, no stack trace, and exit 1', async (_label, file, message) => {
    const r = await run(file(), '--register', 'kontoplan');
    expect(r.code).toBe(1);
    expect(`${r.stdout}${r.stderr}`).toContain(message);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(STACK_TRACE);
  });
});

describe('the kodeverk binary', () => {
  it('when the reader of the output stops early (… | head), then the process ends quietly, without a stack trace', async () => {
    const result = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      execFile(
        'bash',
        ['-c', `'${process.execPath}' bin/kodeverk.js validate test/fixtures/real/stavanger-budsjett-2016-drift.csv --register kontoplan --regnskapsar 2026 --json | head -c 100`],
        { cwd: root, timeout: 60_000 },
        (_error, stdout, stderr) => resolve({ stdout, stderr }),
      );
    });
    expect(result.stdout).toHaveLength(100);
    expect(result.stderr).toBe('');
  });

  it('when a large file is not an .xlsx (a 1.3 MB CSV), then the reading thread started for it is stopped and the process ends by itself', async () => {
    const file = 'test/fixtures/real/stavanger-budsjett-2016-drift.csv';
    expect(fs.statSync(path.join(root, file)).size).toBeGreaterThan(512 * 1024);
    const result = await new Promise<{ error: Error | null; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ['bin/kodeverk.js', 'validate', file, '--register', 'kontoplan', '--regnskapsar', '2026', '--json'],
        { cwd: root, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout) => resolve({ error: error && (error as { killed?: boolean }).killed ? error : null, stdout }),
      );
    });
    // a thread left running would keep the process alive until the timeout killed it
    expect(result.error).toBeNull();
    expect(JSON.parse(result.stdout)).toMatchObject({ register: 'kontoplan' });
  });

  it('when validate runs end to end on a file with errors, then it exits 1 and prints parseable JSON on stdout', async () => {
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['bin/kodeverk.js', 'validate', 'test/fixtures/kontoplan-med-feil.xlsx', '--register', 'kontoplan', '--json'],
        { cwd: root, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      );
    });
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ register: 'kontoplan', ok: false, counts: { art: 20, ansvar: 4, funksjon: 4 } });
    expect((json['errors'] as unknown[]).length).toBeGreaterThan(0);
  });
});
