// The after-sales service contract (售后服务): enums, the service-order state machine, request schemas.
import { z } from 'zod';
import { ZDate, ZPhone } from './customers';

export const SERVICE_TYPES = ['install', 'repair', 'maintenance', 'inspection', 'consult', 'return'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];
export const SERVICE_MODES = ['onsite', 'carry_in', 'remote', 'pickup'] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];
export const SERVICE_CHANNELS = ['phone', 'web', 'wechat', 'outlet', 'dealer', 'sales', 'email', 'auto'] as const;
export const SERVICE_PRIORITIES = ['normal', 'urgent'] as const;
export const REGION_TYPES = ['urban', 'suburban', 'remote'] as const;
export type RegionType = (typeof REGION_TYPES)[number];
export const OUTLET_KINDS = ['own', 'special', 'authorised'] as const;
export const WARRANTY_STATES = ['in', 'out', 'agreement', 'none'] as const;

/** Service-order states of domain.md §4.4. */
export const ORDER_STATES = [
  'received',
  'dispatched',
  'scheduled',
  'en_route',
  'on_site',
  'checked_in',
  'remote_support',
  'in_service',
  'waiting_parts',
  'ready',
  'completed',
  'return_visited',
  'evaluated',
  'closed',
  'cancelled',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/** States in which the work is still to be done (SLA clocks run, the order counts as open). */
export const OPEN_STATES: readonly OrderState[] = [
  'received',
  'dispatched',
  'scheduled',
  'en_route',
  'on_site',
  'checked_in',
  'remote_support',
  'in_service',
  'waiting_parts',
  'ready',
];

export interface ActionRule {
  from: readonly OrderState[];
  /** null: the state stays (escalate, transfer keeps DISPATCHED) */
  to: OrderState | null;
  /** who may take the action */
  permission: 'service:dispatch' | 'service:work' | 'service:visit' | 'service:create';
  /** the modes for which the action exists (all when absent) */
  modes?: readonly ServiceMode[];
}

/** The transitions: action → allowed source states, target state, permission. The server enforces exactly this. */
export const ORDER_ACTIONS = {
  dispatch: { from: ['received', 'remote_support'], to: 'dispatched', permission: 'service:dispatch' },
  transfer: { from: ['dispatched', 'scheduled'], to: 'dispatched', permission: 'service:dispatch' },
  schedule: { from: ['dispatched', 'scheduled'], to: 'scheduled', permission: 'service:work' },
  depart: { from: ['scheduled'], to: 'en_route', permission: 'service:work', modes: ['onsite', 'pickup'] },
  arrive: { from: ['en_route'], to: 'on_site', permission: 'service:work', modes: ['onsite', 'pickup'] },
  check_in: { from: ['received', 'dispatched', 'scheduled'], to: 'checked_in', permission: 'service:work', modes: ['carry_in', 'pickup'] },
  remote: { from: ['received'], to: 'remote_support', permission: 'service:work', modes: ['remote'] },
  start: { from: ['on_site', 'checked_in'], to: 'in_service', permission: 'service:work' },
  wait_parts: { from: ['in_service'], to: 'waiting_parts', permission: 'service:work' },
  parts_arrived: { from: ['waiting_parts'], to: 'in_service', permission: 'service:work' },
  ready: { from: ['in_service'], to: 'ready', permission: 'service:work', modes: ['carry_in', 'pickup'] },
  complete: { from: ['in_service', 'ready', 'remote_support'], to: 'completed', permission: 'service:work' },
  visit: { from: ['completed'], to: 'return_visited', permission: 'service:visit' },
  evaluate: { from: ['return_visited'], to: 'evaluated', permission: 'service:visit' },
  close: { from: ['evaluated'], to: 'closed', permission: 'service:dispatch' },
  cancel: { from: ['received', 'dispatched', 'scheduled', 'en_route', 'checked_in', 'remote_support'], to: 'cancelled', permission: 'service:dispatch' },
  escalate: { from: OPEN_STATES, to: null, permission: 'service:dispatch' },
} as const satisfies Record<string, ActionRule>;
export type OrderAction = keyof typeof ORDER_ACTIONS;
export const ORDER_ACTION_NAMES = Object.keys(ORDER_ACTIONS) as OrderAction[];

/** The actions a state and mode allow (before permission checks). */
export function allowedActions(state: OrderState, mode: ServiceMode): OrderAction[] {
  return ORDER_ACTION_NAMES.filter((a) => {
    const r: ActionRule = ORDER_ACTIONS[a];
    return r.from.includes(state) && (!r.modes || r.modes.includes(mode));
  });
}

const str = (max: number) => z.string().trim().max(max);
const optStr = (max: number) => str(max).optional().nullable();
const ZRegionCode = z.string().regex(/^\d{6}$/, 'invalid_region');
export const ZFenAmount = z.number().int().min(0).max(1_000_000_000_00);

// ---------- service orders ----------
export const ZOrderCreate = z.strictObject({
  customerId: z.number().int().positive(),
  unitId: z.number().int().positive().optional().nullable(),
  type: z.enum(SERVICE_TYPES),
  mode: z.enum(SERVICE_MODES),
  channel: z.enum(SERVICE_CHANNELS),
  priority: z.enum(SERVICE_PRIORITIES).default('normal'),
  description: str(2000).min(1),
  contactName: optStr(50),
  contactPhone: ZPhone.optional().nullable(),
  regionCode: ZRegionCode.optional().nullable(),
  address: optStr(200),
});
export type TOrderCreate = z.infer<typeof ZOrderCreate>;

export const ZOrderListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  q: str(100).optional(),
  state: z.enum([...ORDER_STATES, 'open']).optional(),
  type: z.enum(SERVICE_TYPES).optional(),
  outletId: z.coerce.number().int().positive().optional(),
  technicianId: z.coerce.number().int().positive().optional(),
  customerId: z.coerce.number().int().positive().optional(),
  unitId: z.coerce.number().int().positive().optional(),
  escalated: z.enum(['true', 'false']).optional(),
  mine: z.enum(['true', 'false']).optional(),
  /** orders of today for a technician: appointment today or open */
  today: z.enum(['true', 'false']).optional(),
});
export type TOrderListQuery = z.infer<typeof ZOrderListQuery>;

/** One body for every transition; each action reads the fields it needs and the server checks them. */
export const ZOrderTransition = z.strictObject({
  action: z.enum(ORDER_ACTION_NAMES as [OrderAction, ...OrderAction[]]),
  version: z.number().int().positive(),
  note: optStr(2000),
  outletId: z.number().int().positive().optional(),
  technicianId: z.number().int().positive().optional(),
  appointmentFrom: z.iso.datetime({ offset: true }).optional(),
  appointmentTo: z.iso.datetime({ offset: true }).optional(),
  /** when the technician says it happened (departure, arrival); defaults to now, never in the future */
  at: z.iso.datetime({ offset: true }).optional(),
  faultCode: optStr(40),
  diagnosis: optStr(2000),
  resolution: optStr(2000),
  /** completion: the customer's signature as a PNG data URL, and who signed */
  signature: z.string().max(400_000).regex(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/, 'invalid_signature').optional(),
  signedBy: optStr(50),
  /** at most ¥1,000,000, as on the fee schedule */
  labourFeeFen: ZFenAmount.max(100_000_000, 'fee_fen_too_large').optional(),
});
export type TOrderTransition = z.infer<typeof ZOrderTransition>;

export const ZOrderItemAdd = z.strictObject({
  kind: z.enum(['labour', 'other']),
  description: str(200).min(1),
  qty: z.number().int().min(1).max(10000),
  unitPriceFen: ZFenAmount,
});

export { ZDate };

// ---------- return visits (回访) ----------
export const ZVisitAnswers = z.strictObject({
  onTime: z.boolean(),
  solved: z.boolean(),
  /** service attitude 1–5 */
  attitude: z.number().int().min(1).max(5),
  feesOk: z.boolean(),
  /** any 吃拿卡要 (asking for meals, gifts, extra money) */
  misconduct: z.boolean(),
  rating: z.number().int().min(1).max(5),
  comment: optStr(1000),
});
export const ZVisitRecord = ZVisitAnswers.extend({
  version: z.number().int().positive(),
  /** what follows a dissatisfied answer: required then (an explicit 'none' too); 'none' when satisfied */
  followUp: z.enum(['rework', 'complaint', 'none']).optional(),
});
export type TVisitAnswers = z.infer<typeof ZVisitAnswers>;
export type TVisitRecord = z.infer<typeof ZVisitRecord>;

export const ZVisitListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  state: z.enum(['open', 'done', 'cancelled']).optional(),
  mine: z.enum(['true', 'false']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
export type TVisitListQuery = z.infer<typeof ZVisitListQuery>;

/** A dissatisfied return visit: low rating or attitude, not solved, fees not as listed, or misconduct. */
export function isDissatisfied(a: TVisitAnswers): boolean {
  return a.rating <= 2 || a.attitude <= 2 || !a.solved || !a.feesOk || a.misconduct;
}

// ---------- KPIs (监督与考核) ----------
export interface TKpiRow {
  key: string;
  label: string;
  completed: number;
  firstTimeFixRate: number | null;
  onTimeArrivalRate: number | null;
  meanRepairHours: number | null;
  meanRating: number | null;
  satisfiedRate: number | null;
  repeatRate: number | null;
  dissatisfiedVisits: number;
  /** valid complaints (not judged invalid, not draft/dismissed) received in the period about this row's orders */
  complaints: number;
  /** complaints per 100 completed orders (null without completed orders) */
  complaintsPer100: number | null;
}
