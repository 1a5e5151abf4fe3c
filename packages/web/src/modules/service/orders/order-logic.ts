// Pure rules of the order pages (no React): deadline warning level, the steps of an order's path.
import { ORDER_STATES, type OrderState } from '@kehu/shared';

export type DueLevel = 'ok' | 'warn' | 'overdue';

/**
 * Where a deadline stands at `now`: overdue once past; warning once the warning share of its span has gone
 * (the server's warnAt when known, else `warnPercent` of the time from `start` to the deadline).
 */
export function dueLevel(due: string, now: number, opts: { warnAt?: string | null; start?: string | null; warnPercent?: number } = {}): DueLevel {
  const d = Date.parse(due);
  if (now >= d) return 'overdue';
  let warn = opts.warnAt ? Date.parse(opts.warnAt) : NaN;
  if (Number.isNaN(warn) && opts.start) {
    const s = Date.parse(opts.start);
    warn = s + ((d - s) * (opts.warnPercent ?? 80)) / 100;
  }
  return !Number.isNaN(warn) && now >= warn ? 'warn' : 'ok';
}

const TAIL: OrderState[] = ['completed', 'return_visited', 'evaluated', 'closed'];
const PATHS: Record<string, OrderState[]> = {
  onsite: ['received', 'dispatched', 'scheduled', 'en_route', 'on_site', 'in_service', ...TAIL],
  pickup: ['received', 'dispatched', 'scheduled', 'en_route', 'on_site', 'in_service', 'ready', ...TAIL],
  carry_in: ['received', 'checked_in', 'in_service', 'ready', ...TAIL],
  remote: ['received', 'remote_support', ...TAIL],
};

/** The steps of an order's mode, with any state it went through that the usual path lacks, placed after the state it came from. */
export function pathOf(mode: string, visited: string[]): OrderState[] {
  const path = [...(PATHS[mode] ?? PATHS.onsite!)];
  let prev = -1;
  for (const s of visited) {
    const st = (s === 'waiting_parts' ? 'in_service' : s) as OrderState;
    if (st === 'cancelled' || !ORDER_STATES.includes(st)) continue;
    let at = path.indexOf(st);
    if (at < 0) {
      at = prev + 1;
      path.splice(at, 0, st);
    }
    prev = at;
  }
  return path;
}
