// Small rules of the technician pages with no I/O.
import type { TCertificate } from '@kehu/shared';
import dayjs from 'dayjs';

/** Today in the browser's calendar, YYYY-MM-DD. */
export const localToday = () => dayjs().format('YYYY-MM-DD');

/** A certificate counts while its validity has not ended (no end date: valid). */
export function certificateValid(c: Pick<TCertificate, 'validUntil'>, today: string): boolean {
  return !c.validUntil || c.validUntil >= today;
}
