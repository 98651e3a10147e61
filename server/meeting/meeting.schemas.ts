import { z } from 'zod';
import { text } from '../platform/http/forms.ts';
import { ERP_CHOICES, MODULE_STATUSES } from '../settings/settings.rules.ts';
import { kontonummerSchema } from '../settings/settings.schemas.ts';
import { AREAS, QUESTION_STATUSES } from './questions.rules.ts';

const blankToNull = (v: unknown) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? null : typeof v === 'string' ? v.trim() : v);

/** A calendar day from <input type="date"> (YYYY-MM-DD), checked to exist. */
const day = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label} må være en dato (dd.mm.åååå).` })
    .refine(
      (v) => {
        const d = new Date(`${v}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
      },
      { error: `${label} finnes ikke i kalenderen. Velg en gyldig dato.` },
    );

const optionalText = (label: string, max: number) => z.preprocess(blankToNull, z.union([z.null(), z.string().max(max, { error: `${label} kan ha høyst ${max} tegn.` })]));

/** «u:12» = a member, «p:regnskap» = a named party without an account, '' = nobody yet. */
const owner = z.preprocess(blankToNull, z.union([z.null(), z.string().regex(/^(u:\d{1,9}|p:.{1,60})$/, { error: 'Velg en ansvarlig fra listen, eller skriv navnet på en annen part.' })]));

/** What every question's form carries: owner, deadline, status and the decision in words. */
const questionFields = {
  ansvarlig: owner,
  ansvarlig_annen: optionalText('Annen ansvarlig', 60),
  frist: z.preprocess(blankToNull, z.union([z.null(), day('Fristen')])),
  status: z.enum(QUESTION_STATUSES, { error: 'Velg status: åpen, avklart eller ikke aktuelt.' }),
  beslutning: optionalText('Beslutningen', 2000),
};
export const questionSchema = z.object(questionFields);
export type QuestionInput = z.output<typeof questionSchema>;

/** The setting part of a question a setting holds; parsed only for that kind of question. */
export const modulAnswerSchema = z.object({ modul_status: z.enum(MODULE_STATUSES, { error: 'Velg status for modulen.' }) });
export const erpAnswerSchema = z
  .object({
    erp: z.preprocess(blankToNull, z.union([z.null(), z.enum(ERP_CHOICES, { error: 'Velg et av systemene i listen.' })])),
    erp_annet: optionalText('Navnet på systemet', 100),
  })
  .superRefine((v, ctx) => {
    if (v.erp === 'annet' && !v.erp_annet) ctx.addIssue({ code: 'custom', path: ['erp_annet'], message: 'Skriv hvilket økonomisystem som tar imot posteringene.' });
  })
  .transform((v) => ({ erp: v.erp, erp_annet: v.erp === 'annet' ? v.erp_annet : null }));
export const autopayAnswerSchema = z
  .object({
    avtale: z.enum(['ja', 'nei', 'ikke_avklart'], { error: 'Velg om kommunen har Autopay-avtale.' }),
    kontonummer: kontonummerSchema,
    godkjenning: z.enum(['ja', 'nei', 'ikke_avklart'], { error: 'Velg om økonomi skal godkjenne utbetalinger i Autopay.' }),
    antall_godkjennere: z.preprocess(blankToNull, z.union([z.null(), z.enum(['1', '2'], { error: 'Velg 1 eller 2 godkjennere.' })])),
  })
  .superRefine((v, ctx) => {
    if (v.godkjenning === 'ja' && !v.antall_godkjennere)
      ctx.addIssue({ code: 'custom', path: ['antall_godkjennere'], message: 'Velg hvor mange som må godkjenne (1 eller 2), slik banken har satt det opp.' });
  })
  .transform((v) => ({ ...v, antall_godkjennere: v.godkjenning === 'ja' && v.antall_godkjennere ? Number(v.antall_godkjennere) : null }));

export const newQuestionSchema = z.object({
  omrade: z.enum(AREAS, { error: 'Velg hvilket område spørsmålet hører til.' }),
  tittel: text('Spørsmålet', 300),
  ansvarlig: owner,
  ansvarlig_annen: optionalText('Annen ansvarlig', 60),
  frist: z.preprocess(blankToNull, z.union([z.null(), day('Fristen')])),
});

export const meetingSchema = z.object({
  dato: day('Møtedatoen'),
  tittel: text('Tittelen', 200),
  deltakere: optionalText('Deltakerlisten', 4000),
});
export const meetingNotesSchema = z.object({ notater: optionalText('Notatene', 20000) });
export const meetingHeaderSchema = meetingSchema.extend(meetingNotesSchema.shape);

export const freeItemSchema = z.object({
  tittel: text('Punktet', 300),
  omrade: z.preprocess(blankToNull, z.union([z.null(), z.enum(AREAS, { error: 'Velg et område fra listen, eller la feltet stå tomt.' })])),
});

export const questionParam = z.object({ sporsmal: z.string().regex(/^([a-z_]{1,40}|\d{1,9})$/) });
export const meetingParam = z.object({ moteId: z.coerce.number().int().positive().max(2_000_000_000) });
export const itemParam = meetingParam.extend({ punktId: z.coerce.number().int().positive().max(2_000_000_000) });
