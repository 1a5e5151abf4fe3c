// Masking of personal data for users without `pii:view`.

export function maskPhone(v: string | null | undefined): string | null {
  if (!v) return v ?? null;
  if (v.length >= 11) return v.slice(0, 3) + '****' + v.slice(-4);
  if (v.length > 4) return '*'.repeat(v.length - 4) + v.slice(-4);
  return '****';
}

export function maskIdNumber(v: string | null | undefined): string | null {
  if (!v) return v ?? null;
  return v.slice(0, 3) + '*'.repeat(Math.max(0, v.length - 7)) + v.slice(-4);
}

/** Keeps the first few characters of a street address ("文三路****"). */
export function maskStreet(v: string | null | undefined): string | null {
  if (!v) return v ?? null;
  return v.slice(0, Math.min(3, v.length)) + '****';
}

export function maskEmail(v: string | null | undefined): string | null {
  if (!v) return v ?? null;
  const [user, domain] = v.split('@');
  return (user?.slice(0, 1) ?? '') + '***@' + (domain ?? '');
}
