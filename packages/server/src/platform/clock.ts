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

/** "MM-DD HH:mm" of an instant in the configured time zone, as notices show a deadline ('' for none). */
export function localShort(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  let f = shortFormats.get(timeZone);
  if (!f) {
    // one formatter per time zone: building one costs ~40 µs, using it ~1 µs (a scan formats tens of thousands)
    f = new Intl.DateTimeFormat('zh-CN', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    shortFormats.set(timeZone, f);
  }
  return f.format(new Date(iso)).replace(/\//g, '-');
}
const shortFormats = new Map<string, Intl.DateTimeFormat>();
