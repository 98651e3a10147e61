/**
 * JSON.stringify of an object as UTF-8 bytes in parts, without ever holding the whole text as one string: large arrays are
 * written a slice at a time. A 100,000-row read result is ~30 MB of JSON, and as one V8 string it is twice that (one
 * «–» in a message makes the whole string two bytes per character); in slices the worker thread's heap never holds
 * more than a slice's text, and the bytes live outside the heap in parts, handed over without a copy (ownedBuffers) and
 * never joined into one 30 MB buffer.
 * Same value as JSON.parse(JSON.stringify(value)) for any object of JSON values (undefined properties are left out,
 * undefined in arrays becomes null, as JSON.stringify does); key order may differ, which JSON does not mind.
 */
const SLICE = 2000;

/** The JSON as UTF-8 in parts, in order (their concatenation is the whole text). */
export function jsonParts(value: Record<string, unknown>): Buffer[] {
  const parts: Buffer[] = [];
  let first = true;
  parts.push(Buffer.from('{'));
  for (const [key, v] of Object.entries(value)) {
    if (Array.isArray(v) && v.length > SLICE) {
      parts.push(Buffer.from(`${first ? '' : ','}${JSON.stringify(key)}:[`));
      for (let i = 0; i < v.length; i += SLICE) {
        // a slice's own brackets dropped, slices joined by commas: the elements as one array
        const text = JSON.stringify(v.slice(i, i + SLICE));
        parts.push(Buffer.from(`${i === 0 ? '' : ','}${text.slice(1, -1)}`));
      }
      parts.push(Buffer.from(']'));
    } else {
      const text = JSON.stringify(v);
      if (text === undefined) continue; // undefined and functions are left out, as JSON.stringify does
      parts.push(Buffer.from(`${first ? '' : ','}${JSON.stringify(key)}:${text}`));
    }
    first = false;
  }
  parts.push(Buffer.from('}'));
  return parts;
}

/**
 * The ArrayBuffers that can be handed to another thread with the parts (moved, not copied): those a part has to
 * itself. A small part lives in Node's shared buffer pool and is copied instead.
 */
export function ownedBuffers(parts: readonly Uint8Array[]): ArrayBuffer[] {
  const own = new Set<ArrayBuffer>();
  for (const p of parts) if (p.byteOffset === 0 && p.byteLength === p.buffer.byteLength) own.add(p.buffer as ArrayBuffer);
  return [...own];
}

/** Bytes that can be handed over without a copy: a copy only when they share an ArrayBuffer (Node's small-buffer pool). */
export const ownBuffer = (b: Uint8Array): Uint8Array => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b));
