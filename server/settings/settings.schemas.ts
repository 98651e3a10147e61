import { z } from 'zod';
import { isValidKontonummer, normalizeKontonummer } from '../reference/norwegian-numbers.ts';
import { ERP_CHOICES, JA_NEI, MODULE_STATUSES, POSTING_FIELDS, motkontoCheck, type MotkontoLookup, type Modul, type ModulePosting, type PostingField, type PostingValues } from './settings.rules.ts';

/** '' and whitespace mean «ikke avklart» (null). */
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v === undefined ? null : typeof v === 'string' ? v.trim() : v);
const optional = <T extends z.ZodType>(inner: T) => z.preprocess(blankToNull, z.union([z.null(), inner]));

const code = (label: string, example: string) =>
  z.string().regex(/^[A-Za-z0-9]{1,10}$/, { error: `${label} kan bare ha bokstaver a–z og sifre, høyst 10 tegn (f.eks. ${example}). La feltet stå tomt hvis det ikke er avklart.` });

const selskapSchema = optional(code('Selskap', '1 eller BV01'));
const bilagsserieSchema = optional(code('Bilagsserie', '40 eller BV'));

export type ArtLookup = MotkontoLookup;

/** Motkonto is checked by motkontoCheck against the current kontoplan when one is imported; before that only the format. */
function motkontoSchema(kontoplan: ArtLookup | null) {
  return optional(
    z
      .string()
      .regex(/^\d{4,8}$/, { error: 'Motkonto må være 4–8 sifre, f.eks. 21500. La feltet stå tomt hvis det ikke er avklart.' })
      .superRefine((v, ctx) => {
        if (!kontoplan || !/^\d{4,8}$/.test(v)) return; // the format message is enough
        const { error } = motkontoCheck(v, kontoplan);
        if (error) ctx.addIssue({ code: 'custom', message: error });
      }),
  );
}

/** «okonomi_standard_selskap», «lonn_k1859_motkonto»: unique on the page, which has one form per module. */
export const postingFieldName = (modul: Modul, scope: string, field: PostingField) => `${modul}_${scope}_${field}`;
export const STANDARD_SCOPE = 'standard';
export const kommuneScope = (kommunenummer: string) => `k${kommunenummer}`;

/** One module's form: the default row plus one row per kommune, with flat field names so every cell gets its own message. */
export function modulePostingSchema(modul: Modul, kommunenumre: readonly string[], kontoplan: ArtLookup | null) {
  const fieldsFor = (scope: string) => ({
    [postingFieldName(modul, scope, 'selskap')]: selskapSchema,
    [postingFieldName(modul, scope, 'motkonto')]: motkontoSchema(kontoplan),
    [postingFieldName(modul, scope, 'bilagsserie')]: bilagsserieSchema,
  });
  const shape = Object.assign({}, fieldsFor(STANDARD_SCOPE), ...kommunenumre.map((k) => fieldsFor(kommuneScope(k)))) as Record<string, z.ZodType<string | null>>;
  return z.object(shape).transform((v): ModulePosting => {
    const pick = (scope: string): PostingValues => Object.fromEntries(POSTING_FIELDS.map((f) => [f, (v[postingFieldName(modul, scope, f)] as string | null) ?? null])) as unknown as PostingValues;
    return { standard: pick(STANDARD_SCOPE), kommuner: Object.fromEntries(kommunenumre.map((k) => [k, pick(kommuneScope(k))])) };
  });
}

export const modulerSchema = z.object({
  okonomi_status: z.enum(MODULE_STATUSES, { error: 'Velg status for økonomi (utbetalinger).' }),
  lonn_status: z.enum(MODULE_STATUSES, { error: 'Velg status for lønn.' }),
});

export const erpSchema = z
  .object({
    erp: optional(z.enum(ERP_CHOICES, { error: 'Velg et av systemene i listen.' })),
    erp_annet: optional(z.string().max(100, { error: 'Navnet på systemet kan ha høyst 100 tegn.' })),
  })
  .superRefine((v, ctx) => {
    if (v.erp === 'annet' && !v.erp_annet) ctx.addIssue({ code: 'custom', path: ['erp_annet'], message: 'Skriv hvilket økonomisystem som tar imot posteringene.' });
  })
  .transform((v) => ({ erp: v.erp, erp_annet: v.erp === 'annet' ? v.erp_annet : null }));

export const kontonummerSchema = optional(
  z
    .string()
    .transform((v) => normalizeKontonummer(v))
    .superRefine((v, ctx) => {
      if (/^NO\d{13}$/i.test(v)) ctx.addIssue({ code: 'custom', message: 'IBAN-nummeret har feil kontrollsiffer. Sjekk det, eller skriv det norske kontonummeret (11 sifre), f.eks. 1234.56.78903.' });
      else if (!/^\d+$/.test(v)) ctx.addIssue({ code: 'custom', message: 'Kontonummer kan bare ha sifre (punktum og mellomrom er lov), f.eks. 1234.56.78903 eller IBAN NO93 8601 1117 947.' });
      else if (v.length !== 11) ctx.addIssue({ code: 'custom', message: `Kontonummer må ha 11 sifre (du skrev ${v.length}).` });
      else if (/^0+$/.test(v))
        ctx.addIssue({
          code: 'custom',
          message: 'Kontonummer 00000000000 er ikke et ekte kontonummer. Skriv kontoen barneverntjenesten betaler fra, eller la feltet stå tomt hvis det ikke er avklart.',
        });
      else if (!isValidKontonummer(v)) ctx.addIssue({ code: 'custom', message: 'Kontonummeret har feil kontrollsiffer (MOD11). Sjekk at det er skrevet riktig.' });
    }),
);

export const autopaySchema = z
  .object({
    avtale: z.enum(JA_NEI, { error: 'Velg om kommunen har Autopay-avtale.' }),
    kontonummer: kontonummerSchema,
    godkjenning: z.enum(JA_NEI, { error: 'Velg om økonomi skal godkjenne utbetalinger i Autopay.' }),
    antall_godkjennere: optional(z.enum(['1', '2'], { error: 'Velg 1 eller 2 godkjennere.' })),
    avtalereferanse: optional(z.string().max(100, { error: 'Avtalereferansen kan ha høyst 100 tegn.' })),
  })
  .superRefine((v, ctx) => {
    if (v.godkjenning === 'ja' && !v.antall_godkjennere)
      ctx.addIssue({ code: 'custom', path: ['antall_godkjennere'], message: 'Velg hvor mange som må godkjenne (1 eller 2), slik banken har satt det opp.' });
  })
  .transform((v) => ({ ...v, antall_godkjennere: v.godkjenning === 'ja' && v.antall_godkjennere ? Number(v.antall_godkjennere) : null }));
export type AutopayInput = z.output<typeof autopaySchema>;

export const mvaFieldName = (lopenr: number) => `mva_${lopenr}`;
const mvaKodeSchema = optional(
  z.string().regex(/^[A-Za-z0-9]{1,4}$/, { error: 'Mva-kode kan bare ha bokstaver og sifre, 1–4 tegn (f.eks. 1 eller 21). La feltet stå tomt hvis kategorien ikke har mva-kode.' }),
);

/** One field per utbetalingskategori of the current import, named by its lopenr. */
export function mvaSchema(lopenumre: readonly number[]) {
  return z.object(Object.fromEntries(lopenumre.map((n) => [mvaFieldName(n), mvaKodeSchema])) as Record<string, typeof mvaKodeSchema>);
}

export const modulParam = z.object({ modul: z.enum(['okonomi', 'lonn']) });

/** The AGA art: '' = the kontoplan's only KOSTRA 099 art; otherwise an art code, checked against the kontoplan in the service. */
export const agaArtSchema = z.object({ aga_art: optional(z.string().regex(/^[A-Za-z0-9]{1,10}$/, { error: 'Velg en art fra listen.' })) });
