// MOD11 as documented for Norwegian kontonummer and organisasjonsnummer (docs/domain.md, "Validation of Norwegian numbers").
function mod11(digits: string, weights: readonly number[]): number | null {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * (weights[i] ?? 0);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

function normalizeDigits(input: string): string {
  return input.replace(/[\s.\u00a0-]/g, '');
}

/**
 * «NO 945 469 277 MVA» (the MVA register's form) → 945469277: the country prefix and the MVA suffix are written around
 * the organisasjonsnummer, not part of it.
 */
export function normalizeOrganisasjonsnummer(input: string): string {
  return normalizeDigits(input).replace(/^NO/i, '').replace(/MVA$/i, '');
}

/**
 * «NO93 8601 1117 947» (IBAN) → 86011117947: a Norwegian IBAN is NO, two check digits and the 11-digit kontonummer.
 * The IBAN's own check (ISO 13616, mod 97) must hold, else the input is returned as written (and fails the format check).
 */
export function normalizeKontonummer(input: string): string {
  const d = normalizeDigits(input);
  const iban = /^NO(\d{2})(\d{11})$/i.exec(d);
  if (!iban) return d;
  return ibanMod97(`${iban[2]}2324${iban[1]}`) === 1 ? (iban[2] as string) : d;
}

// ISO 13616: the BBAN, then the country code as digits (N = 23, O = 24) and the check digits, mod 97 must be 1.
function ibanMod97(digits: string): number {
  let rest = 0;
  for (const c of digits) rest = (rest * 10 + Number(c)) % 97;
  return rest;
}

// All zeros passes MOD11 (sum 0 gives check digit 0) but is no one's number: a placeholder typed to get past a form.
const allZeros = (d: string) => /^0+$/.test(d);

export function isValidOrganisasjonsnummer(input: string): boolean {
  const d = normalizeOrganisasjonsnummer(input);
  if (!/^\d{9}$/.test(d) || allZeros(d)) return false;
  return mod11(d, [3, 2, 7, 6, 5, 4, 3, 2]) === Number(d[8]);
}

export function isValidKontonummer(input: string): boolean {
  const d = normalizeKontonummer(input);
  if (!/^\d{11}$/.test(d) || allZeros(d)) return false;
  return mod11(d, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) === Number(d[10]);
}

/** 12345678903 → 1234.56.78903 */
export function formatKontonummer(input: string): string {
  const d = normalizeKontonummer(input);
  return d.length === 11 ? `${d.slice(0, 4)}.${d.slice(4, 6)}.${d.slice(6)}` : input;
}
