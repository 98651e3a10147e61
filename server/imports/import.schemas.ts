import { z } from 'zod';
import type { PreviewFix, RegisterName } from '../spreadsheet/types.ts';
import { definitionFor, registerNames } from '../registers/registry.ts';

export const registerParam = z.object({ register: z.enum(registerNames as [RegisterName, ...RegisterName[]]) });
export const pendingParam = z.object({ id: z.uuid() });
export const versionParam = registerParam.extend({ no: z.coerce.number().int().min(1).max(1_000_000) });
export const pageQuery = z.object({
  side: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  // search a version's codes and names; blank = all rows
  sok: z
    .string()
    .max(100)
    .transform((s) => s.trim())
    .catch('')
    .default(''),
});

const digit = z.string().trim().regex(/^\d$/, 'Skriv ett siffer (0–9).');

/** The art-scheme form: a scheme (blank = find it from the codes) and the digit of each kontoklasse, all different. */
export const artSchemeSchema = z
  .object({
    artsskjema: z.enum(['', 'kostra3', 'art4', 'klasse5', 'klasse6'], { message: 'Velg et artsskjema fra listen.' }),
    klasse_drift: digit,
    klasse_investering: digit,
    klasse_balanse: digit,
  })
  .superRefine((v, ctx) => {
    if (v.klasse_investering === v.klasse_drift) ctx.addIssue({ code: 'custom', path: ['klasse_investering'], message: 'Investering kan ikke ha samme siffer som drift.' });
    if (v.klasse_balanse === v.klasse_drift || v.klasse_balanse === v.klasse_investering)
      ctx.addIssue({ code: 'custom', path: ['klasse_balanse'], message: 'Balanse kan ikke ha samme siffer som drift eller investering.' });
  })
  .transform((v) => ({
    artScheme: v.artsskjema === '' ? null : v.artsskjema,
    kontoklasser: { drift: v.klasse_drift, investering: v.klasse_investering, balanse: v.klasse_balanse },
  }));

/** Form field name of a canonical field in the column-mapping form. */
export const mappingFieldName = (field: string) => `kolonne_${field}`;

/**
 * The column-mapping form: for each canonical field of the register, the header text of the chosen column (or blank).
 * Two fields cannot take the same column.
 */
export function mappingSchema(register: RegisterName) {
  const fields = definitionFor(register).mappableFields;
  const shape = Object.fromEntries(fields.map((f) => [mappingFieldName(f), z.string().trim().max(200).optional().default('')]));
  return z
    .object(shape)
    .transform((v) => Object.fromEntries(fields.map((f) => [f, String(v[mappingFieldName(f)] ?? '')]).filter(([, h]) => h !== '')) as Record<string, string>)
    .superRefine((mapping, ctx) => {
      if (Object.keys(mapping).length === 0) ctx.addIssue({ code: 'custom', message: 'Velg minst én kolonne.' });
      const byHeader = new Map<string, string>();
      for (const [field, header] of Object.entries(mapping)) {
        const other = byHeader.get(header.toLowerCase());
        if (other) ctx.addIssue({ code: 'custom', path: [mappingFieldName(field)], message: `Kolonnen «${header}» er allerede valgt for ${other}. Velg én kolonne per felt.` });
        else byHeader.set(header.toLowerCase(), field);
      }
    });
}

/** «Lagre som ny versjon»: the box that confirms a file removing much of the register (import.removal.ts). */
export const commitSchema = z.object({ bekreft_fjerning: z.string().optional() }).transform((v) => ({ confirmedRemoval: v.bekreft_fjerning === 'ja' }));

const FIX_FIELD = /^(ark|rad|felt|fra|rett|hopp)_(\d{1,3})$/;
const VM_FIELD = /^vm_(felt|fra|til)_(\d{1,3})$/;

/**
 * «Rett og les på nytt»: per error row its place (ark_i, rad_i, felt_i, fra_i), the new value (rett_i) or «hopp over»
 * (hopp_i); per repeated bad value its mapping (vm_felt_j, vm_fra_j, vm_til_j). Unchanged values are no fix.
 */
export const correctionsSchema = z.record(z.string(), z.union([z.string().max(500), z.array(z.string().max(500))])).transform((form) => {
  const one = (v: unknown) => (Array.isArray(v) ? String(v[v.length - 1] ?? '') : String(v ?? ''));
  const rows = new Map<number, Record<string, string>>();
  const maps = new Map<number, Record<string, string>>();
  for (const [name, value] of Object.entries(form)) {
    let m = FIX_FIELD.exec(name);
    if (m) {
      const r = rows.get(Number(m[2])) ?? {};
      r[m[1] as string] = one(value);
      rows.set(Number(m[2]), r);
      continue;
    }
    m = VM_FIELD.exec(name);
    if (m) {
      const r = maps.get(Number(m[2])) ?? {};
      r[m[1] as string] = one(value);
      maps.set(Number(m[2]), r);
    }
  }
  const fixes: PreviewFix[] = [];
  for (const r of rows.values()) {
    const row = Number(r['rad']);
    if (!r['ark'] || !Number.isInteger(row) || row < 1) continue;
    if (r['hopp']) fixes.push({ sheet: r['ark'], row, field: null, from: null, to: null, skip: true });
    else if (r['felt'] && r['rett'] !== undefined && r['rett'].trim() !== (r['fra'] ?? '').trim())
      fixes.push({ sheet: r['ark'], row, field: r['felt'], from: r['fra'] ?? null, to: r['rett'].trim(), skip: false });
  }
  const valueMaps = [...maps.values()]
    .filter((m) => m['felt'] && m['fra'] && (m['til'] ?? '').trim() !== '')
    .map((m) => ({ field: m['felt'] as string, from: m['fra'] as string, to: (m['til'] as string).trim() }));
  return { fixes, valueMaps };
});
