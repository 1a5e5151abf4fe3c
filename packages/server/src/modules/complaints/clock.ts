// The deadlines of one complaint (pure), on the shared business calendar (platform/business-calendar.ts).
//
// - reply (首次答复): from receipt; met by the first reply to the customer
// - resolve (处理时限): from receipt; met when the complaint is resolved (or judged invalid and explained)
// - level (升级时限): after an escalation, the time the new level has (its window) before the next step up
//
// Receipt, not assignment, starts the resolution clock: the customer waits from the moment they complained.
// An escalation happens when the earliest running deadline passes; deadlines that fell due before the last
// escalation do not escalate again (the level's own window takes over), so a case climbs 1 → 2 → 3 one step at a time.
import { deadline, type WorkCalendar } from '../../platform/business-calendar';
import type { ComplaintDueKind } from '@kehu/shared';

export interface ComplaintTargets {
  ruleId: number | null;
  replyMinutes: number;
  replyBusinessHours: boolean;
  resolveMinutes: number;
  resolveBusinessHours: boolean;
  warnPercent: number;
}

/** No rule at all (every rule archived): the minor targets of domain.md §3.11. */
export const FALLBACK_COMPLAINT_TARGETS: ComplaintTargets = Object.freeze({
  ruleId: null,
  replyMinutes: 24 * 60,
  replyBusinessHours: false,
  resolveMinutes: 3 * 480,
  resolveBusinessHours: true,
  warnPercent: 80,
});

export interface LevelWindow {
  minutes: number;
  businessHours: boolean;
}

export interface ComplaintTimes {
  receivedAt: Date;
  firstReplyAt: Date | null;
  resolvedAt: Date | null;
  /** the last escalation (automatic or by hand) and the window of the level it reached */
  escalatedAt: Date | null;
  levelWindow: LevelWindow | null;
  /** the clocks run only while the work is ours to do */
  running: boolean;
}

export interface ComplaintDeadlines {
  reply: Date;
  resolve: Date;
  level: Date | null;
  next: { kind: ComplaintDueKind; due: Date; warnAt: Date } | null;
}

const SEVERITY_RANK = { minor: 1, major: 2, critical: 3 } as const;

/** VIP complaints first (§1.8), within severity: 2 × severity rank + 1 for a VIP customer. */
export function complaintPriority(severity: string, tier: string): number {
  const rank = SEVERITY_RANK[severity as keyof typeof SEVERITY_RANK] ?? 1;
  return rank * 2 + (tier === 'vip' ? 1 : 0);
}

export function complaintDeadlines(t: ComplaintTimes, targets: ComplaintTargets, cal: WorkCalendar): ComplaintDeadlines {
  const due = (start: Date, minutes: number, businessHours: boolean) => deadline(start, minutes, { businessHours, cal })!;
  const reply = due(t.receivedAt, targets.replyMinutes, targets.replyBusinessHours);
  const resolve = due(t.receivedAt, targets.resolveMinutes, targets.resolveBusinessHours);
  const level = t.escalatedAt && t.levelWindow ? due(t.escalatedAt, t.levelWindow.minutes, t.levelWindow.businessHours) : null;
  const share = (minutes: number) => Math.max(1, Math.floor((minutes * targets.warnPercent) / 100));

  const candidates: { kind: ComplaintDueKind; due: Date; warnAt: Date }[] = [];
  if (t.running) {
    if (!t.firstReplyAt) candidates.push({ kind: 'reply', due: reply, warnAt: due(t.receivedAt, share(targets.replyMinutes), targets.replyBusinessHours) });
    if (!t.resolvedAt) {
      candidates.push({ kind: 'resolve', due: resolve, warnAt: due(t.receivedAt, share(targets.resolveMinutes), targets.resolveBusinessHours) });
      if (level && t.levelWindow) candidates.push({ kind: 'level', due: level, warnAt: due(t.escalatedAt!, share(t.levelWindow.minutes), t.levelWindow.businessHours) });
    }
  }
  let next: ComplaintDeadlines['next'] = null;
  for (const c of candidates) {
    // a deadline that had passed when the case was last escalated has been answered by that escalation
    if (t.escalatedAt && c.due <= t.escalatedAt) continue;
    if (!next || c.due < next.due) next = { ...c, warnAt: c.warnAt > c.due ? c.due : c.warnAt };
  }
  return { reply, resolve, level, next };
}

/** The level an escalation reaches (one step, at most 3); null when already at the top. */
export function nextLevel(level: number): number | null {
  return level >= 3 ? null : level + 1;
}
