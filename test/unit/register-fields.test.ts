import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rowSchema } from '../../server/export/export.document.ts';
import { diffRegister } from '../../server/imports/import.diff.ts';
import { recordTable } from '../../server/imports/import.views.ts';
import { exportedFields, fieldCells, fieldsOfKind, labelsOf, type RegisterDefinition, type RegisterField, storedColumns } from '../../server/spreadsheet/definition.ts';
import { insertRows } from '../../server/registers/registers.writer.ts';
import { buildTemplate } from '../../server/spreadsheet/index.ts';
import { kodeverkJsonSchema } from '../../server/export/export.document.ts';
import { Kysely, PostgresDialect } from 'kysely';
import { definitionFor, registerNames, type RegisterRecord } from '../../server/registers/registry.ts';

// Each register definition is the single source of its fields (server/registers/CONTEXT.md): what every consumer
// lists is derived from `fields`, and the consumers take the definition as it is, so a field added there reaches the
// table, the pages, the diff, the template and the export without a change elsewhere.

// compiles SQL only; never connects
const compiler = new Kysely<never>({ dialect: new PostgresDialect({ pool: {} as never }) });

const probe: RegisterField = { name: 'provefelt', label: 'Prøvefelt', kind: 'text', required: false, blank: 'ikke oppgitt', exportDescription: 'et felt bare denne testen har' };

/** The definition with one more field, as its file would have it after adding it to the fields (and nothing else). */
function withProbe(def: RegisterDefinition<RegisterRecord>): RegisterDefinition<RegisterRecord> {
  const cellFields = (fields: readonly RegisterField[]) => fields.filter((f) => f.name !== 'dimensjon');
  const fields = [...def.fields, probe];
  return {
    ...def,
    fields,
    inputFields: [...def.inputFields, probe.name],
    mappableFields: [...def.mappableFields, probe.name],
    templateSheets: def.templateSheets.map((s) => ({ ...s, fields: [...s.fields, probe.name] })),
    exportHeaders: labelsOf(cellFields(fields)),
    toExportCells: (r) => fieldCells(cellFields(fields), r),
  };
}

const record = (def: RegisterDefinition<RegisterRecord>, provefelt: string | null) => ({ ...def.exampleRows[0], provefelt }) as unknown as RegisterRecord;

describe.each(registerNames)('the %s definition', (register) => {
  const def = definitionFor(register);
  const names = def.fields.map((f) => f.name);
  // the kontoplan's dimensjon is which sheet (and which array of kodeverk.json) a row is in, not a cell of it
  const cellNames = names.filter((n) => n !== 'dimensjon');

  it('when its members list fields, then each list is derived from its fields', () => {
    expect(storedColumns(def).map((c) => c.name)).toEqual([...(def.storage.rowNumber ? [def.storage.rowNumber] : []), ...names, ...(def.storage.extraColumns ?? []).map((c) => c.name)]);
    expect(def.inputFields).toEqual(names);
    expect(Object.keys(def.exportHeaders)).toEqual(cellNames);
    expect(def.exportHeaders).toEqual(labelsOf(def.fields.filter((f) => cellNames.includes(f.name))));
    expect(def.janeiFields).toEqual(fieldsOfKind(def.fields, 'janei'));
    expect([...new Set(def.templateSheets.flatMap((s) => s.fields))].sort()).toEqual([...cellNames].sort());
    for (const r of def.exampleRows)
      expect(def.toExportCells(r)).toEqual(
        fieldCells(
          def.fields.filter((f) => cellNames.includes(f.name)),
          r,
        ),
      );
    expect(exportedFields(def).map((f) => f.name)).toEqual(cellNames);
  });

  it('when kodeverk.json is described, then its rows have exactly the exported fields, in order', () => {
    const schema = kodeverkJsonSchema() as { properties: Record<string, { anyOf?: { properties?: Record<string, unknown> }[] }> };
    const section = schema.properties[register]?.anyOf?.find((s) => s.properties)?.properties as Record<string, { items?: { properties: object } }>;
    const rows = register === 'kontoplan' ? section['art'] : section['rader'];
    expect(Object.keys(rows?.items?.properties ?? {})).toEqual(exportedFields(def).map((f) => f.name));
  });

  describe('when a field is added to it', () => {
    const next = withProbe(def);

    it('then the writer stores it', () => {
      const { sql, parameters } = insertRows(next, 1, [record(next, 'x')]).compile(compiler);
      expect(sql).toContain('"provefelt"');
      expect(sql).toContain(`insert into "${def.storage.table}"`);
      expect(parameters).toContainEqual(['x']);
    });

    it('then the preview and the version page show it, and the diff names its change', () => {
      expect(recordTable(next, [record(next, 'x')]).columns.at(-1)).toBe('Prøvefelt');
      expect(recordTable(next, [record(next, 'x')]).rows[0]?.at(-1)).toBe('x');
      const d = diffRegister(next, [record(next, 'før')], [record(next, 'etter')]);
      expect(d.changed[0]?.fields).toEqual([{ field: 'provefelt', label: 'Prøvefelt', before: 'før', after: 'etter' }]);
    });

    it('then kodeverk.json carries it with its description', () => {
      const rows = z.toJSONSchema(rowSchema(next)) as { properties: Record<string, { description?: string }> };
      expect(Object.keys(rows.properties).at(-1)).toBe('provefelt');
      expect(rows.properties['provefelt']?.description).toBe('et felt bare denne testen har');
      expect(rowSchema<Record<string, unknown>>(next).parse({ ...record(next, 'x') })).toMatchObject({ provefelt: 'x' });
    });

    it('then the template and the export sheets have its column, with its label and value', async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await buildTemplate(next, [record(next, 'x')])) as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet(next.templateSheets[0]?.name ?? '');
      if (!sheet) throw new Error('no sheet');
      expect((sheet.getRow(1).values as unknown[]).at(-1)).toBe('Prøvefelt');
      expect((sheet.getRow(2).values as unknown[]).at(-1)).toBe('x');
      // the blank template's guide explains every column, the new one too
      const blank = new ExcelJS.Workbook();
      await blank.xlsx.load((await buildTemplate(next)) as unknown as ArrayBuffer);
      const guide: unknown[] = [];
      blank.getWorksheet('Slik fyller du ut')?.eachRow((r) => guide.push(r.getCell(1).value));
      expect(guide).toContain('Prøvefelt');
    });
  });
});
