import { z } from 'zod';
import type { EditInput } from './edit.service.ts';

/** Rows on one page of the edit form (a 10,000-row kontoplan is edited a page at a time, never 100,000 inputs). */
export const EDIT_PAGE_SIZE = 50;
/** Blank rows offered for adding; «Flere nye rader» asks for more. */
export const NEW_ROWS = 3;
const MAX_NEW_ROWS = 20;

const cell = z.string().max(500, { error: 'En verdi kan ha høyst 500 tegn.' });
const ROW_KEY = /^k_(\d{1,3})$/;
const ROW_CELL = /^f_(\d{1,3})_([a-z_]{1,40})$/;
const NEW_CELL = /^n_(\d{1,2})_([a-z_]{1,40})$/;

/**
 * The edit form in flat field names (k_3 = row 3's identity, f_3_navn = its Navn, v_3 = selected, n_0_kode = a new
 * row's Kode): qs would turn rad[25][…] into an object past its array limit, flat names read the same at any size.
 */
export const editFormSchema = z
  .object({
    versjon: z.coerce.number().int().min(0).max(1_000_000),
    begrunnelse: z.string().trim().max(300, { error: 'Begrunnelsen kan ha høyst 300 tegn.' }).default(''),
    handling: z.string().max(100).default(''),
    side: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
    sok: z.string().trim().max(100).catch('').default(''),
    bekreft_fjerning: z.string().max(10).optional(),
  })
  .catchall(z.union([cell, z.array(cell)]))
  .transform((form): EditInput & { side: number; sok: string } => {
    const rows = new Map<number, { key: string; cells: Record<string, string>; selected: boolean }>();
    const added = new Map<number, Record<string, string>>();
    const one = (v: unknown) => (Array.isArray(v) ? String(v[v.length - 1] ?? '') : String(v ?? ''));
    const rowAt = (i: number) => {
      let r = rows.get(i);
      if (!r) rows.set(i, (r = { key: '', cells: {}, selected: false }));
      return r;
    };
    for (const [name, value] of Object.entries(form)) {
      let m = ROW_KEY.exec(name);
      if (m) {
        rowAt(Number(m[1])).key = one(value);
        continue;
      }
      m = ROW_CELL.exec(name);
      if (m) {
        rowAt(Number(m[1])).cells[m[2] as string] = one(value);
        continue;
      }
      m = /^v_(\d{1,3})$/.exec(name);
      if (m) {
        rowAt(Number(m[1])).selected = one(value) !== '';
        continue;
      }
      m = NEW_CELL.exec(name);
      if (m) {
        const i = Number(m[1]);
        const r = added.get(i) ?? {};
        r[m[2] as string] = one(value);
        added.set(i, r);
      }
    }
    const newRows: Record<string, string>[] = [];
    for (const i of [...added.keys()].sort((a, b) => a - b)) newRows[i] = added.get(i) as Record<string, string>;
    return {
      baseVersionNo: form.versjon,
      reason: form.begrunnelse,
      action: form.handling,
      confirmedRemoval: form.bekreft_fjerning === 'ja',
      side: form.side,
      sok: form.sok,
      rows: [...rows.values()].filter((r) => r.key !== ''),
      newRows: Array.from(newRows, (r) => r ?? {}),
    };
  });

export const restoreFormSchema = z.object({
  gjeldende: z.coerce.number().int().min(1).max(1_000_000),
  begrunnelse: z.string().trim().max(300, { error: 'Begrunnelsen kan ha høyst 300 tegn.' }).default(''),
});

export const editQuery = z.object({
  side: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  sok: z.string().trim().max(100).catch('').default(''),
  nye: z.coerce.number().int().min(NEW_ROWS).max(MAX_NEW_ROWS).catch(NEW_ROWS).default(NEW_ROWS),
});
