import { checkedText, type CellProblem, type SheetRow } from './cells.ts';

/** UTF-8 (with or without BOM) when valid, else Windows-1252 (Norwegian Excel's «CSV (semikolonseparert)»). */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

/** 0x80–0x9F of Windows-1252 (Node's TextDecoder may treat «windows-1252» as Latin-1 without full ICU). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const part = bytes.subarray(start, start + CHUNK);
    const chars = new Array<string>(part.length);
    for (let i = 0; i < part.length; i++) {
      const b = part[i] ?? 0;
      chars[i] = b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? '') : String.fromCharCode(b);
    }
    out += chars.join('');
  }
  return out;
}

/** ';', ',' or tab, whichever occurs most outside quotes in the first lines; ';' on a tie. */
export function detectSeparator(text: string): string {
  const counts: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  let inQuotes = false;
  let lines = 0;
  for (let i = 0; i < text.length && lines < 20; i++) {
    const ch = text[i] as string;
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === '\n') lines++;
    else if (!inQuotes && ch in counts) counts[ch] = (counts[ch] ?? 0) + 1;
  }
  let best = ';';
  for (const sep of [',', '\t']) if ((counts[sep] ?? 0) > (counts[best] ?? 0)) best = sep;
  return best;
}

/** RFC 4180 fields: quoted fields may hold the separator, doubled quotes ("") and line breaks. */
export function parseCsvText(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i] as string;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      field = '';
      inQuotes = true;
    } else if (ch === separator) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else {
      field += ch;
    }
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** CSV as SheetRows. Digit-only values without a leading zero count as «numeric»: Excel may have dropped zeros before saving. */
export function csvRows(bytes: Uint8Array): SheetRow[] {
  const text = decodeCsv(bytes);
  const records = parseCsvText(text, detectSeparator(text));
  return records.map((fields, index) => {
    let numeric: boolean[] | null = null;
    let problems: (CellProblem | undefined)[] | null = null;
    const cells = fields.map((f, col) => {
      const checked = checkedText(f);
      if (checked !== null && typeof checked !== 'string') {
        (problems ??= [])[col] = checked;
        return null;
      }
      if (checked !== null && /^[1-9]\d*$/.test(checked)) (numeric ??= [])[col] = true;
      return checked;
    });
    return { number: index + 1, cells, numeric, problems };
  });
}

/** A sheet name for a CSV file: its file name without extension, as Excel would name it (max 31 characters). */
export function csvSheetName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const clean = base
    .replace(/[[\]:*?/\\]/g, '_')
    .slice(0, 31)
    .trim();
  return clean === '' ? 'CSV' : clean;
}
