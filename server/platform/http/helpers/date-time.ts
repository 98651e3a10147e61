const fmt = new Intl.DateTimeFormat('nb-NO', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Oslo' });

/** {{dateTime at}} — Norwegian date and time in Oslo time. */
export const dateTime = (value: unknown): string => {
  if (value == null || value === '') return '';
  const d = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(d.getTime()) ? '' : fmt.format(d);
};
