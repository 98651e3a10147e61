// MOD11 as documented for Norwegian kontonummer and organisasjonsnummer (domain.md, "Validation of Norwegian numbers").
function mod11(digits: string, weights: readonly number[]): number | null {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * (weights[i] ?? 0);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

export function normalizeDigits(input: string): string {
  return input.replace(/[\s.]/g, '');
}

export function isValidOrganisasjonsnummer(input: string): boolean {
  const d = normalizeDigits(input);
  if (!/^\d{9}$/.test(d)) return false;
  return mod11(d, [3, 2, 7, 6, 5, 4, 3, 2]) === Number(d[8]);
}

export function isValidKontonummer(input: string): boolean {
  const d = normalizeDigits(input);
  if (!/^\d{11}$/.test(d)) return false;
  return mod11(d, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) === Number(d[10]);
}

/** 12345678903 → 1234.56.78903 */
export function formatKontonummer(input: string): string {
  const d = normalizeDigits(input);
  return d.length === 11 ? `${d.slice(0, 4)}.${d.slice(4, 6)}.${d.slice(6)}` : input;
}

export function isKommunenummerFormat(input: string): boolean {
  return /^\d{4}$/.test(input.trim());
}
