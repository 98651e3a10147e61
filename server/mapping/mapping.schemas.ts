import { z } from 'zod';

// Codes are checked against the current kontoplan in the service (each field gets its own message); here only shape.
const code = z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().max(40, { error: 'Koden er for lang.' }).optional()).transform((v) => (v ? v : null));

export const mappingSchema = z.object({
  ansvar: code,
  funksjon_i_hjemmet: code,
  funksjon_utenfor_hjemmet: code,
  funksjon_administrasjon: code,
  /** the version the user's form was based on (0 = nothing saved yet) */
  version: z.coerce.number({ error: 'Skjemaet mangler versjon. Last siden på nytt.' }).int().min(0),
  /** the values the form showed when it was loaded: what the other person changed is measured against them */
  orig_ansvar: code,
  orig_funksjon_i_hjemmet: code,
  orig_funksjon_utenfor_hjemmet: code,
  orig_funksjon_administrasjon: code,
});
export type MappingInput = z.output<typeof mappingSchema>;

export const kommuneParam = z.object({ kommunenummer: z.string().regex(/^\d{4}$/) });

/** Marking an ansvar as shared by several kommuner: the reason is what the godkjenner reads, so it must say something. */
export const deltAnsvarSchema = z.object({
  ansvar: z.string({ error: 'Skjemaet mangler ansvar. Last siden på nytt.' }).trim().min(1, { error: 'Skjemaet mangler ansvar. Last siden på nytt.' }).max(40),
  begrunnelse: z
    .string({ error: 'Skriv hvorfor kommunene deler ansvaret.' })
    .trim()
    .min(10, { error: 'Skriv hvorfor kommunene deler ansvaret (minst 10 tegn), f.eks. «Felles tiltak for Flakstad og Moskenes, fordeles ved årsoppgjøret».' })
    .max(500, { error: 'Begrunnelsen kan være høyst 500 tegn.' }),
});
export type DeltAnsvarInput = z.output<typeof deltAnsvarSchema>;
export const fjernDeltAnsvarSchema = deltAnsvarSchema.pick({ ansvar: true });
