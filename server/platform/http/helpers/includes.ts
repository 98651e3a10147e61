/** {{#if (includes list value)}} — for checkbox groups and multi-selects re-rendered with the user's values. */
export const includes = (list: unknown, value: unknown): boolean => (Array.isArray(list) ? list.map(String).includes(String(value)) : String(list ?? '') === String(value));
