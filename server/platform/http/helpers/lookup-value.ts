/** {{value values "navn"}} — a form value to re-render, or empty. */
export const value = (values: unknown, field: unknown): unknown => {
  if (!values || typeof values !== 'object') return '';
  return (values as Record<string, unknown>)[String(field)] ?? '';
};
