import { nearestSupportedYear, supportedYears } from './kostra.ts';

// The regnskapsår the app can check against are exactly the years whose KOSTRA lists kostra.ts carries.
export const SUPPORTED_REGNSKAPSAR: readonly number[] = supportedYears;

/** The current year when supported, else the nearest supported year (the same rule the import uses). */
export function defaultRegnskapsar(now: Date): number {
  return nearestSupportedYear(now.getFullYear());
}
