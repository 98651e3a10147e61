import { z } from 'zod';
import { INT4_MAX, manyStrings, text } from '../platform/http/forms.ts';
import { newPasswordSchema } from '../auth/password-policy.ts';
import { findKommune } from '../reference/kommuner.ts';
import { isValidOrganisasjonsnummer, normalizeOrganisasjonsnummer } from '../reference/norwegian-numbers.ts';
import { SUPPORTED_REGNSKAPSAR } from '../reference/regnskapsar.ts';
import { FIRST_REGNSKAPSAR } from '../reference/kostra.ts';

export const slugSchema = z
  .string({ error: 'Kortnavn må fylles ut.' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, { error: 'Kortnavn kan bare ha små bokstaver a–z, sifre og bindestrek (2–40 tegn), f.eks. «lofoten».' });

export const orgnrSchema = z
  .string({ error: 'Organisasjonsnummer må fylles ut.' })
  .transform((v) => normalizeOrganisasjonsnummer(v))
  // One message per mistake: each check only speaks when the earlier ones passed (no `abort`, which would also
  // silence the form's cross-field checks).
  .refine((v) => v.length > 0, { error: 'Organisasjonsnummer må fylles ut.' })
  .refine((v) => v.length === 0 || /^\d{9}$/.test(v), { error: 'Organisasjonsnummer må ha 9 sifre.' })
  .refine((v) => v !== '000000000', { error: 'Organisasjonsnummer 000000000 er ikke et ekte nummer. Skriv tjenestens (vertskommunens) organisasjonsnummer.' })
  .refine((v) => !/^\d{9}$/.test(v) || v === '000000000' || isValidOrganisasjonsnummer(v), { error: 'Organisasjonsnummeret har feil kontrollsiffer (MOD11). Sjekk at det er skrevet riktig.' });

export const regnskapsarSchema = z.coerce
  .number({ error: 'Velg regnskapsår.' })
  .int()
  .refine((y) => y >= FIRST_REGNSKAPSAR && y <= FIRST_REGNSKAPSAR + 100, { error: `Regnskapsår må være ${FIRST_REGNSKAPSAR} eller senere, f.eks. ${SUPPORTED_REGNSKAPSAR.at(-1)}.` });

export const kommunenummerSchema = z
  .string({ error: 'Velg en kommune.' })
  .trim()
  .min(1, { error: 'Velg en kommune.' })
  .refine((v) => v.length === 0 || /^\d{4}$/.test(v), { error: 'Kommunenummer har 4 sifre, f.eks. 1860.' })
  .refine((v) => !/^\d{4}$/.test(v) || !!findKommune(v), { error: 'Fant ingen kommune med dette nummeret i SSBs kommuneliste.' });

// length, variety and a list of common passwords (auth/password-policy.ts): wherever a password is set
const passwordSchema = newPasswordSchema;

export const emailSchema = z
  .string({ error: 'E-post må fylles ut.' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Skriv en gyldig e-postadresse.' }));

const roleSchema = z.enum(['admin', 'regnskap', 'godkjenner', 'lesetilgang']);

const tjenesteFields = {
  navn: text('Navn på tjenesten'),
  organisasjonsnummer: orgnrSchema,
  regnskapsar: regnskapsarSchema,
};

export const setupSchema = z
  .object({
    ...tjenesteFields,
    slug: slugSchema,
    vertskommune: kommunenummerSchema,
    deltakerkommuner: manyStrings.pipe(z.array(kommunenummerSchema)),
    admin_navn: text('Ditt navn'),
    admin_email: emailSchema,
    admin_passord: passwordSchema,
    admin_passord2: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.admin_passord !== v.admin_passord2) ctx.addIssue({ code: 'custom', path: ['admin_passord2'], message: 'Passordene er ikke like.' });
    if (v.deltakerkommuner.includes(v.vertskommune)) ctx.addIssue({ code: 'custom', path: ['deltakerkommuner'], message: 'Vertskommunen skal ikke også stå som deltakerkommune.' });
  });
export type SetupInput = z.output<typeof setupSchema>;

/** «Ny tjeneste» by an installation admin: the tjeneste, its kommuner and its first admin with a start password. */
export const newTjenesteSchema = z
  .object({
    ...tjenesteFields,
    slug: slugSchema,
    vertskommune: kommunenummerSchema,
    deltakerkommuner: manyStrings.pipe(z.array(kommunenummerSchema)),
    admin_navn: text('Administratorens navn'),
    admin_email: emailSchema,
    // used only for a new account (to be replaced at its first login); an existing account keeps its own
    admin_passord: passwordSchema,
  })
  .superRefine((v, ctx) => {
    if (v.deltakerkommuner.includes(v.vertskommune)) ctx.addIssue({ code: 'custom', path: ['deltakerkommuner'], message: 'Vertskommunen skal ikke også stå som deltakerkommune.' });
  });
export type NewTjenesteInput = z.output<typeof newTjenesteSchema>;

export const tjenesteSchema = z.object(tjenesteFields);

export const addKommuneSchema = z.object({ kommunenummer: kommunenummerSchema });
export const kommuneParam = z.object({ kommunenummer: z.string().regex(/^\d{4}$/) });

export const addUserSchema = z.object({
  navn: text('Navn'),
  email: emailSchema,
  roller: manyStrings.pipe(z.array(roleSchema).min(1, { error: 'Velg minst én rolle.' })),
  // always asked for, so the form does not tell whether the e-mail already has an account (then it is not used)
  passord: passwordSchema,
});
export const invitationParam = z.object({ tjenesteId: z.coerce.number().int().positive().max(2_147_483_647) });
export const rolesSchema = z.object({ roller: manyStrings.pipe(z.array(roleSchema).min(1, { error: 'Velg minst én rolle.' })) });
export const userParam = z.object({ userId: z.coerce.number().int().positive().max(INT4_MAX) });

/** The confirmation page's form: only it removes (a kommune, a member). */
export const confirmSchema = z.object({ bekreft: z.string().optional() }).transform((v) => ({ bekreft: v.bekreft === 'ja' }));
