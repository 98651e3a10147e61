import type { Dimensjon, RegisterName, Tiltakstype } from '../spreadsheet/types.ts';
import { FIELD_LABEL } from '../spreadsheet/field-labels.ts';
import type { RegisterDefinition } from '../spreadsheet/definition.ts';
import { DIMENSJON_LABEL, TILTAKSTYPE_TEXT } from '../spreadsheet/labels.ts';
import { canonicalJson } from '../registers/content-hash.ts';
import type { KontoplanRecord } from '../kontoplan/kontoplan.definition.ts';
import type { LonnsartRecord } from '../lonnsarter/lonnsarter.definition.ts';
import { type RegisterRecord, definitionFor } from '../registers/registry.ts';
import type { UtbetalingskategoriRecord } from '../utbetalingskategorier/utbetalingskategorier.definition.ts';

/** What a new file changes against the current version: codes added, removed and changed (pure). */
export interface RegisterDiff {
  added: DiffEntry[];
  removed: DiffEntry[];
  changed: ChangedEntry[];
  unchanged: number;
}
export interface DiffEntry {
  key: string;
  label: string;
}
export interface ChangedEntry extends DiffEntry {
  /** label: the field in words («Tiltakstype»); before/after: the values in words («I hjemmet», «Ja», «ikke oppgitt») */
  fields: { field: string; label: string; before: string; after: string }[];
}

/** The identity a record keeps across versions: dimension + code; an utbetalingskategori without code is known by its name. */
function diffKey(register: RegisterName, r: RegisterRecord): string {
  if (register === 'kontoplan') {
    const k = r as KontoplanRecord;
    return `${k.dimensjon}:${k.kode}`;
  }
  if (register === 'lonnsarter') return (r as LonnsartRecord).kode;
  const u = r as UtbetalingskategoriRecord;
  return u.kode !== null && u.kode !== '' ? `kode:${u.kode}` : `navn:${u.navn}`;
}

function label(register: RegisterName, r: RegisterRecord): string {
  if (register === 'kontoplan') {
    const k = r as KontoplanRecord;
    return `${DIMENSJON_LABEL[k.dimensjon] ?? k.dimensjon} ${k.kode} ${k.navn}`;
  }
  if (register === 'lonnsarter') {
    const l = r as LonnsartRecord;
    return `Lønnsart ${l.kode} ${l.navn}`;
  }
  const u = r as UtbetalingskategoriRecord;
  return `Utbetalingskategori ${u.kode ? `${u.kode} ` : ''}${u.navn}`;
}

/** A value as people read it: no stored codes such as `i_hjemmet` or `ansvar` (#14 item 9). */
function show(field: string, v: unknown, options?: readonly { value: string; label: string }[]): string {
  if (v === null || v === undefined || v === '') return 'ikke oppgitt';
  if (v === true) return 'Ja';
  if (v === false) return 'Nei';
  if (field === 'tiltakstype') return TILTAKSTYPE_TEXT[v as Tiltakstype] ?? String(v);
  if (field === 'dimensjon') return DIMENSJON_LABEL[v as Dimensjon] ?? String(v);
  // a choice (fordel) in its words, not its stored value (utgiftsgodtgjoerelse)
  return options?.find((o) => o.value === v)?.label ?? String(v);
}

const collator = new Intl.Collator('nb', { numeric: true });
const byKey = (a: DiffEntry, b: DiffEntry) => collator.compare(a.key, b.key);

export function diffRegister(of: RegisterName | Pick<RegisterDefinition<never>, 'register' | 'fields'>, current: readonly RegisterRecord[], next: readonly RegisterRecord[]): RegisterDiff {
  const def = typeof of === 'string' ? definitionFor(of) : of;
  const register = def.register;
  // only the register's own fields, as its definition lists them (database rows carry extra columns such as lopenr)
  const fields = def.fields.map((f) => f.name);
  // the shared column words where they have one (field-labels.ts), else the definition's label
  const optionsOf = (f: string) => def.fields.find((x) => x.name === f)?.options;
  const labelOf = (f: string) => FIELD_LABEL[f] ?? def.fields.find((x) => x.name === f)?.label ?? f;
  const pick = (r: RegisterRecord) => Object.fromEntries(fields.map((f) => [f, (r as unknown as Record<string, unknown>)[f] ?? null]));
  const before = new Map<string, RegisterRecord>();
  for (const r of current) before.set(diffKey(register, r), r);
  const seen = new Set<string>();
  const added: DiffEntry[] = [];
  const changed: ChangedEntry[] = [];
  let unchanged = 0;
  for (const r of next) {
    const key = diffKey(register, r);
    if (seen.has(key)) continue;
    seen.add(key);
    const old = before.get(key);
    if (!old) {
      added.push({ key, label: label(register, r) });
      continue;
    }
    const a = pick(old);
    const b = pick(r);
    if (canonicalJson(a) === canonicalJson(b)) {
      unchanged++;
      continue;
    }
    changed.push({
      key,
      label: label(register, r),
      fields: fields.filter((f) => canonicalJson(a[f]) !== canonicalJson(b[f])).map((f) => ({ field: f, label: labelOf(f), before: show(f, a[f], optionsOf(f)), after: show(f, b[f], optionsOf(f)) })),
    });
  }
  const removed: DiffEntry[] = [];
  for (const [key, r] of before) if (!seen.has(key)) removed.push({ key, label: label(register, r) });
  return { added: added.sort(byKey), removed: removed.sort(byKey), changed: changed.sort(byKey), unchanged };
}
