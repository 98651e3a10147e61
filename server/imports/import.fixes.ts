import { fieldLabel } from '../spreadsheet/field-labels.ts';
import type { Issue, PreviewFix, RegisterName } from '../spreadsheet/types.ts';
import { TILTAKSTYPE_TEXT } from '../spreadsheet/labels.ts';
import { definitionFor } from '../registers/registry.ts';

/**
 * «Rett her» in the preview: each located error can get a new value for its cell or «Hopp over raden», and a value
 * that is wrong on several rows can be mapped once for all of them (remembered for the tjeneste and register). The
 * form is built from the issues as read; the file itself is never changed (docs/domain.md).
 */
const FIX_ROWS = 50;

function choicesFor(register: RegisterName, field: string, value: string) {
  const def = definitionFor(register);
  const list = def.janeiFields.includes(field) ? ['', 'Ja', 'Nei'] : def.tiltakstypeFields.includes(field) ? Object.values(TILTAKSTYPE_TEXT) : null;
  if (!list) return null;
  const options = list.map((v) => ({ value: v, label: v === '' ? '(tom)' : v, selected: v === value }));
  if (!options.some((o) => o.selected)) options.unshift({ value, label: value === '' ? '(tom)' : `${value} (som i filen)`, selected: true });
  return options;
}

/** Warnings whose value was guessed (an unknown tiltakstype read as Begge): mapping the spelling once says what it is. */
const MAPPABLE_WARNINGS = new Set(['tiltakstype_ukjent']);

export function fixForm(register: RegisterName, errors: readonly (Issue & { place: string })[], fixes: readonly PreviewFix[], warnings: readonly Issue[] = []) {
  const def = definitionFor(register);
  const editable = (f: string | null | undefined): f is string => !!f && def.inputFields.includes(f);
  const rows = errors
    .filter((e) => e.sheet !== null && e.row !== null)
    .slice(0, FIX_ROWS)
    .map((e, i) => {
      const value = e.value ?? '';
      return {
        i,
        place: e.place,
        message: e.message,
        sheet: e.sheet,
        row: e.row,
        field: editable(e.field) ? e.field : '',
        fieldLabel: editable(e.field) ? fieldLabel(e.field) : null,
        value,
        options: editable(e.field) ? choicesFor(register, e.field, value) : null,
      };
    });
  const groups = new Map<string, { field: string; from: string; count: number }>();
  const guessed = warnings.filter((w) => MAPPABLE_WARNINGS.has(w.code));
  for (const e of [...errors, ...guessed]) {
    if (!editable(e.field) || e.value === null || e.value === undefined || e.value.trim() === '') continue;
    const key = `${e.field}\u0000${e.value.trim().toLowerCase()}`;
    const g = groups.get(key) ?? { field: e.field, from: e.value.trim(), count: 0 };
    g.count++;
    groups.set(key, g);
  }
  const valueMaps = [...groups.values()].filter((g) => g.count >= 2).map((g, j) => ({ j, ...g, label: fieldLabel(g.field), options: choicesFor(register, g.field, '') }));
  return { rows, valueMaps, fixed: fixesListed(fixes), any: rows.length > 0 || valueMaps.length > 0 };
}

function fixesListed(fixes: readonly PreviewFix[]): string[] {
  return fixes.map((f) => (f.skip ? `Arket «${f.sheet}» rad ${f.row}: hoppes over` : `Arket «${f.sheet}» rad ${f.row}, ${fieldLabel(f.field ?? '')}: «${f.from ?? ''}» leses som «${f.to ?? ''}»`));
}
