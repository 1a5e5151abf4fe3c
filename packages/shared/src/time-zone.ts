// The wall clock of an IANA time zone at an instant, through the platform's Intl (server and browser alike).

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(timeZone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null; // not a zone this platform knows
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export function isKnownTimeZone(timeZone: string): boolean {
  return formatter(timeZone) !== null;
}

/** The zone's calendar date and time at `at`; null for a zone the platform does not know. */
export function wallClock(at: Date, timeZone: string): WallClock | null {
  const f = formatter(timeZone);
  if (!f) return null;
  const v: Record<string, number> = {};
  for (const p of f.formatToParts(at)) if (p.type !== 'literal') v[p.type] = Number(p.value);
  return { year: v.year, month: v.month, day: v.day, hour: v.hour % 24, minute: v.minute, second: v.second };
}

/** Offset of the zone from UTC at an instant, in ms (Shanghai: +8 h); throws for a zone the platform does not know. */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const v = wallClock(at, timeZone);
  if (!v) throw new RangeError(`Invalid time zone specified: ${timeZone}`);
  const asUtc = Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}
