// Phone numbers: validated and normalised with libphonenumber (China by default).
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * The last few thousand answers: a number is checked by the request schema, then normalised for the duplicate check
 * and again for the row (an import parses each of 100,000 numbers two to four times otherwise, ~10 µs a time).
 */
const recent = new Map<string, string | null>();
const RECENT_MAX = 4096;

/** Returns the normalised national number (digits only, e.g. 13812345678 or 057188886666) or null. */
export function normalizePhone(value: string): string | null {
  if (value.length > 40) return parsePhone(value);
  const known = recent.get(value);
  if (known !== undefined) return known;
  const out = parsePhone(value);
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(value, out);
  return out;
}

function parsePhone(value: string): string | null {
  const raw = value.trim();
  if (!raw) return null;
  const parsed = parsePhoneNumberFromString(raw, 'CN');
  if (!parsed || !parsed.isValid()) return null;
  if (parsed.country === 'CN' || parsed.countryCallingCode === '86') {
    const nat = parsed.nationalNumber.toString();
    // landlines keep their trunk prefix 0 as Chinese users write them
    return /^1\d{10}$/.test(nat) ? nat : '0' + nat;
  }
  return '+' + parsed.countryCallingCode + parsed.nationalNumber;
}

export function isValidPhone(value: string): boolean {
  return normalizePhone(value) !== null;
}
