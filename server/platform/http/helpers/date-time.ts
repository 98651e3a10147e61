const fmt = new Intl.DateTimeFormat('nb-NO', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Oslo' });

/**
 * {{dateTime at}} — Norwegian date and time in Oslo time, as people write it: `01.12.2026 17:05` (Intl's own
 * short style puts a comma between the two). Also used by the export files, so a page and the package say the same.
 */
export const dateTime = (value: unknown): string => {
  if (value == null || value === '') return '';
  const d = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(d.getTime())) return '';
  const p = Object.fromEntries(fmt.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p['day']}.${p['month']}.${p['year']} ${p['hour']}:${p['minute']}`;
};
