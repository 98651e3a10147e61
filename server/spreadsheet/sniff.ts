import zlib from 'node:zlib';
import yauzl from 'yauzl';
import type { Issue } from './types.ts';
import { fileIssue } from './issues.ts';

export type SniffResult = { kind: 'xlsx' | 'csv' } | { kind: 'rejected'; issue: Issue };

const SAVE_AS_XLSX = 'Åpne filen i Excel og velg Fil → Lagre som → Excel-arbeidsbok (.xlsx).';

function rejected(code: string, message: string): SniffResult {
  return { kind: 'rejected', issue: fileIssue(code, message) };
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

const ZIP = [0x50, 0x4b, 0x03, 0x04] as const;
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06] as const;
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** True when the first 8 KB look like text: no NUL bytes and few control characters. */
function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] ?? 0;
    if (b === 0) return false;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return control <= n / 100;
}

/**
 * Decides what a file is from its first bytes, BEFORE any spreadsheet library sees it
 * (ExcelJS says «is this a zip file?» for all of the cases below).
 */
export function sniffFile(bytes: Uint8Array, fileName: string): SniffResult {
  const ext = extensionOf(fileName);
  if (bytes.length === 0 || (bytes.length < 4 && looksLikeText(bytes) && new TextDecoder().decode(bytes).trim() === '')) {
    return rejected('tom_fil', 'Filen er tom. Velg filen på nytt, og sjekk at den er lagret før du laster den opp.');
  }
  if (startsWith(bytes, PDF)) {
    return rejected('pdf_fil', `Filen er en PDF. Vi kan ikke lese tabeller fra PDF. Ta ut listen fra økonomi- eller lønnssystemet som Excel (.xlsx) eller CSV i stedet, eller bruk malen.`);
  }
  if (startsWith(bytes, OLE2) && hasUtf16(bytes, 'WordDocument')) {
    return rejected('word_fil', `Filen er et Word-dokument (.doc), ikke et regneark. Kopier tabellen over i Excel og lagre som .xlsx, eller bruk malen.`);
  }
  if (startsWith(bytes, OLE2)) {
    return rejected(
      'xls_eller_passordbeskyttet',
      `Filen er enten en gammel Excel-fil (.xls, Excel 97–2003) eller en passordbeskyttet arbeidsbok. Vi kan ikke lese noen av dem. Fjern eventuelt passordet (Fil → Info → Beskytt arbeidsbok), og lagre som .xlsx: ${SAVE_AS_XLSX}`,
    );
  }
  if (startsWith(bytes, ZIP) || startsWith(bytes, ZIP_EMPTY)) {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buf.indexOf('mimetypeapplication/vnd.oasis.opendocument.spreadsheet') >= 0 || (buf.indexOf('application/vnd.oasis.opendocument.spreadsheet') >= 0 && buf.indexOf('content.xml') >= 0)) {
      return rejected(
        'ods_format',
        `Filen er et OpenDocument-regneark (.ods, fra LibreOffice eller OpenOffice). Vi leser bare .xlsx og .csv. Åpne filen og velg Fil → Lagre som → Excel 2007-365 (.xlsx), eller ${SAVE_AS_XLSX.charAt(0).toLowerCase()}${SAVE_AS_XLSX.slice(1)}`,
      );
    }
    if (buf.indexOf('xl/workbook.bin') >= 0 && buf.indexOf('xl/workbook.xml') < 0) {
      return rejected('xlsb_format', `Filen er en binær Excel-arbeidsbok (.xlsb). Vi leser bare .xlsx og .csv. ${SAVE_AS_XLSX}`);
    }
    if (centralDirectoryOffset(buf) === null) return rejected('skadet_fil', DAMAGED_MESSAGE);
    if (buf.indexOf('word/document.xml') >= 0 && buf.indexOf('xl/workbook.xml') < 0) {
      return rejected('word_fil', `Filen er et Word-dokument (.docx), ikke et regneark. Kopier tabellen over i Excel og lagre som .xlsx, eller bruk malen.`);
    }
    if (buf.indexOf('ppt/presentation.xml') >= 0 && buf.indexOf('xl/workbook.xml') < 0) {
      return rejected('powerpoint_fil', `Filen er en PowerPoint-presentasjon, ikke et regneark. Last opp regnearket (.xlsx eller .csv) i stedet.`);
    }
    if (buf.indexOf('xl/workbook.xml') < 0) {
      return rejected('ikke_excel_zip', `Filen er en zip-fil, men ikke en Excel-arbeidsbok (eller den er skadet). ${SAVE_AS_XLSX}`);
    }
    return { kind: 'xlsx' };
  }
  if (looksLikeText(bytes)) {
    const markup = markupKind(bytes);
    if (markup !== null) return rejected(markup.code, markup.message);
    if (ext === 'xlsx' || ext === 'xlsm' || ext === 'xls') {
      return rejected(
        'csv_med_feil_endelse',
        `Filen heter .${ext}, men er egentlig en tekstfil (CSV). Gi filen endelsen .csv og last den opp igjen, eller ${SAVE_AS_XLSX.charAt(0).toLowerCase()}${SAVE_AS_XLSX.slice(1)}`,
      );
    }
    return { kind: 'csv' };
  }
  return rejected('ukjent_filformat', `Vi kjenner ikke igjen filformatet – filen er verken en Excel-arbeidsbok (.xlsx) eller en CSV-fil, eller den er skadet. ${SAVE_AS_XLSX}`);
}

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d] as const; // %PDF-

function hasUtf16(bytes: Uint8Array, text: string): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buf.indexOf(Buffer.from(text, 'utf16le')) >= 0;
}

/**
 * A text file that is markup, not CSV: XML (SAF-T, Excel 2003 «XML-regneark») or HTML (an ERP's «Excel» export
 * that is really a web page). Read as CSV it would give one column of tags.
 */
function markupKind(bytes: Uint8Array): { code: string; message: string } | null {
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 4096))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (!head.startsWith('<')) return null;
  const lower = head.toLowerCase();
  if (lower.startsWith('<!doctype html') || lower.startsWith('<html') || /<(table|body|head)[\s>]/.test(lower.slice(0, 1000))) {
    return {
      code: 'html_fil',
      message: `Filen er en nettside (HTML), selv om den kan hete .xls eller .csv – noen økonomisystemer lager slike «Excel-filer». Åpne den i Excel og velg Fil → Lagre som → Excel-arbeidsbok (.xlsx), og last opp den nye filen.`,
    };
  }
  if (lower.includes('progid="excel.sheet"') || lower.includes('urn:schemas-microsoft-com:office:spreadsheet')) {
    return { code: 'xml_regneark', message: `Filen er et XML-regneark (Excel 2003). ${SAVE_AS_XLSX}` };
  }
  if (lower.includes('auditfile') && lower.includes('saf-t')) {
    return { code: 'saft_xml', message: 'Filen er en SAF-T-fil (XML). Vi leser ikke SAF-T direkte. Ta ut kontoplanen fra økonomisystemet som Excel (.xlsx) eller CSV, eller bruk malen.' };
  }
  return { code: 'xml_fil', message: 'Filen er en XML-fil, ikke et regneark. Ta ut listen fra systemet som Excel (.xlsx) eller CSV i stedet, eller bruk malen.' };
}

export interface ZipLimits {
  maxTotalUncompressed: number;
  maxEntries: number;
  /** uncompressed/compressed above this is refused when the entry is also larger than minSuspiciousSize */
  maxRatio: number;
  minSuspiciousSize: number;
}

const defaultZipLimits: ZipLimits = {
  maxTotalUncompressed: 200 * 1024 * 1024,
  maxEntries: 2000,
  maxRatio: 100,
  minSuspiciousSize: 10 * 1024 * 1024,
};

const ZIP_BOMB_MESSAGE =
  'Filen pakkes ut til mye mer enn et vanlig regneark (den kan være en såkalt zip-bombe) og blir ikke lest. Lagre regnearket på nytt fra Excel som .xlsx, og fjern store bilder eller ark som ikke trengs.';
const DAMAGED_MESSAGE = `Filen er skadet eller ufullstendig (kanskje ble opplastingen avbrutt). Last opp filen på nytt. Hvis det ikke hjelper: ${SAVE_AS_XLSX}`;

/**
 * Inflates one entry's data as a stream, counting and discarding the output, and stops as soon as it exceeds the
 * declared size: a zip that lies about its sizes is caught after at most the declared size of work, and memory
 * stays at one chunk however big the sheet is (a one-shot inflate would hold the whole sheet XML).
 * yauzl still parses and validates the central directory. Resolves null when the entry inflates to exactly its
 * declared size.
 */
function boundedInflate(buf: Buffer, entry: yauzl.Entry, budget: number): Promise<'bomb' | 'damaged' | null> {
  const local = entry.relativeOffsetOfLocalHeader;
  if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) return Promise.resolve('damaged');
  const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) return Promise.resolve('damaged');
  if (entry.uncompressedSize > budget) return Promise.resolve('bomb');
  if (entry.compressionMethod === 0) return Promise.resolve(entry.compressedSize === entry.uncompressedSize ? null : 'damaged');
  if (entry.compressionMethod !== 8) return Promise.resolve('damaged');
  const declared = entry.uncompressedSize;
  return new Promise((resolve) => {
    const inflate = zlib.createInflateRaw({ chunkSize: 256 * 1024 });
    let total = 0;
    let settled = false;
    const settle = (result: 'bomb' | 'damaged' | null): void => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      resolve(result);
    };
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > declared) settle('bomb');
    });
    inflate.on('error', () => settle('damaged'));
    inflate.on('end', () => settle(total === declared ? null : total > declared ? 'bomb' : 'damaged'));
    inflate.end(data);
  });
}

/** End of the local entries, i.e. where the central directory starts, read from the end-of-central-directory record. */
function centralDirectoryOffset(buf: Buffer): number | null {
  const from = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= from; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) return buf.readUInt32LE(i + 16);
  }
  return null;
}

/**
 * Zip-bomb and damage guard, run before ExcelJS inflates anything: reads the central directory with yauzl,
 * refuses too many entries, a too large declared total, absurd compression ratios, bytes hidden outside the
 * listed entries, and entries whose data inflates to more (or less) than they declare (every inflate is capped
 * at the declared size, see boundedInflate). Returns null when the zip is acceptable.
 */
export function guardZip(bytes: Uint8Array, limits: ZipLimits = defaultZipLimits, options: { inflate?: boolean } = {}): Promise<Issue | null> {
  // inflate: false checks the directory only (counts, declared sizes, ratios, hidden bytes): the cheap refusal at
  // upload; the inflating check then runs where the file is read (parseRegisterFile, in a worker thread)
  const inflate = options.inflate ?? true;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (issue: Issue | null, zip?: yauzl.ZipFile): void => {
      if (settled) return;
      settled = true;
      if (zip?.isOpen) zip.close();
      resolve(issue);
    };
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) {
        finish(fileIssue('skadet_fil', DAMAGED_MESSAGE));
        return;
      }
      if (zip.entryCount > limits.maxEntries) {
        finish(fileIssue('zip_bombe', ZIP_BOMB_MESSAGE), zip);
        return;
      }
      let declaredTotal = 0;
      let inflatedTotal = 0;
      let coveredBytes = 0;
      zip.on('error', () => finish(fileIssue('skadet_fil', DAMAGED_MESSAGE), zip));
      zip.on('end', () => {
        const cdOffset = centralDirectoryOffset(buf);
        // Everything before the central directory must belong to a listed entry (ExcelJS reads local headers,
        // so an unlisted entry would be inflated without these checks). Small slack for data descriptors.
        if (cdOffset === null || cdOffset - coveredBytes > 1024 + zip.entryCount * 16) {
          finish(fileIssue('zip_bombe', ZIP_BOMB_MESSAGE), zip);
          return;
        }
        finish(null, zip);
      });
      zip.on('entry', (entry: yauzl.Entry) => {
        declaredTotal += entry.uncompressedSize;
        const ratio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : entry.uncompressedSize > 0 ? Infinity : 0;
        if (declaredTotal > limits.maxTotalUncompressed || (ratio > limits.maxRatio && entry.uncompressedSize > limits.minSuspiciousSize)) {
          finish(fileIssue('zip_bombe', ZIP_BOMB_MESSAGE), zip);
          return;
        }
        const local = entry.relativeOffsetOfLocalHeader;
        if (local + 30 <= buf.length) {
          coveredBytes += 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28) + entry.compressedSize;
          if ((entry.generalPurposeBitFlag & 8) !== 0) coveredBytes += 12;
        }
        if (entry.fileName.endsWith('/') || !inflate) {
          zip.readEntry();
          return;
        }
        void boundedInflate(buf, entry, limits.maxTotalUncompressed - inflatedTotal).then((problem) => {
          if (problem !== null) {
            finish(fileIssue(problem === 'bomb' ? 'zip_bombe' : 'skadet_fil', problem === 'bomb' ? ZIP_BOMB_MESSAGE : DAMAGED_MESSAGE), zip);
            return;
          }
          inflatedTotal += entry.uncompressedSize;
          if (!settled) zip.readEntry();
        });
      });
      zip.readEntry();
    });
  });
}
