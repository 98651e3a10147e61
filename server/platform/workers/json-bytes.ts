/**
 * JSON.stringify of an object as UTF-8 bytes, without ever holding the whole text as one string: large arrays are
 * written a slice at a time. A 100,000-row read result is ~30 MB of JSON, and as one V8 string it is twice that (one
 * «–» in a message makes the whole string two bytes per character); in slices the worker thread's heap never holds
 * more than a slice's text, and the bytes live outside the heap, ready to hand over without a copy.
 * Same value as JSON.parse(JSON.stringify(value)) for any object of JSON values (undefined properties are left out,
 * undefined in arrays becomes null, as JSON.stringify does); key order may differ, which JSON does not mind.
 */
const SLICE = 2000;

export function jsonBytes(value: Record<string, unknown>): Buffer {
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
  return Buffer.concat(parts);
}
