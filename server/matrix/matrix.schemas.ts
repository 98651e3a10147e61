import { z } from 'zod';

// Filters come from links and a GET form; a value we do not understand falls back to «alle» rather than failing.
export const matrixFilterSchema = z.object({
  kommune: z
    .string()
    .regex(/^\d{4}$/)
    .optional()
    .catch(undefined),
  tiltakstype: z.enum(['i_hjemmet', 'utenfor_hjemmet']).optional().catch(undefined),
  /** feil | advarsel | ok | a problem code */
  problem: z
    .string()
    .regex(/^[a-z0-9_]{1,40}$/)
    .optional()
    .catch(undefined),
});
export type MatrixFilter = z.output<typeof matrixFilterSchema>;
