// The SLA deadlines of one service order, from its timestamps and the rule's targets (pure).
//
// - acknowledge (受理响应): from receipt; met by acknowledgement (taken live, or the first staff action)
// - appointment (预约): from dispatch; met when an appointment is booked (or the unit is checked in)
// - arrival (到场): from receipt; met on arrival (on site, carry-in check-in). Once a time is booked, the booked
//   window's end + 30 min applies: instead of the rule when the rule pauses for the customer, else if earlier.
// - fix (修复): from receipt; met at completion; waiting for parts does not count when the rule says so
// - return visit (回访): from completion; met by the return visit
import { deadline, type Pause, type WorkCalendar } from '../../platform/business-calendar';
import type { SlaTargets } from './sla';

export type DueKind = 'ack' | 'appointment' | 'arrival' | 'fix' | 'visit';
export const DUE_KINDS: readonly DueKind[] = ['ack', 'appointment', 'arrival', 'fix', 'visit'];

export interface OrderTimes {
  mode: string;
  receivedAt: Date;
  acknowledgedAt: Date | null;
  dispatchedAt: Date | null;
  appointmentTo: Date | null;
  scheduledAt: Date | null;
  arrivedAt: Date | null;
  completedAt: Date | null;
  visitedAt: Date | null;
  cancelled: boolean;
  /** waiting-for-parts intervals */
  partsPauses: Pause[];
}

export interface OrderDeadlines {
  ack: Date | null;
  appointment: Date | null;
  arrival: Date | null;
  fix: Date | null;
  visit: Date | null;
  /** the earliest deadline not yet met, and when its warning share is reached */
  next: { kind: DueKind; due: Date; warnAt: Date } | null;
}

const BOOKED_GRACE_MS = 30 * 60_000;

export function orderDeadlines(o: OrderTimes, t: SlaTargets, cal: WorkCalendar): OrderDeadlines {
  const opts = { businessHours: t.businessHours, cal };
  const pausedOpts = { ...opts, pauses: t.pauseOnParts ? o.partsPauses : [] };
  const due = (start: Date | null, minutes: number, withPauses = false) =>
    start ? deadline(start, minutes, withPauses ? pausedOpts : opts) : null;

  let arrival = due(o.receivedAt, t.arrivalMinutes);
  if (o.appointmentTo) {
    // the booked window is the commitment; without the customer pause it may only tighten the rule
    const booked = new Date(o.appointmentTo.getTime() + BOOKED_GRACE_MS);
    if (t.pauseOnCustomer || !arrival || booked < arrival) arrival = booked;
  }
  const d = {
    ack: due(o.receivedAt, t.ackMinutes),
    appointment: o.mode === 'remote' ? null : due(o.dispatchedAt, t.appointmentMinutes),
    arrival: o.mode === 'remote' ? null : arrival,
    fix: due(o.receivedAt, t.fixMinutes, true),
    visit: due(o.completedAt, t.visitMinutes),
  };
  const met: Record<DueKind, boolean> = {
    ack: !!o.acknowledgedAt,
    appointment: !!o.scheduledAt || !!o.arrivedAt || !!o.completedAt,
    arrival: !!o.arrivedAt || !!o.completedAt,
    fix: !!o.completedAt,
    visit: !!o.visitedAt,
  };
  const starts: Record<DueKind, { start: Date | null; minutes: number; pauses: boolean }> = {
    ack: { start: o.receivedAt, minutes: t.ackMinutes, pauses: false },
    appointment: { start: o.dispatchedAt, minutes: t.appointmentMinutes, pauses: false },
    arrival: { start: o.receivedAt, minutes: t.arrivalMinutes, pauses: false },
    fix: { start: o.receivedAt, minutes: t.fixMinutes, pauses: true },
    visit: { start: o.completedAt, minutes: t.visitMinutes, pauses: false },
  };
  let next: OrderDeadlines['next'] = null;
  if (!o.cancelled) {
    for (const kind of DUE_KINDS) {
      const at = d[kind];
      if (met[kind] || !at) continue;
      if (!next || at < next.due) {
        const s = starts[kind];
        const share = Math.max(1, Math.floor((s.minutes * t.warnPercent) / 100));
        let warnAt = s.start ? deadline(s.start, share, s.pauses ? pausedOpts : opts) : null;
        if (!warnAt || warnAt > at) warnAt = at;
        next = { kind, due: at, warnAt };
      }
    }
  }
  return { ...d, next };
}
