import zlib from 'node:zlib';
import ExcelJS from 'exceljs';

export interface SheetSpec {
  name: string;
  rows: unknown[][];
  hidden?: boolean | 'veryHidden';
  /** ranges like 'A1:C1' */
  merges?: string[];
}

/** An .xlsx built in memory; row i of rows is Excel row i+1, null/undefined cells stay empty. */
export async function buildWorkbook(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name, spec.hidden ? { state: spec.hidden === 'veryHidden' ? 'veryHidden' : 'hidden' } : {});
    spec.rows.forEach((values, r) => {
      const row = ws.getRow(r + 1);
      values.forEach((v, c) => {
        if (v !== null && v !== undefined) row.getCell(c + 1).value = v as ExcelJS.CellValue;
      });
    });
    for (const range of spec.merges ?? []) ws.mergeCells(range);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function csvBytes(text: string, options: { encoding: 'utf8' | 'utf8bom' | 'win1252' }): Buffer {
  if (options.encoding === 'utf8') return Buffer.from(text, 'utf8');
  if (options.encoding === 'utf8bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  // Windows-1252 agrees with latin1 for the Norwegian letters (æøåÆØÅ) and everything else we use in tests.
  return Buffer.from(text, 'latin1');
}

export interface ZipEntrySpec {
  name: string;
  /** raw bytes to store, or already deflated bytes with method 'deflate' */
  data: Buffer;
  method?: 'store' | 'deflate';
  /** the uncompressed size written into the headers (default: data length for stored entries) */
  declaredSize?: number;
}

/** A tiny zip writer (no CRC check is made by the readers we use, so crc is 0). */
export function zipBytes(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.method === 'deflate' ? 8 : 0;
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(Math.min(size, 0xffffffff), 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(Math.min(size, 0xffffffff), 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/**
 * Raw deflate data that inflates to `chunks` × 16 MB of zeros, made without inflating anything big:
 * one chunk is deflated with a full flush (self-contained, byte-aligned, repeatable), then closed by an
 * empty final block. 100 chunks ≈ 1.6 GB from about 1.6 MB.
 */
export function deflatedZeros(chunks: number): Buffer {
  const chunk = zlib.deflateRawSync(Buffer.alloc(16 * 1024 * 1024), { finishFlush: zlib.constants.Z_FULL_FLUSH, level: 9 });
  const finalEmptyBlock = Buffer.from([0x03, 0x00]);
  return Buffer.concat([...Array.from({ length: chunks }, () => chunk), finalEmptyBlock]);
}

/** An «xlsx» whose sheet inflates to gigabytes; honest = declares the real size, else claims a small size (a lying zip). */
export function zipBomb(options: { honest: boolean; chunks?: number }): Buffer {
  const chunks = options.chunks ?? 100;
  const data = deflatedZeros(chunks);
  return zipBytes([
    { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
    { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    { name: 'xl/worksheets/sheet1.xml', data, method: 'deflate', declaredSize: options.honest ? chunks * 16 * 1024 * 1024 : 4000 },
  ]);
}
