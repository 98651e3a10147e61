import { z } from 'zod';

export const loginSchema = z.object({
  email: z.string({ error: 'Skriv e-postadressen din.' }).trim().min(1, { error: 'Skriv e-postadressen din.' }).max(200),
  passord: z.string({ error: 'Skriv passordet ditt.' }).min(1, { error: 'Skriv passordet ditt.' }).max(200),
  neste: z.string().optional(),
});

/** Only local paths are allowed as a redirect target after login (no open redirect). */
export function safeNext(n: unknown): string {
  return typeof n === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(n) ? n : '/';
}
