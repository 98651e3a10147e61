import { z } from 'zod';
import type { Dimensjon, Tiltakstype } from './types.ts';
import type { Fordel } from '../reference/amelding.ts';
import { foldText } from './headers.ts';

/** Lenient cell rules shared by the register definitions. Each rule reads a trimmed cell text (null = blank). */

const JA = new Set(['ja', 'j', 'yes', 'y', 'x', 'true', '1', 'sann']);
const NEI = new Set(['nei', 'n', 'no', 'false', '0', 'usann']);

/** Ja/Nei, J/N, Yes/No, x (=ja), true/false, 1/0, Sann/Usann; blank = null; anything else = undefined (invalid). */
export function parseJaNei(text: string | null | undefined): boolean | null | undefined {
  if (text === null || text === undefined || text.trim() === '') return null;
  const t = text.trim().toLowerCase();
  if (JA.has(t)) return true;
  if (NEI.has(t)) return false;
  return undefined;
}

/** «I hjemmet»/i_hjemmet/251/Hjemme → i_hjemmet; «Utenfor hjemmet»/252/plassert → utenfor_hjemmet; «Begge»/blank → begge. */
export function parseTiltakstype(text: string | null | undefined): Tiltakstype | undefined {
  if (text === null || text === undefined || text.trim() === '') return 'begge';
  const t = foldText(text);
  if (t === 'begge' || t === 'begge2512' || t === '251252' || t === 'beggedeler' || t === 'alle') return 'begge';
  if (t.startsWith('utenfor') || t === '252' || t.startsWith('plassert') || t === 'ute') return 'utenfor_hjemmet';
  if (t === 'ihjemmet' || t === 'hjemme' || t === 'hjemmet' || t === '251' || t === 'ikkeplassert' || t.startsWith('ihjem')) return 'i_hjemmet';
  return undefined;
}

/** Headers of a tiltakstype column, for every register that has one; a header is often a question of placement («Er barnet plassert utenfor hjemmet?»). */
export const TILTAKSTYPE_HEADER_ALIASES: readonly string[] = ['Tiltakstype', 'I/utenfor hjemmet', 'Plassering', 'Tiltak', 'Hjemme/plassert', 'Type tiltak', 'Tiltaksart', 'Hjemmebasert/plassert'];
export const TILTAKSTYPE_HEADER_STEMS: readonly string[] = ['tiltakstype', 'plassert', 'plassering', 'hjemme', 'utenfor'];

/** Art/Konto, Ansvar, Funksjon/Tjeneste in any case or spelling we have seen. */
export function parseDimensjon(text: string | null | undefined): Dimensjon | undefined {
  if (text === null || text === undefined) return undefined;
  const t = foldText(text);
  if (t === '') return undefined;
  if (t.startsWith('art') || (t.startsWith('konto') && !t.startsWith('kontoplan'))) return 'art';
  if (t.startsWith('ans')) return 'ansvar';
  if (t.startsWith('fun') || t.startsWith('tje')) return 'funksjon';
  return undefined;
}

/** A zod issue that carries our stable issue code. */
function addCellIssue(ctx: z.RefinementCtx, code: string, message: string): void {
  ctx.addIssue({ code: 'custom', message, params: { code } });
}

export const optionalText = z
  .string()
  .nullish()
  .transform((v) => (v === undefined || v === null || v === '' ? null : v));

export function requiredText(code: string, message: string) {
  return z
    .string()
    .nullish()
    .transform((v, ctx) => {
      if (v === undefined || v === null || v === '') {
        addCellIssue(ctx, code, message);
        return z.NEVER;
      }
      return v;
    });
}

export function jaNeiCell(label: string) {
  return z
    .string()
    .nullish()
    .transform((v, ctx) => {
      const parsed = parseJaNei(v);
      if (parsed === undefined) {
        addCellIssue(ctx, 'ugyldig_ja_nei', `«${v ?? ''}» er ikke et gyldig svar for ${label}. Skriv Ja eller Nei (eller la cellen stå tom).`);
        return z.NEVER;
      }
      return parsed;
    });
}

export const tiltakstypeCell = z
  .string()
  .nullish()
  .transform((v, ctx) => {
    const parsed = parseTiltakstype(v);
    if (parsed === undefined) {
      addCellIssue(ctx, 'ugyldig_tiltakstype', `«${v ?? ''}» er ikke en gyldig tiltakstype. Skriv «I hjemmet», «Utenfor hjemmet» eller «Begge».`);
      return z.NEVER;
    }
    return parsed;
  });

/** A tiltakstype cell whose blank means «not stated» (null): the register fills its own default and says so (lønnsarter). */
export const optionalTiltakstypeCell = z
  .string()
  .nullish()
  .transform((v, ctx) => {
    if (v === null || v === undefined || v.trim() === '') return null;
    const parsed = parseTiltakstype(v);
    if (parsed === undefined) {
      addCellIssue(ctx, 'ugyldig_tiltakstype', `«${v}» er ikke en gyldig tiltakstype. Skriv «I hjemmet», «Utenfor hjemmet» eller «Begge».`);
      return z.NEVER;
    }
    return parsed;
  });

/** The three A-melding fordeler (Skatteetaten's code list), in the words people write and the technical values. */
export const FORDEL_TEXT: Readonly<Record<Fordel, string>> = { kontantytelse: 'Kontantytelse', utgiftsgodtgjoerelse: 'Utgiftsgodtgjørelse', naturalytelse: 'Naturalytelse' };

/** Kontantytelse/kontant, Utgiftsgodtgjørelse/utgiftsgodtgjoerelse/utgift, Naturalytelse/natural; blank = null; else undefined. */
function parseFordel(text: string | null | undefined): Fordel | null | undefined {
  if (text === null || text === undefined || text.trim() === '') return null;
  const t = foldText(text);
  if (t.startsWith('kontant')) return 'kontantytelse';
  if (t.startsWith('utgift')) return 'utgiftsgodtgjoerelse';
  if (t.startsWith('natural')) return 'naturalytelse';
  return undefined;
}

export const fordelCell = z
  .string()
  .nullish()
  .transform((v, ctx) => {
    const parsed = parseFordel(v);
    if (parsed === undefined) {
      addCellIssue(ctx, 'ugyldig_fordel', `«${v ?? ''}» er ikke en fordel i A-meldingen. Skriv Kontantytelse, Utgiftsgodtgjørelse eller Naturalytelse (eller la cellen stå tom).`);
      return z.NEVER;
    }
    return parsed;
  });
