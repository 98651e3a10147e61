import { z } from 'zod';

/** The confirmation carries the year the page showed: a year changed in between refuses it (409). */
export const copySchema = z.object({
  fra: z.coerce.number({ error: 'Skjemaet mangler året siden viste. Last siden på nytt.' }).int({ error: 'Skjemaet mangler året siden viste. Last siden på nytt.' }),
});
