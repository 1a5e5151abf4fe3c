// Small rules of the technician pages with no I/O.
import type { TCertificate } from '@kehu/shared';

/** A certificate counts while its validity has not ended (no end date: valid). */
export function certificateValid(c: Pick<TCertificate, 'validUntil'>, today: string): boolean {
  return !c.validUntil || c.validUntil >= today;
}
