// The regnskapsår whose KOSTRA lists the app carries (see kostra.ts for how each year is derived).
export const SUPPORTED_REGNSKAPSAR: readonly number[] = [2023, 2024, 2025, 2026];

/** The current year when supported, else the nearest supported year. */
export function defaultRegnskapsar(now: Date): number {
  const y = now.getFullYear();
  const min = SUPPORTED_REGNSKAPSAR[0] ?? y;
  const max = SUPPORTED_REGNSKAPSAR[SUPPORTED_REGNSKAPSAR.length - 1] ?? y;
  return Math.min(max, Math.max(min, y));
}
