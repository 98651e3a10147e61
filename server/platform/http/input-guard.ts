import type { RequestHandler } from 'express';
import { BadRequestError } from './errors.ts';

// C0 controls except tab, line feed and carriage return (which a textarea may send), and DEL. PostgreSQL cannot
// store NUL in text at all; the others have no business in a name or an e-mail address and hide in exports.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

/** The first field (by its form name) whose text holds a control character, in a parsed body or query. */
function firstBadField(value: unknown, name: string, depth = 0): string | undefined {
  if (typeof value === 'string') return CONTROL.test(value) ? name : undefined;
  if (depth > 8 || !value || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (CONTROL.test(k)) return name || k;
    const bad = firstBadField(v, name ? `${name}[${k}]` : k, depth + 1);
    if (bad) return bad;
  }
  return undefined;
}

/** Refuses any form field or query parameter holding a control character, with the field it is in (400, not a 500 from the database). */
export const rejectControlCharacters: RequestHandler = (req, _res, next) => {
  const bad = firstBadField(req.body, '') ?? firstBadField(req.query, '');
  if (bad === undefined) return next();
  next(
    new BadRequestError(
      `Feltet «${bad.replace(new RegExp(CONTROL.source, 'g'), '').slice(0, 60)}» inneholder et ugyldig tegn (NUL eller et annet kontrolltegn). Fjern det og prøv igjen.`,
      'control_character',
    ),
  );
};
