import type ExcelJSModule from 'exceljs';

/**
 * ExcelJS, loaded when a workbook is first read or written instead of when the server starts: it is ~28 MB of the
 * page thread's resident memory, and a server that only shows pages never needs it there (the reads run in worker
 * threads). The web preview's peak is the page thread at rest plus the reading thread (npm run bench:import).
 */
export async function loadExcelJS(): Promise<typeof ExcelJSModule> {
  return (await import('exceljs')).default;
}
