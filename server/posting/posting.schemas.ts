import { z } from 'zod';
import { parseAmount } from './posting.rules.ts';

export interface PreviewChoices {
  items: ReadonlySet<string>;
  kommuner: ReadonlySet<string>;
}

/** item is «lonnsart:<kode>» or «utbetalingskategori:<kode or navn>», as the select's values. */
export function previewSchema(choices: PreviewChoices) {
  return z.object({
    item: z.string({ error: 'Velg en lønnsart eller utbetalingskategori.' }).refine((v) => choices.items.has(v), { error: 'Velg en lønnsart eller utbetalingskategori fra listen.' }),
    kommune: z.string({ error: 'Velg en kommune.' }).refine((v) => choices.kommuner.has(v), { error: 'Velg en av tjenestens kommuner.' }),
    tiltakstype: z.enum(['i_hjemmet', 'utenfor_hjemmet'], { error: 'Velg i hjemmet eller utenfor hjemmet.' }),
    belop: z.string({ error: 'Skriv et beløp, f.eks. 1 250,50.' }).transform((v, ctx) => {
      const r = parseAmount(v);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message });
        return z.NEVER;
      }
      return r.ore;
    }),
  });
}
export type PreviewInput = z.output<ReturnType<typeof previewSchema>>;

export const itemValue = (itemType: 'lonnsart' | 'utbetalingskategori', itemKode: string) => `${itemType}:${itemKode}`;
export function splitItemValue(v: string): { itemType: 'lonnsart' | 'utbetalingskategori'; itemKode: string } {
  const i = v.indexOf(':');
  return { itemType: v.slice(0, i) as 'lonnsart' | 'utbetalingskategori', itemKode: v.slice(i + 1) };
}
