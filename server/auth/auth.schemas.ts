import { z } from 'zod';
import { newPasswordSchema } from './password-policy.ts';

export const loginSchema = z.object({
  email: z.string({ error: 'Skriv e-postadressen din.' }).trim().min(1, { error: 'Skriv e-postadressen din.' }).max(200),
  passord: z.string({ error: 'Skriv passordet ditt.' }).min(1, { error: 'Skriv passordet ditt.' }).max(200),
  neste: z.string().optional(),
});

/** Only local paths are allowed as a redirect target after login (no open redirect). */
export function safeNext(n: unknown): string {
  return typeof n === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(n) ? n : '/';
}

/** «Bytt passord»: the current one (the session alone is not enough to change it), the new one twice. */
export const changePasswordSchema = z
  .object({
    gjeldende: z.string({ error: 'Skriv passordet du har nå.' }).min(1, { error: 'Skriv passordet du har nå.' }).max(200),
    nytt: newPasswordSchema,
    gjenta: z.string({ error: 'Skriv det nye passordet en gang til.' }).max(200),
  })
  .superRefine((v, ctx) => {
    if (v.gjenta !== v.nytt) ctx.addIssue({ code: 'custom', path: ['gjenta'], message: 'Passordene er ikke like. Skriv det nye passordet likt i begge feltene.' });
    if (v.nytt === v.gjeldende) ctx.addIssue({ code: 'custom', path: ['nytt'], message: 'Velg et annet passord enn det du har nå.' });
  });

/** An admin's new start password for a member. */
export const startPasswordSchema = z.object({ startpassord: newPasswordSchema });
