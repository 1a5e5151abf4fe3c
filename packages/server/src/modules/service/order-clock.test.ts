import { describe, expect, it } from 'vitest';
import type { WorkCalendar } from '../../platform/business-calendar';
import { orderDeadlines, type OrderTimes } from './order-clock';
import type { SlaTargets } from './sla';

const cal: WorkCalendar = {
  timeZone: 'Asia/Shanghai',
  periods: [
    { start: 8 * 60 + 30, end: 12 * 60 },
    { start: 13 * 60, end: 17 * 60 + 30 },
  ],
  exceptions: new Map(),
};

const targets: SlaTargets = {
  ruleId: 1,
  ackMinutes: 120,
  appointmentMinutes: 120,
  arrivalMinutes: 24 * 60,
  fixMinutes: 3 * 480,
  visitMinutes: 72 * 60,
  businessHours: true,
  pauseOnCustomer: true,
  pauseOnParts: true,
  warnPercent: 80,
};

// Monday 2026-11-23 09:00 Beijing = 01:00Z
const at = (s: string) => new Date(s);
const base = (over: Partial<OrderTimes> = {}): OrderTimes => ({
  mode: 'onsite',
  receivedAt: at('2026-11-23T01:00:00Z'),
  acknowledgedAt: null,
  dispatchedAt: null,
  appointmentTo: null,
  scheduledAt: null,
  arrivedAt: null,
  completedAt: null,
  visitedAt: null,
  cancelled: false,
  partsPauses: [],
  ...over,
});

describe('order deadlines', () => {
  it('starts with the acknowledgement due two working hours after receipt, warning at 80 %', () => {
    const d = orderDeadlines(base(), targets, cal);
    expect(d.ack?.toISOString()).toBe('2026-11-23T03:00:00.000Z'); // 11:00 Beijing
    expect(d.next?.kind).toBe('ack');
    expect(d.next?.warnAt.toISOString()).toBe('2026-11-23T02:36:00.000Z'); // 96 working minutes
    expect(d.appointment).toBeNull(); // not dispatched yet
    expect(d.visit).toBeNull();
  });

  it('moves on to the earliest unmet deadline as steps are done', () => {
    const acked = orderDeadlines(base({ acknowledgedAt: at('2026-11-23T01:05:00Z'), dispatchedAt: at('2026-11-23T01:10:00Z') }), targets, cal);
    expect(acked.next?.kind).toBe('appointment');
    expect(acked.next?.due.toISOString()).toBe('2026-11-23T03:10:00.000Z');
    const booked = orderDeadlines(
      base({ acknowledgedAt: at('2026-11-23T01:05:00Z'), dispatchedAt: at('2026-11-23T01:10:00Z'), scheduledAt: at('2026-11-23T01:20:00Z'), appointmentTo: at('2026-11-25T06:00:00Z') }),
      targets,
      cal,
    );
    // the customer chose a later day: arrival is due at the window's end + 30 min
    expect(booked.arrival?.toISOString()).toBe('2026-11-25T06:30:00.000Z');
    expect(booked.next?.kind).toBe('arrival');
  });

  it('keeps the rule when the customer pause is off and the booking is later', () => {
    const t = { ...targets, pauseOnCustomer: false };
    const d = orderDeadlines(base({ appointmentTo: at('2026-11-30T06:00:00Z') }), t, cal);
    // 24 working hours = 3 working days (8 h a day) from Monday 09:00 → Thursday 09:00
    expect(d.arrival?.toISOString()).toBe('2026-11-26T01:00:00.000Z');
  });

  it('stops the fix clock while waiting for parts and resumes it afterwards', () => {
    const open = orderDeadlines(base({ acknowledgedAt: at('2026-11-23T01:00:00Z'), arrivedAt: at('2026-11-23T03:00:00Z'), scheduledAt: at('2026-11-23T02:00:00Z'), partsPauses: [{ from: at('2026-11-23T04:00:00Z'), to: null }] }), targets, cal);
    expect(open.fix).toBeNull();
    expect(open.next).toBeNull();
    const closed = orderDeadlines(
      base({ acknowledgedAt: at('2026-11-23T01:00:00Z'), arrivedAt: at('2026-11-23T03:00:00Z'), scheduledAt: at('2026-11-23T02:00:00Z'), partsPauses: [{ from: at('2026-11-23T06:00:00Z'), to: at('2026-11-24T06:00:00Z') }] }),
      targets,
      cal,
    );
    const unpaused = orderDeadlines(base(), targets, cal);
    // a whole working day (8 h) paused pushes the fix deadline out by one working day
    expect(closed.fix!.getTime() - unpaused.fix!.getTime()).toBe(86_400_000);
    expect(closed.next?.kind).toBe('fix');
  });

  it('ignores the parts pause when the rule does not pause for parts', () => {
    const d = orderDeadlines(base({ partsPauses: [{ from: at('2026-11-23T04:00:00Z'), to: null }] }), { ...targets, pauseOnParts: false }, cal);
    expect(d.fix).not.toBeNull();
  });

  it('asks for the return visit after completion, and nothing after a cancellation', () => {
    const done = orderDeadlines(
      base({ acknowledgedAt: at('2026-11-23T01:00:00Z'), scheduledAt: at('2026-11-23T01:00:00Z'), arrivedAt: at('2026-11-23T02:00:00Z'), completedAt: at('2026-11-23T04:00:00Z') }),
      { ...targets, businessHours: false },
      cal,
    );
    expect(done.next?.kind).toBe('visit');
    expect(done.visit?.toISOString()).toBe('2026-11-26T04:00:00.000Z');
    expect(orderDeadlines(base({ cancelled: true }), targets, cal).next).toBeNull();
  });

  it('has no appointment or arrival for remote support', () => {
    const d = orderDeadlines(base({ mode: 'remote', acknowledgedAt: at('2026-11-23T01:00:00Z'), dispatchedAt: at('2026-11-23T01:00:00Z') }), targets, cal);
    expect(d.appointment).toBeNull();
    expect(d.arrival).toBeNull();
    expect(d.next?.kind).toBe('fix');
  });
});
