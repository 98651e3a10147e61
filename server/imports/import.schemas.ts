import { z } from 'zod';
import { definitionFor, registerNames } from '../spreadsheet/index.ts';
import type { RegisterName } from '../spreadsheet/types.ts';

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
