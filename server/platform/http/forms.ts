import { z } from 'zod';
import { NotFoundError } from './errors.ts';

export type FieldErrors = Record<string, string[] | undefined>;
export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; formErrors: string[]; values: Record<string, unknown> };

/** Parse a form with zod, collecting every field's message (not only the first problem). */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const values = (body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {}) as Record<string, unknown>;
  delete values._csrf;
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const flat = z.flattenError(parsed.error);
  return { ok: false, errors: flat.fieldErrors as FieldErrors, formErrors: flat.formErrors, values };
}

/** The largest id a PostgreSQL integer column holds: an id in an address past it is "not found", not a database error. */
export const INT4_MAX = 2_147_483_647;

/** Route params (and a query a page cannot do without) go through zod too; a bad one is simply "not found": the 404 page. */
export function paramOr404<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

/** An optional query string (paging, a search): a bad one gives the page as if none was asked. */
export function queryOr<S extends z.ZodType>(schema: S, input: unknown, fallback: z.output<S>): z.output<S> {
  const parsed = schema.safeParse(input);
  return parsed.success ? parsed.data : fallback;
}

/** Zod messages in Norwegian for the few generic cases we rely on. */
export const text = (label: string, max = 200) =>
  z
    .string({ error: `${label} må fylles ut.` })
    .trim()
    .min(1, { error: `${label} må fylles ut.` })
    .max(max, { error: `${label} kan ha høyst ${max} tegn.` });

/** A form field that may be a single value or several (checkbox groups, multi-selects). */
export const manyStrings = z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()));
