import { z } from 'zod';
import { exportedFields, exportRow, type RegisterDefinition, type RegisterField } from '../spreadsheet/definition.ts';
import { kontoplanDefinition, type KontoplanRecord } from '../kontoplan/kontoplan.definition.ts';
import { lonnsarterDefinition, type LonnsartRecord } from '../lonnsarter/lonnsarter.definition.ts';
import { utbetalingskategorierDefinition, type UtbetalingskategoriRecord } from '../utbetalingskategorier/utbetalingskategorier.definition.ts';

/**
 * kodeverk.json: the whole kodeverk in one document. The zod schema is the single source of truth: the export
 * validates against it and kodeverk.schema.json in the package is generated from it.
 */
export const FORMAT = 'kodeverk-barnevern';
/**
 * 2: innstillinger are typed and every key is snake_case (1 had camelCase keys in Autopay and mva-koder).
 * 3: lønnsarter carry tiltakstype and fordel, kontering carries funksjon per kategori. Every object of the schema is
 * closed (additionalProperties: false), so a reader validating with the v2 schema would refuse the new fields: a new version.
 */
export const SCHEMA_VERSION = 3;

/** A field as kodeverk.json has it: its kind's JSON type (a choice: its values), null unless required or filled, described. */
function fieldSchema(f: RegisterField): z.ZodType {
  const type = f.kind === 'janei' ? z.boolean() : f.kind === 'choice' && f.options ? z.enum(f.options.map((o) => o.value) as [string, ...string[]]) : z.string();
  return (f.required || f.filled ? type : type.nullable()).describe(f.exportDescription ?? '');
}

/** The rows of a register in kodeverk.json: one property per exported field of its definition, in the definition's order. */
export function rowSchema<Row>(def: Pick<RegisterDefinition<never>, 'fields'>): z.ZodType<Row> {
  return z.object(Object.fromEntries(exportedFields(def).map((f) => [f.name, fieldSchema(f)]))) as unknown as z.ZodType<Row>;
}

type KontoRow = Omit<KontoplanRecord, 'dimensjon' | 'kontoklasse'>;
const konto = rowSchema<KontoRow>(kontoplanDefinition);

// A stored row as kodeverk.json's row: exactly its definition's exported fields, in order (the content hash is taken
// over these, so a stored row's extra columns such as lopenr or kontoklasse must not reach it).
export const kontoRow = (k: KontoRow): KontoRow => exportRow(kontoplanDefinition, k) as KontoRow;
export const lonnsartRow = (l: LonnsartRecord): LonnsartRecord => exportRow(lonnsarterDefinition, l) as LonnsartRecord;
export const utbetalingskategoriRow = (u: UtbetalingskategoriRecord): UtbetalingskategoriRecord => exportRow(utbetalingskategorierDefinition, u) as UtbetalingskategoriRecord;
const version = z.object({
  versjon: z.number().int().describe('registerets versjonsnummer i appen'),
  innholdshash: z.string().describe('SHA-256 av registerets innhold'),
  filnavn: z.string().describe('filen versjonen ble lest fra'),
});
const modulStatus = z.string().describe('ikke_i_bruk, under_oppbygging, i_drift eller ikke_avklart');
const ikkeAvklart = ' (null: ikke avklart)';
const posting = z.object({
  selskap: z.string().nullable().describe(`selskapskoden i økonomisystemet${ikkeAvklart}`),
  motkonto: z.string().nullable().describe(`motkontoen (kredit) for posteringene${ikkeAvklart}`),
  bilagsserie: z.string().nullable().describe(`bilagsserien bilagene får${ikkeAvklart}`),
});
const modulPostering = z
  .object({
    standard: posting.describe('tjenestens standardverdier'),
    kommuner: z.record(z.string(), posting).describe('overstyring per kommunenummer, bare der kommunen har egne verdier'),
    effektiv: z.record(z.string(), posting).describe('verdiene som gjelder per kommunenummer: overstyring over standard'),
  })
  .nullable()
  .describe('null når modulen ikke er i bruk');
const jaNeiAvklart = z.enum(['ja', 'nei', 'ikke_avklart']);
const innstillinger = z
  .object({
    erp: z
      .object({
        system: z.string().nullable().describe('visma_enterprise, visma_enterprise_plus eller annet (null: ikke avklart)'),
        annet: z.string().nullable().describe('navnet når system er annet'),
      })
      .describe('økonomisystemet som tar imot posteringene'),
    postering: z.object({ okonomi: modulPostering, lonn: modulPostering }).describe('selskap, motkonto og bilagsserie per modul'),
    mva_koder: z
      .array(
        z.object({
          kategori: z.string().describe('utbetalingskategoriens nøkkel'),
          kode: z.string().nullable().describe('kategoriens kode'),
          navn: z.string().describe('kategoriens navn'),
          mva_kode: z.string().describe('mva-koden i økonomisystemet'),
        }),
      )
      .nullable()
      .describe('mva-kode per utbetalingskategori; null når økonomi ikke er i bruk'),
    autopay: z
      .object({
        avtale: jaNeiAvklart.describe('om kommunen har Autopay-avtale'),
        kontonummer: z.string().nullable().describe('kontoen utbetalingene går fra, 11 sifre'),
        kontonummer_formatert: z.string().nullable().describe('samme konto skrevet 1234.56.78903'),
        godkjenning_i_autopay: jaNeiAvklart.describe('om økonomi godkjenner utbetalingene i Autopay'),
        antall_godkjennere: z.number().int().nullable().describe('1 eller 2, slik banken har satt det opp'),
        avtalereferanse: z.string().nullable().describe('bankens eller avtalens referanse'),
      })
      .nullable()
      .describe('null når økonomi ikke er i bruk'),
  })
  .strict();

const nullableCode = (what: string) => z.string().nullable().describe(`${what}${ikkeAvklart}`);

export const kodeverkDocumentSchema = z
  .object({
    format: z.literal(FORMAT).describe('alltid kodeverk-barnevern'),
    schemaVersion: z.literal(SCHEMA_VERSION).describe('versjonen av dette formatet; nøkkelen heter det samme i alle versjoner'),
    utkast: z.boolean().describe('true: ikke godkjent, bare til gjennomsyn'),
    eksportnummer: z.number().int().nullable().describe('løpenummer for endelige eksporter; null for utkast'),
    innholdshash: z.string().describe('SHA-256 av innholdet (alt unntatt utkast, eksportnummer og innholdshash)'),
    tjeneste: z
      .object({
        slug: z.string().describe('tjenestens korte navn i appens adresser'),
        navn: z.string().describe('tjenestens navn'),
        organisasjonsnummer: z.string().describe('vertskommunens eller tjenestens organisasjonsnummer, 9 sifre'),
        regnskapsar: z.number().int().describe('regnskapsåret kodeverket er kontrollert for'),
        kostra_kontrollert_mot: z
          .number()
          .int()
          .describe('året for SSBs KOSTRA-lister kontrollen brukte: regnskapsåret, eller den nyeste listen appen har når SSB ikke har publisert lister for regnskapsåret'),
      })
      .describe('barneverntjenesten'),
    kommuner: z
      .array(
        z.object({
          kommunenummer: z.string().describe('fire sifre (SSB)'),
          navn: z.string().describe('kommunens navn'),
          vertskommune: z.boolean().describe('true for kommunen som fører regnskapet'),
        }),
      )
      .describe('kommunene tjenesten dekker, etter kommunenummer'),
    moduler: z.object({ okonomi: modulStatus, lonn: modulStatus }).describe('om økonomi (utbetalinger) og lønn er tatt i bruk'),
    kontoplan: z
      .object({
        versjon: version.describe('kontoplanversjonen som er eksportert'),
        art: z.array(konto).describe('arter, sortert etter kode'),
        ansvar: z.array(konto).describe('ansvar, sortert etter kode'),
        funksjon: z.array(konto).describe('funksjoner, sortert etter kode'),
      })
      .nullable()
      .describe('null når ingen kontoplan er importert'),
    lonnsarter: z
      .object({
        versjon: version.describe('lønnsartversjonen som er eksportert'),
        rader: z.array(rowSchema<LonnsartRecord>(lonnsarterDefinition)).describe('lønnsartene, sortert etter kode'),
      })
      .nullable()
      .describe('null når lønn ikke er i bruk eller ikke importert'),
    utbetalingskategorier: z
      .object({
        versjon: version.describe('versjonen av utbetalingskategoriene som er eksportert'),
        rader: z.array(rowSchema<UtbetalingskategoriRecord>(utbetalingskategorierDefinition)).describe('utbetalingskategoriene i filens rekkefølge'),
      })
      .nullable()
      .describe('null når økonomi ikke er i bruk eller ikke importert'),
    kontering: z
      .array(
        z.object({
          kommunenummer: z.string().describe('kommunen'),
          ansvar: nullableCode('kommunens ansvar'),
          funksjon_i_hjemmet: nullableCode('funksjonen for tiltak i hjemmet (251)'),
          funksjon_utenfor_hjemmet: nullableCode('funksjonen for tiltak utenfor hjemmet (252)'),
          funksjon_administrasjon: nullableCode('funksjonen for tjenestens egen drift (244)'),
          funksjon_per_kategori: z
            .array(
              z.object({
                type: z.enum(['lonnsart', 'utbetalingskategori']).describe('lønnsart eller utbetalingskategori'),
                kode: z.string().describe('lønnsartens kode, eller kategoriens kode (navnet når den ikke har kode)'),
                tiltakstype: z.enum(['i_hjemmet', 'utenfor_hjemmet']).describe('i_hjemmet (251) eller utenfor_hjemmet (252)'),
                funksjon: z.string().describe('funksjonen (en underfunksjon, f.eks. 25220 fosterhjem) som gjelder i stedet for kommunens funksjon for tiltakstypen'),
              }),
            )
            .describe('funksjon per kategori: der en lønnsart eller kategori har egen funksjon i kommunen (AGA-linjen følger lønnsarten)'),
        }),
      )
      .describe('ansvar og funksjoner valgt per kommune'),
    innstillinger: innstillinger.describe('posteringsinnstillinger, mva-koder og Autopay'),
    konteringsmatrise: z
      .array(
        z.object({
          type: z
            .enum(['lonnsart', 'utbetalingskategori', 'aga'])
            .describe('hva linjen gjelder: lønnsart, utbetalingskategori, eller aga (arbeidsgiveravgiften av en AGA-pliktig lønnsart, på AGA-arten)'),
          kode: z.string().describe('lønnsartens eller kategoriens kode'),
          navn: z.string().describe('lønnsartens eller kategoriens navn'),
          kommunenummer: z.string().describe('kommunen kostnaden hører til'),
          tiltakstype: z.enum(['i_hjemmet', 'utenfor_hjemmet']).describe('i_hjemmet (251) eller utenfor_hjemmet (252)'),
          art: z.string().nullable().describe('art'),
          ansvar: z.string().nullable().describe('ansvar (null: ikke valgt)'),
          funksjon: z.string().nullable().describe('funksjon (null: ikke valgt)'),
          kontostreng: z.string().nullable().describe('art.ansvar.funksjon, f.eks. 10510.7100.2510 (null når en del mangler)'),
          problemer: z.array(z.string()).describe('hva som er galt med linjen; tom når den er gyldig'),
        }),
      )
      .describe('hver kontostreng kodeverket kan gi: lønnsart og kategori × kommune × tiltakstype'),
    godkjenninger: z
      .array(
        z.object({
          kommunenummer: z.string().describe('kommunen'),
          status: z.string().describe('utkast, til_godkjenning, godkjent eller avvist'),
          utdatert: z.boolean().describe('true: noe er endret etter godkjenningen'),
          godkjent_av: z.string().nullable().describe('godkjenneren'),
          godkjent_tid: z.string().nullable().describe('tidspunktet, ISO 8601 i UTC'),
          hash: z.string().nullable().describe('SHA-256 av det som ble godkjent'),
          kommentar: z.string().nullable().describe('godkjennerens kommentar'),
        }),
      )
      .describe('godkjenningen av hver kommune'),
  })
  .strict();

export type KodeverkDocument = z.infer<typeof kodeverkDocumentSchema>;

export function kodeverkJsonSchema(): unknown {
  return { $id: `urn:${FORMAT}:v${SCHEMA_VERSION}`, title: 'Kodeverk for barneverntjeneste', ...z.toJSONSchema(kodeverkDocumentSchema, { target: 'draft-2020-12' }) };
}
