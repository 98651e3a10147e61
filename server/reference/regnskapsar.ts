import { FIRST_REGNSKAPSAR, nearestSupportedYear } from './kostra.ts';

/**
 * The regnskapsår offered in the forms: every year from the first the app checks up to next year (the kodeverk meeting
 * in December is for the coming year), and at least up to the newest list year.
 */
export function regnskapsarChoices(now: Date): number[] {
  const last = Math.max(now.getFullYear() + 1, nearestSupportedYear(Number.MAX_SAFE_INTEGER));
  return Array.from({ length: last - FIRST_REGNSKAPSAR + 1 }, (_, i) => FIRST_REGNSKAPSAR + i);
}

/** The choices as of when the server started (the forms' year list). */
export const SUPPORTED_REGNSKAPSAR: readonly number[] = regnskapsarChoices(new Date());

/** The current year (from the first the app checks on). */
export function defaultRegnskapsar(now: Date): number {
  return Math.max(now.getFullYear(), FIRST_REGNSKAPSAR);
}
