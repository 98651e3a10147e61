import { z } from 'zod';

export const exportNoParam = z.object({ no: z.coerce.number().int().positive() });
export const compareQuery = z.object({ a: z.coerce.number().int().positive(), b: z.coerce.number().int().positive() });
