import yauzl from 'yauzl';
import yazl from 'yazl';

// Every entry gets this time, so the same content always gives the same bytes.
export const FIXED_TIME = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

export interface ZipFile {
  path: string;
  data: Buffer;
}

/** A byte-for-byte reproducible zip: entries in the given order, fixed times and modes, fixed compression. */
export function deterministicZip(files: readonly ZipFile[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const f of files) zip.addBuffer(f.data, f.path, { mtime: FIXED_TIME, mode: 0o100644, compress: true, compressionLevel: 9, forceDosTimestamp: true });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** Reads every entry of a zip we made ourselves (or an xlsx from ExcelJS), in stored order. */
export function readZip(buf: Buffer): Promise<ZipFile[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('zip'));
      const out: ZipFile[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('zip entry'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.push({ path: entry.fileName, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** ExcelJS stamps zip entries with the current time; re-packing makes an xlsx reproducible. */
export async function normalizeZip(buf: Buffer): Promise<Buffer> {
  return deterministicZip(await readZip(buf));
}
