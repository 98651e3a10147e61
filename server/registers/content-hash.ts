import crypto from 'node:crypto';

/** Canonical JSON: object keys sorted at every level, so equal content always hashes equal. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256(text: string | Buffer): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

/** The hash of a register's records, independent of row order in the file. */
export function registerContentHash(register: string, records: readonly unknown[]): string {
  const lines = records.map(canonicalJson).sort();
  return sha256(`${register}\n${lines.join('\n')}`);
}
