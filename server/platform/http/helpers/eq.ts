/** {{#if (eq a b)}} — compares as strings so form values ("2026") match numbers (2026). */
export const eq = (a: unknown, b: unknown): boolean => String(a) === String(b);
