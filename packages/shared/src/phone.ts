// Phone numbers: validated and normalised with libphonenumber (China by default).
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** Returns the normalised national number (digits only, e.g. 13812345678 or 057188886666) or null. */
export function normalizePhone(value: string): string | null {
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
