/** {{fieldError errors "navn"}} — the first message for a field, or empty. */
export const fieldError = (errors: unknown, field: unknown): string => {
  if (!errors || typeof errors !== 'object') return '';
  const list = (errors as Record<string, unknown>)[String(field)];
  return Array.isArray(list) && list.length ? String(list[0]) : '';
};
