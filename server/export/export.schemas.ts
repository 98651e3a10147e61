import { z } from 'zod';
import { INT4_MAX } from '../platform/http/forms.ts';

export const exportNoParam = z.object({ no: z.coerce.number().int().positive().max(INT4_MAX) });
export const compareQuery = z.object({ a: z.coerce.number().int().positive().max(INT4_MAX), b: z.coerce.number().int().positive().max(INT4_MAX) });
