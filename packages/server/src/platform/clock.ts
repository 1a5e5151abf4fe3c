// The injectable clock: every rule that depends on time asks this, so tests can move it.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class FixedClock implements Clock {
  constructor(private t: Date) {}
  now() {
    return new Date(this.t.getTime());
  }
  set(t: Date) {
    this.t = t;
  }
  advance(ms: number) {
    this.t = new Date(this.t.getTime() + ms);
  }
}

/** YYYYMMDD of an instant in the configured time zone (record numbers are local dates). */
export function localDateKey(d: Date, timeZone: string): string {
  let f = dateFormats.get(timeZone);
  if (!f) {
    // building a formatter costs far more than using one
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, f);
  }
  return f.format(d).replace(/-/g, '');
}
const dateFormats = new Map<string, Intl.DateTimeFormat>();
