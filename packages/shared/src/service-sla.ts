// The SLA contract of the after-sales service module (服务响应时间细则): rule table, business calendar, board.
import { z } from 'zod';
import { REGION_TYPES, SERVICE_PRIORITIES, SERVICE_TYPES } from './service';

/** A rule field holding '*' matches any value. */
export const SLA_WILDCARD = '*';
export const SLA_KEY_FIELDS = ['serviceType', 'tier', 'regionType', 'priority'] as const;
export const SLA_TARGET_FIELDS = ['ackMinutes', 'appointmentMinutes', 'arrivalMinutes', 'fixMinutes', 'visitMinutes'] as const;
export type SlaTargetField = (typeof SLA_TARGET_FIELDS)[number];
export const SLA_DUE_KINDS = ['ack', 'appointment', 'arrival', 'fix', 'visit'] as const;
export type TDueKind = (typeof SLA_DUE_KINDS)[number];

const ZVersion = z.number().int().min(1);
/** at most a year */
const ZMinutes = z.number().int('minutes_integer').min(1, 'minutes_positive').max(525_600, 'minutes_too_large');
const wild = <T extends readonly [string, ...string[]]>(values: T) => z.enum([SLA_WILDCARD, ...values] as [string, ...string[]]);
/** a service-tier dictionary code (vip, gold, silver, standard …) or '*' */
const ZTier = z.string().trim().min(1).max(40).regex(/^(\*|[A-Za-z0-9_-]+)$/, 'invalid_tier');

export const ZSlaRuleCreate = z.strictObject({
  serviceType: wild(SERVICE_TYPES),
  tier: ZTier,
  regionType: wild(REGION_TYPES),
  priority: wild(SERVICE_PRIORITIES),
  ackMinutes: ZMinutes,
  appointmentMinutes: ZMinutes,
  arrivalMinutes: ZMinutes,
  fixMinutes: ZMinutes,
  visitMinutes: ZMinutes,
  /** true: the minutes are working minutes of the business calendar; false: calendar time (24 × 7) */
  businessHours: z.boolean(),
  pauseOnCustomer: z.boolean(),
  pauseOnParts: z.boolean(),
  warnPercent: z.number().int().min(1, 'warn_percent_range').max(99, 'warn_percent_range'),
});
export type TSlaRuleCreate = z.infer<typeof ZSlaRuleCreate>;

export const ZSlaRuleUpdate = ZSlaRuleCreate.partial().extend({ version: ZVersion });
export type TSlaRuleUpdate = z.infer<typeof ZSlaRuleUpdate>;

export const ZSlaRuleListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  serviceType: wild(SERVICE_TYPES).optional(),
  tier: ZTier.optional(),
  regionType: wild(REGION_TYPES).optional(),
  priority: wild(SERVICE_PRIORITIES).optional(),
  archived: z.enum(['true', 'false', 'all']).default('false'),
});
export type TSlaRuleListQuery = z.infer<typeof ZSlaRuleListQuery>;

export interface TSlaRule {
  id: number;
  serviceType: string;
  tier: string;
  regionType: string;
  priority: string;
  ackMinutes: number;
  appointmentMinutes: number;
  arrivalMinutes: number;
  fixMinutes: number;
  visitMinutes: number;
  businessHours: boolean;
  pauseOnCustomer: boolean;
  pauseOnParts: boolean;
  warnPercent: number;
  /** how many of the four key fields are not '*' (the more, the more specific) */
  specificity: number;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

// ---------- business calendar ----------

export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
export type TCalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export const ZCalendarYear = z.coerce.number().int().min(2000).max(2100);
export const ZCalendarDay = z.strictObject({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_date'),
  kind: z.enum(CALENDAR_DAY_KINDS),
  name: z.string().trim().min(1).max(60),
});
export type TCalendarDay = z.infer<typeof ZCalendarDay>;

/** Replaces the exceptions of one year; `etag` is what the GET answered (409 when someone changed the year since). */
export const ZCalendarYearPut = z.strictObject({
  etag: z.string().max(64),
  days: z.array(ZCalendarDay).max(366),
});
export type TCalendarYearPut = z.infer<typeof ZCalendarYearPut>;

export interface TCalendarYear {
  year: number;
  days: TCalendarDay[];
  etag: string;
}

const ZHhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'invalid_time');
export const ZWorkPeriod = z.strictObject({ start: ZHhMm, end: ZHhMm });
export type TWorkPeriod = z.infer<typeof ZWorkPeriod>;
export const ZWorkPeriodsPut = z.strictObject({
  periods: z.array(ZWorkPeriod).min(1, 'periods_required').max(6),
  /** 0 while the default has never been changed */
  version: z.number().int().min(0),
});
export type TWorkPeriodsPut = z.infer<typeof ZWorkPeriodsPut>;

export interface TWorkPeriods {
  periods: TWorkPeriod[];
  /** working minutes of a working day */
  minutesPerDay: number;
  timeZone: string;
  /** 0: the built-in default (never saved) */
  version: number;
}

export const ZDeadlinePreviewQuery = z.strictObject({
  start: z.iso.datetime({ offset: true }),
  minutes: z.coerce.number().int().min(0).max(525_600),
  businessHours: z.enum(['true', 'false']).default('true'),
});
export type TDeadlinePreviewQuery = z.infer<typeof ZDeadlinePreviewQuery>;

export interface TDeadlinePreview {
  start: string;
  minutes: number;
  businessHours: boolean;
  due: string;
  timeZone: string;
  /** working minutes between start and due (equals minutes in business-hours mode) */
  workingMinutes: number;
}

// ---------- SLA board ----------

export const ZSlaBoardQuery = z.strictObject({
  soonPage: z.coerce.number().int().min(1).max(100000).default(1),
  breachedPage: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  outletId: z.coerce.number().int().positive().optional(),
});
export type TSlaBoardQuery = z.infer<typeof ZSlaBoardQuery>;

export interface TSlaBoardOrder {
  id: number;
  code: string;
  state: string;
  type: string;
  priority: string;
  customerId: number;
  customerName: string | null;
  outletId: number | null;
  outletName: string | null;
  ownerId: number | null;
  ownerName: string | null;
  nextDue: string | null;
  nextDueKind: TDueKind | null;
  warnedAt: string | null;
  breachedAt: string | null;
  escalated: boolean;
}

export interface TSlaBoardGroup {
  id: number | null;
  name: string | null;
  open: number;
  soon: number;
  breached: number;
}

export interface TSlaBoard {
  now: string;
  /** when the counts (totals, by outlet, by technician, and the lists' totals) were computed: at most a few minutes ago */
  countsAt?: string;
  counts: { open: number; warned: number; soon: number; breached: number; escalated: number };
  soon: { items: TSlaBoardOrder[]; total: number; page: number; pageSize: number };
  breached: { items: TSlaBoardOrder[]; total: number; page: number; pageSize: number };
  byOutlet: TSlaBoardGroup[];
  byTechnician: TSlaBoardGroup[];
}
