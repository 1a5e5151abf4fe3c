// Returns and exchanges (退换货, tool 25, domain.md §4.6): enums, the request's state machine, request schemas, answers.
import { z } from 'zod';
import { ZDate, ZPhone } from './customers';
import { SERVICE_MODES } from './service';
import type { TWarrantyDecision, TWarrantyRules } from './service-catalogue';

/** 申请类型: 退货 / 换货 / 维修 */
export const RETURN_TYPES = ['return', 'exchange', 'repair'] as const;
export type ReturnType = (typeof RETURN_TYPES)[number];
/** 原因: 质量问题 / 错发漏发 / 运输损坏 / 与描述不符 / 无理由 / 其他 */
export const RETURN_REASONS = ['quality', 'wrong_item', 'transport_damage', 'not_as_described', 'no_reason', 'other'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];
/** 责任方: 本公司 / 供应商 / 承运人 / 客户 (also who pays the freight) */
export const RESPONSIBLE_PARTIES = ['company', 'supplier', 'carrier', 'customer'] as const;
export type ResponsibleParty = (typeof RESPONSIBLE_PARTIES)[number];
/** 退款方式: 原路退回 / 银行转账 / 现金 */
export const REFUND_METHODS = ['original', 'bank_transfer', 'cash'] as const;
/** 处理方式 */
export const RETURN_DECISIONS = ['refund', 'exchange', 'repair'] as const;
export type ReturnDecision = (typeof RETURN_DECISIONS)[number];

/** States of domain.md §4.6 (the eligibility check happens at intake and on approval). */
export const RETURN_STATES = ['requested', 'approved', 'rejected', 'goods_received', 'inspected', 'refunded', 'exchanged', 'repair', 'closed'] as const;
export type ReturnState = (typeof RETURN_STATES)[number];
/** the states still being worked on */
export const RETURN_OPEN_STATES: readonly ReturnState[] = ['requested', 'approved', 'goods_received', 'inspected', 'refunded', 'exchanged', 'repair'];

export interface ReturnActionRule {
  from: readonly ReturnState[];
  to: ReturnState;
}

/** Every action needs service:dispatch; approving a rejected request needs a written override reason. */
export const RETURN_ACTIONS = {
  approve: { from: ['requested', 'rejected'], to: 'approved' },
  reject: { from: ['requested'], to: 'rejected' },
  receive: { from: ['approved'], to: 'goods_received' },
  inspect: { from: ['goods_received'], to: 'inspected' },
  refund: { from: ['inspected'], to: 'refunded' },
  exchange: { from: ['inspected'], to: 'exchanged' },
  repair: { from: ['inspected'], to: 'repair' },
  close: { from: ['refunded', 'exchanged', 'repair'], to: 'closed' },
} as const satisfies Record<string, ReturnActionRule>;
export type ReturnAction = keyof typeof RETURN_ACTIONS;
export const RETURN_ACTION_NAMES = Object.keys(RETURN_ACTIONS) as ReturnAction[];

export function returnActionsIn(state: ReturnState): ReturnAction[] {
  return RETURN_ACTION_NAMES.filter((a) => (RETURN_ACTIONS[a].from as readonly ReturnState[]).includes(state));
}

const str = (max: number) => z.string().trim().max(max);
const optStr = (max: number) => str(max).optional().nullable();
const ZId = z.number().int().positive();

export const ZReturnCreate = z.strictObject({
  customerId: ZId,
  /** the unit (机器档案); without one, the product and the quantity */
  unitId: ZId.optional().nullable(),
  productId: ZId.optional().nullable(),
  qty: z.number().int('qty_positive_integer').min(1, 'qty_positive_integer').max(9999, 'qty_too_large').default(1),
  /** 原订单/发票号 */
  orderNo: optStr(60),
  /** only without a unit, or when the unit has none: the unit's purchase date wins */
  purchaseDate: ZDate.optional().nullable(),
  /** default today */
  requestDate: ZDate.optional(),
  type: z.enum(RETURN_TYPES),
  reason: z.enum(RETURN_REASONS),
  description: str(2000).min(1),
  contactName: optStr(50),
  contactPhone: ZPhone.optional().nullable(),
  /** accepting a request outside the 三包 windows: service:dispatch with a written reason */
  overrideReason: optStr(500),
});
export type TReturnCreate = z.infer<typeof ZReturnCreate>;

export const ZReturnListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  /** code, customer name, serial number, order/invoice number */
  q: str(100).optional(),
  state: z.enum([...RETURN_STATES, 'open']).optional(),
  type: z.enum(RETURN_TYPES).optional(),
  customerId: z.coerce.number().int().positive().optional(),
  unitId: z.coerce.number().int().positive().optional(),
});
export type TReturnListQuery = z.infer<typeof ZReturnListQuery>;

/** The window check before submitting: a unit, or a product with a purchase date. */
export const ZReturnEligibilityQuery = z.strictObject({
  unitId: z.coerce.number().int().positive().optional(),
  productId: z.coerce.number().int().positive().optional(),
  purchaseDate: ZDate.optional(),
  type: z.enum(RETURN_TYPES),
  reason: z.enum(RETURN_REASONS).optional(),
  /** the request date, default today */
  date: ZDate.optional(),
});
export type TReturnEligibilityQuery = z.infer<typeof ZReturnEligibilityQuery>;

/** One body for every action; each reads the fields it needs and the server checks them. */
export const ZReturnTransition = z.strictObject({
  action: z.enum(RETURN_ACTION_NAMES as [ReturnAction, ...ReturnAction[]]),
  version: z.number().int().positive(),
  note: optStr(2000),
  /** approve outside the windows (and every approval of a rejected request) */
  overrideReason: optStr(500),
  // receive: the goods' condition (包装, 配件, 发票)
  packagingIntact: z.boolean().optional(),
  accessoriesComplete: z.boolean().optional(),
  invoicePresent: z.boolean().optional(),
  // inspect
  inspectionResult: optStr(2000),
  responsibleParty: z.enum(RESPONSIBLE_PARTIES).optional(),
  // decisions
  refundFen: z.number().int('price_fen_invalid').min(0, 'price_fen_invalid').max(1_000_000_000_00, 'price_fen_invalid').optional(),
  refundMethod: z.enum(REFUND_METHODS).optional(),
  freightPayer: z.enum(RESPONSIBLE_PARTIES).optional(),
  /** exchange: the serial of the unit handed over, and its product when not the same */
  replacementSerialNo: optStr(60),
  replacementProductId: ZId.optional(),
  /** repair: how the service order is carried out (default carry-in: the goods are with us) */
  repairMode: z.enum(SERVICE_MODES).optional(),
  // close: the customer's sign-off
  signedBy: optStr(50),
  completedDate: ZDate.optional(),
});
export type TReturnTransition = z.infer<typeof ZReturnTransition>;

/** Why a request is outside the 三包 windows (problem codes with their texts in service messages). */
export const RETURN_REJECTION_CODES = ['RETURN_OUTSIDE_WINDOW', 'EXCHANGE_OUTSIDE_WINDOW', 'MANUAL'] as const;

export interface TReturnEligibility {
  type: ReturnType;
  eligible: boolean;
  /** RETURN_OUTSIDE_WINDOW / EXCHANGE_OUTSIDE_WINDOW when not eligible */
  code: string | null;
  purchaseDate: string | null;
  requestDate: string;
  daysSincePurchase: number | null;
  /** last day of the window that applies to the request type (null when none applies) */
  lastDay: string | null;
  returnUntil: string | null;
  exchangeUntil: string | null;
  noReasonReturnUntil: string | null;
  warrantyEnd: string | null;
  rules: TWarrantyRules;
  priorRepairs: number;
  decision: TWarrantyDecision;
  /** a rejected customer may complain: the page offers the complaint route */
  complaintHint: boolean;
}

export interface TReturnListItem {
  id: number;
  code: string;
  type: ReturnType;
  reason: ReturnReason;
  state: ReturnState;
  customerId: number;
  customerName: string;
  unitId: number | null;
  serialNo: string | null;
  productModel: string;
  productName: string;
  qty: number;
  requestDate: string;
  purchaseDate: string | null;
  eligible: boolean;
  overridden: boolean;
  decision: ReturnDecision | null;
  refundFen: number | null;
  createdAt: string;
  version: number;
}

export interface TReturnEvent {
  id: number;
  at: string;
  action: string;
  from: string | null;
  to: string;
  note: string | null;
  actorName: string | null;
  data: unknown;
}

export interface TReturn {
  id: number;
  code: string;
  type: ReturnType;
  reason: ReturnReason;
  state: ReturnState;
  customer: { id: number; code: string; name: string; phone: string | null };
  unit: { id: number; serialNo: string; model: string; productName: string; returned: boolean } | null;
  product: { id: number; model: string; name: string; categoryName: string };
  qty: number;
  orderNo: string | null;
  purchaseDate: string | null;
  requestDate: string;
  description: string;
  contactName: string | null;
  /** masked without pii:view or service:dispatch */
  contactPhone: string | null;
  eligibility: TReturnEligibility;
  eligible: boolean;
  override: { reason: string; byName: string | null; at: string } | null;
  rejection: { code: string; note: string | null; lastDay: string | null } | null;
  complaintHint: boolean;
  goodsCondition: { packagingIntact: boolean | null; accessoriesComplete: boolean | null; invoicePresent: boolean | null; note: string | null } | null;
  inspectionResult: string | null;
  responsibleParty: ResponsibleParty | null;
  decision: ReturnDecision | null;
  refundFen: number | null;
  refundMethod: string | null;
  freightPayer: ResponsibleParty | null;
  replacementUnit: { id: number; serialNo: string; model: string; purchaseDate: string | null; warrantyEnd: string | null } | null;
  serviceOrder: { id: number; code: string; state: string; completedAt: string | null } | null;
  signedBy: string | null;
  completedDate: string | null;
  times: { requested: string; approved: string | null; rejected: string | null; received: string | null; inspected: string | null; decided: string | null; closed: string | null };
  events: TReturnEvent[];
  /** what the caller may do now */
  actions: ReturnAction[];
  photoCount: number;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}
