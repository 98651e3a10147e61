const fmt = new Intl.NumberFormat('nb-NO');

/** {{number n}} — 12 345 with Norwegian grouping. */
export const number = (n: unknown): string => (typeof n === 'number' || (typeof n === 'string' && n !== '' && !Number.isNaN(Number(n))) ? fmt.format(Number(n)) : '');
