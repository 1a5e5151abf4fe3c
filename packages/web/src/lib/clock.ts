// "Now" and "today" as the company's clock shows them. The server decides warranty, deadlines and report days in its
// configured time zone (TIMEZONE, Asia/Shanghai by default) and tells the web app through /api/v1/auth/me; a browser
// set to another zone (a manager travelling, a laptop left on UTC) must still default to and allow the same days.
import { isKnownTimeZone, wallClock } from '@kehu/shared';
import dayjs, { type Dayjs } from 'dayjs';

let companyZone: string | undefined;

/** Sets the company's time zone (an IANA name); an unknown or empty one falls back to the browser's own. */
export function setCompanyTimeZone(zone: string | null | undefined) {
  companyZone = zone && isKnownTimeZone(zone) ? zone : undefined;
}

export function companyTimeZone(): string | undefined {
  return companyZone;
}

/**
 * The current moment as a browser-local Dayjs whose calendar fields (year … second) are the company's wall clock.
 * Date pickers work in the browser's wall clock, so this is the value to default them to and compare them with.
 */
export function companyNow(at: Date = new Date()): Dayjs {
  const w = companyZone ? wallClock(at, companyZone) : null;
  if (!w) return dayjs(at);
  return dayjs(new Date(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, at.getMilliseconds()));
}

/** Today's date (YYYY-MM-DD) on the company's clock. */
export function companyToday(at: Date = new Date()): string {
  return companyNow(at).format('YYYY-MM-DD');
}

/** For a DatePicker's disabledDate: true for days after today on the company's clock. */
export function isAfterCompanyToday(d: Dayjs): boolean {
  return d.format('YYYY-MM-DD') > companyToday();
}
