import { z } from 'zod';

const MIN_PASSWORD_LENGTH = 12;

/*
 * Passwords that head every published list of leaked passwords, and their Norwegian counterparts (passord, sommer,
 * vinter, a name of a month or a club followed by a year). Compared after lower-casing and with digits and
 * punctuation at the ends taken off, so «Passord2026!» counts as «passord».
 */
const COMMON = new Set(
  `password passord passw0rd p@ssword p@ssw0rd qwerty qwertyuiop asdfgh asdfghjkl zxcvbnm qwerty123 abc abcdef abcdefgh
  letmein welcome velkommen admin administrator root login logg-inn logginn changeme endremeg secret hemmelig
  iloveyou jegelskerdeg dragon monkey master sunshine princess football fotball baseball superman batman trustno1
  shadow michael jesus freedom whatever starwars pokemon hello hallo hei heisann test testing tester demo guest gjest
  sommer vinter host høst vår var januar februar mars april mai juni juli august september oktober november desember
  mandag tirsdag onsdag torsdag fredag lordag lørdag sondag søndag norge noreg oslo bergen trondheim stavanger tromso tromsø
  bodo bodø lofoten rosenborg brann vålerenga valerenga molde viking lillestrom lillestrøm kodeverk barnevern
  barneverntjeneste kommune kontoplan regnskap okonomi økonomi lonn lønn visma tripletex unit4 agresso`
    .split(/\s+/)
    .filter(Boolean),
);

/** The sequences people type when asked for a long password: 1234…, abcd…, qwer…, and their reverse. */
const RUNS = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopåasdfghjkløæzxcvbnm'];

function isRun(text: string): boolean {
  if (text.length < 4) return false;
  return RUNS.some((run) => run.includes(text) || [...run].reverse().join('').includes(text));
}

/** Why a new password is refused, in words for the person choosing it; null when it is fine. */
export function passwordProblem(password: string, context: { email?: string; navn?: string } = {}): string | null {
  const trimmed = password.trim();
  if (trimmed.length < MIN_PASSWORD_LENGTH) return `Passordet må ha minst ${MIN_PASSWORD_LENGTH} tegn.`; // mellomrom først og sist telles ikke
  const lower = trimmed.toLowerCase();
  if (new Set(lower.replace(/\s/g, '')).size < 4) return 'Passordet har for få ulike tegn. Velg en setning av fire–fem vanlige ord.';
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  const compact = lower.replace(/[\s\W_]+/gu, '');
  if (COMMON.has(core) || COMMON.has(compact) || isRun(compact) || /^\d+$/.test(compact)) {
    return 'Passordet er blant dem som prøves først når noen gjetter. Velg noe lengre og mindre vanlig, gjerne en setning av fire–fem ord.';
  }
  const own = [context.email?.split('@')[0], context.email, context.navn].filter((x): x is string => !!x && x.length >= 3).map((x) => x.toLowerCase().replace(/[\s\W_]+/gu, ''));
  if (own.some((x) => x === compact || x === core.replace(/[\s\W_]+/gu, '') || compact.replace(/\d+$/, '') === x.replace(/\d+$/, ''))) {
    return 'Passordet kan ikke være navnet ditt eller e-postadressen din.';
  }
  return null;
}

/** A new password in a form: at most 200 characters, and passwordProblem must find nothing. */
export const newPasswordSchema = z
  .string({ error: 'Passord må fylles ut.' })
  .max(200, { error: 'Passordet kan ha høyst 200 tegn.' })
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
