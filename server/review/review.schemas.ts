import { z } from 'zod';

export const kommuneParam = z.object({ kommunenummer: z.string().regex(/^\d{4}$/) });

export const approveSchema = z.object({
  // the hash of the content the page showed (kodeverk/approval.rules.ts approvalHash): the approval is bound to it
  hash: z
    .string({ error: 'Skjemaet mangler sjekksummen av det du så. Last siden på nytt og godkjenn igjen.' })
    .regex(/^[0-9a-f]{64}$/, { error: 'Skjemaet mangler sjekksummen av det du så. Last siden på nytt og godkjenn igjen.' }),
  kommentar: z
    .string()
    .trim()
    .max(1000, { error: 'Kommentaren kan ha høyst 1000 tegn.' })
    .optional()
    .transform((v) => (v ? v : null)),
});

export const rejectSchema = z.object({
  kommentar: z
    .string({ error: 'Skriv hva som må rettes.' })
    .trim()
    .min(1, { error: 'Skriv hva som må rettes, så lønn og regnskap vet hva de skal endre.' })
    .max(1000, { error: 'Kommentaren kan ha høyst 1000 tegn.' }),
});
