import { z } from 'zod';

/**
 * kodeverk.json: the whole kodeverk in one document. The zod schema is the single source of truth: the export
 * validates against it and kodeverk.schema.json in the package is generated from it.
 */
export const FORMAT = 'kodeverk-barnevern';
export const SCHEMA_VERSION = 1;

const konto = z.object({ kode: z.string(), navn: z.string(), aktiv: z.boolean(), kostra: z.string().nullable() });
const version = z.object({ versjon: z.number().int(), innholdshash: z.string(), filnavn: z.string() });
const tiltakstype = z.enum(['i_hjemmet', 'utenfor_hjemmet', 'begge']);
const modulStatus = z.string().describe('ikke_i_bruk, under_oppbygging, i_drift eller ikke_avklart');

export const kodeverkDocumentSchema = z
  .object({
    format: z.literal(FORMAT),
    schemaVersion: z.literal(SCHEMA_VERSION),
    utkast: z.boolean().describe('true: ikke godkjent, bare til gjennomsyn'),
    eksportnummer: z.number().int().nullable().describe('løpenummer for endelige eksporter; null for utkast'),
    innholdshash: z.string().describe('SHA-256 av innholdet (alt unntatt utkast, eksportnummer og innholdshash)'),
    tjeneste: z.object({ slug: z.string(), navn: z.string(), organisasjonsnummer: z.string(), regnskapsar: z.number().int() }),
    kommuner: z.array(z.object({ kommunenummer: z.string(), navn: z.string(), vertskommune: z.boolean() })),
    moduler: z.object({ okonomi: modulStatus, lonn: modulStatus }),
    kontoplan: z.object({ versjon: version, art: z.array(konto), ansvar: z.array(konto), funksjon: z.array(konto) }).nullable(),
    lonnsarter: z
      .object({
        versjon: version,
        rader: z.array(
          z.object({
            kode: z.string(),
            navn: z.string(),
            art: z.string(),
            skattepliktig: z.boolean().nullable(),
            aga: z.boolean().nullable(),
            feriepengegrunnlag: z.boolean().nullable(),
            amelding_beskrivelse: z.string().nullable(),
          }),
        ),
      })
      .nullable()
      .describe('null når lønn ikke er i bruk eller ikke importert'),
    utbetalingskategorier: z
      .object({ versjon: version, rader: z.array(z.object({ kode: z.string().nullable(), navn: z.string(), art: z.string(), tiltakstype })) })
      .nullable()
      .describe('null når økonomi ikke er i bruk eller ikke importert'),
    kontering: z.array(
      z.object({
        kommunenummer: z.string(),
        ansvar: z.string().nullable(),
        funksjon_i_hjemmet: z.string().nullable(),
        funksjon_utenfor_hjemmet: z.string().nullable(),
        funksjon_administrasjon: z.string().nullable(),
      }),
    ),
    innstillinger: z.record(z.string(), z.unknown()).describe('posteringsinnstillinger, mva-koder og Autopay'),
    konteringsmatrise: z.array(
      z.object({
        type: z.enum(['lonnsart', 'utbetalingskategori']),
        kode: z.string(),
        navn: z.string(),
        kommunenummer: z.string(),
        tiltakstype: z.enum(['i_hjemmet', 'utenfor_hjemmet']),
        art: z.string().nullable(),
        ansvar: z.string().nullable(),
        funksjon: z.string().nullable(),
        kontostreng: z.string().nullable(),
        problemer: z.array(z.string()),
      }),
    ),
    godkjenninger: z.array(
      z.object({
        kommunenummer: z.string(),
        status: z.string(),
        utdatert: z.boolean(),
        godkjent_av: z.string().nullable(),
        godkjent_tid: z.string().nullable(),
        hash: z.string().nullable(),
        kommentar: z.string().nullable(),
      }),
    ),
  })
  .strict();

export type KodeverkDocument = z.infer<typeof kodeverkDocumentSchema>;

export function kodeverkJsonSchema(): unknown {
  return { $id: `urn:${FORMAT}:v${SCHEMA_VERSION}`, title: 'Kodeverk for barneverntjeneste', ...z.toJSONSchema(kodeverkDocumentSchema, { target: 'draft-2020-12' }) };
}
