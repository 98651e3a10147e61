/**
 * ExcelJS's streaming reader needs xl/workbook.xml, its rels and the shared strings before the worksheets.
 * Excel and ExcelJS itself write them after, so the reader parks worksheets in temp files, and then sometimes
 * reaches a worksheet before the workbook model is set ("Cannot read properties of undefined (reading 'sheets')").
 * Re-ordering the zip's entries first — copying each entry's bytes verbatim, no inflating — makes the read
 * deterministic and skips the temp files. Runs after guardZip, so the central directory is known to be sane.
 */
const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;

function rank(name: string): number {
  if (name === 'xl/workbook.xml') return 0;
  if (name === 'xl/_rels/workbook.xml.rels') return 1;
  if (name === 'xl/sharedStrings.xml') return 2;
  if (name === 'xl/styles.xml') return 3;
  if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) return 5;
  return 4;
}

function findEocd(buf: Buffer): number {
  for (let p = buf.length - 22; p >= Math.max(0, buf.length - 22 - 65535); p--) if (buf.readUInt32LE(p) === EOCD_SIG) return p;
  return -1;
}

export function reorderXlsxForStreaming(input: Buffer): Buffer {
  const eocd = findEocd(input);
  if (eocd < 0) return input;
  const count = input.readUInt16LE(eocd + 10);
  const cdSize = input.readUInt32LE(eocd + 12);
  const cdOffset = input.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize > eocd) return input; // zip64 or odd: leave as is

  const entries: { name: string; record: Buffer; local: number; index: number }[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > input.length || input.readUInt32LE(p) !== CDH_SIG) return input;
    const len = 46 + input.readUInt16LE(p + 28) + input.readUInt16LE(p + 30) + input.readUInt16LE(p + 32);
    entries.push({ name: input.toString('utf8', p + 46, p + 46 + input.readUInt16LE(p + 28)), record: Buffer.from(input.subarray(p, p + len)), local: input.readUInt32LE(p + 42), index: i });
    p += len;
  }
  const byOffset = [...entries].sort((a, b) => a.local - b.local);
  const end = new Map(byOffset.map((e, i) => [e, byOffset[i + 1]?.local ?? cdOffset]));
  const ordered = [...entries].sort((a, b) => rank(a.name) - rank(b.name) || a.local - b.local);
  if (ordered.every((e, i) => e === byOffset[i])) return input;

  const parts: Buffer[] = [];
  let offset = 0;
  for (const e of ordered) {
    const span = input.subarray(e.local, end.get(e));
    e.record.writeUInt32LE(offset, 42);
    parts.push(span);
    offset += span.length;
  }
  const newCdOffset = offset;
  parts.push(...ordered.map((e) => e.record));
  const tail = Buffer.from(input.subarray(eocd));
  tail.writeUInt32LE(newCdOffset, 16);
  parts.push(tail);
  return Buffer.concat(parts);
}
