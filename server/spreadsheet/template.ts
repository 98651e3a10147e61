import ExcelJS from 'exceljs';
import type { RegisterName, RegisterRecord } from './types.ts';
import { columnLetter } from './issues.ts';
import { neutralizeFormula } from './formula.ts';
import { definitionFor } from './registry.ts';

const VALIDATION_ROWS = 1000;

/**
 * A workbook in the register's canonical layout (from its definition): the canonical Norwegian headers, frozen,
 * Ja/Nei and tiltakstype drop-downs, code columns formatted as text so Excel keeps leading zeros.
 * Without records: the blank template with one example row. With records: those rows (texts neutralised
 * against formula injection), which parseRegisterFile reads back unchanged.
 */
export async function buildTemplate(register: RegisterName, records?: readonly RegisterRecord[]): Promise<Buffer> {
  const def = definitionFor(register);
  const rows = records ?? def.exampleRows;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'kodeverk';
  for (const sheet of def.templateSheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.fields.map((field) => ({
      header: def.exportHeaders[field] ?? field,
      key: field,
      width: field === 'navn' ? 45 : field === 'amelding_beskrivelse' ? 40 : 16,
      style: def.codeFields.includes(field) || field === 'kostra' ? { numFmt: '@' } : {},
    }));
    ws.getRow(1).font = { bold: true };
    for (const record of rows) {
      if (!sheet.includes(record)) continue;
      const cells = def.toExportCells(record);
      const values: Record<string, string> = {};
      for (const field of sheet.fields) {
        const v = cells[field];
        if (v !== null && v !== undefined) values[field] = neutralizeFormula(v);
      }
      ws.addRow(values);
    }
    sheet.fields.forEach((field, i) => {
      const letter = columnLetter(i + 1);
      // a choice field of the definition (tiltakstype, fordel …) offers its options' words
      const options = def.fields.find((f) => f.name === field && f.kind === 'choice')?.options?.map((o) => o.label);
      const list = def.janeiFields.includes(field) ? '"Ja,Nei"' : options ? `"${options.join(',')}"` : null;
      if (list === null) return;
      const validation: ExcelJS.DataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [list],
        showErrorMessage: true,
        errorTitle: 'Ugyldig verdi',
        error: def.janeiFields.includes(field) ? 'Velg Ja eller Nei.' : `Velg ${(options ?? []).join(', ').replace(/, ([^,]*)$/, ' eller $1')}.`,
      };
      const last = Math.max(VALIDATION_ROWS, rows.length + 1);
      (ws as unknown as { dataValidations: { add: (range: string, v: ExcelJS.DataValidation) => void } }).dataValidations.add(`${letter}2:${letter}${last}`, validation);
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
