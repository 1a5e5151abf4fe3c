// The complaint contract (客户投诉, domain.md §1.8, §3.11, §4.3): enums, the state machine, request schemas.
import { z } from 'zod';
import { ZPhone } from './customers';

/** 受理渠道 (tool 35): phone, call centre, letter, visit, e-mail, web, IM, forum, dealer, 消协/12315, and the automatic doors. */
export const COMPLAINT_CHANNELS = ['phone', 'call_center', 'letter', 'visit', 'email', 'web', 'im', 'forum', 'dealer', 'third_party', 'return_visit', 'survey', 'portal', 'api'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];
/** the channels a person at the company types in (the intake form); the others are set by the doors themselves */
export const AGENT_CHANNELS = ['phone', 'call_center', 'letter', 'visit', 'email', 'web', 'im', 'forum', 'dealer', 'third_party'] as const;

/** §3.11: 一般 / 重要 / 重大·紧急 */
export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** 客户要求 (tool 35) */
export const DEMANDS = ['apology', 'repair', 'exchange', 'return', 'compensation', 'explanation', 'other'] as const;
/** 投诉客户分类 (S4 5.3.2): the customer's temperament, to coach staff */
export const TEMPERAMENTS = ['irritable', 'eccentric', 'domineering', 'intellectual', 'poorly_educated', 'talkative'] as const;
export const VALIDITIES = ['valid', 'invalid'] as const;
/** 处理方案 (§4.3 propose solution) */
export const SOLUTION_KINDS = ['repair', 'exchange', 'return', 'refund', 'compensation', 'apology', 'explanation'] as const;
/** 客户确认 (tool 35) */
export const CONFIRMATIONS = ['satisfied', 'basic', 'dissatisfied'] as const;
export const CORRECTIVE_KINDS = ['corrective', 'preventive'] as const;
export const ESCALATION_LEVELS = [1, 2, 3] as const;
export const COMPLAINT_DUE_KINDS = ['reply', 'resolve', 'level'] as const;
export type ComplaintDueKind = (typeof COMPLAINT_DUE_KINDS)[number];

/** The states of domain.md §4.3; `draft` holds a complaint opened automatically until an agent takes it in. */
export const COMPLAINT_STATES = [
  'draft',
  'received',
  'classified',
  'assigned',
  'investigating',
  'solution_proposed',
  'resolving',
  'resolved',
  'confirmed',
  'invalid',
  'return_visited',
  'closed',
  'dismissed',
] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

/** Not yet closed: listed as open, counted as 累计未结 in the daily report. */
export const OPEN_COMPLAINT_STATES: readonly ComplaintState[] = ['received', 'classified', 'assigned', 'investigating', 'solution_proposed', 'resolving', 'resolved', 'confirmed', 'invalid'];
/** Work is still to be done by us: the reply / resolution clocks run and the case can be escalated. */
export const WORKING_COMPLAINT_STATES: readonly ComplaintState[] = ['received', 'classified', 'assigned', 'investigating', 'solution_proposed', 'resolving'];

export type ComplaintPermission = 'complaints:create' | 'complaints:handle' | 'complaints:assign';
export interface ComplaintActionRule {
  from: readonly ComplaintState[];
  /** null: the state stays */
  to: ComplaintState | null;
  permission: ComplaintPermission;
}

/** The transitions the server enforces: action → source states, target state, permission. */
export const COMPLAINT_ACTIONS = {
  open: { from: ['draft'], to: 'received', permission: 'complaints:create' },
  dismiss: { from: ['draft'], to: 'dismissed', permission: 'complaints:assign' },
  classify: { from: ['received', 'classified'], to: 'classified', permission: 'complaints:assign' },
  assign: { from: ['classified', 'assigned', 'investigating'], to: null, permission: 'complaints:assign' },
  accept: { from: ['assigned'], to: 'investigating', permission: 'complaints:handle' },
  invalidate: { from: ['investigating'], to: 'invalid', permission: 'complaints:handle' },
  propose: { from: ['investigating'], to: 'solution_proposed', permission: 'complaints:handle' },
  accept_solution: { from: ['solution_proposed'], to: 'resolving', permission: 'complaints:handle' },
  reject_solution: { from: ['solution_proposed'], to: 'investigating', permission: 'complaints:handle' },
  resolve: { from: ['resolving'], to: 'resolved', permission: 'complaints:handle' },
  confirm: { from: ['resolved'], to: 'confirmed', permission: 'complaints:handle' },
  visit: { from: ['confirmed', 'invalid'], to: 'return_visited', permission: 'complaints:handle' },
  close: { from: ['return_visited'], to: 'closed', permission: 'complaints:assign' },
  reopen: { from: ['resolved', 'confirmed', 'invalid', 'return_visited', 'closed'], to: 'investigating', permission: 'complaints:assign' },
  escalate: { from: ['received', 'classified', 'assigned', 'investigating', 'solution_proposed', 'resolving'], to: null, permission: 'complaints:assign' },
} as const satisfies Record<string, ComplaintActionRule>;
export type ComplaintAction = keyof typeof COMPLAINT_ACTIONS;
export const COMPLAINT_ACTION_NAMES = Object.keys(COMPLAINT_ACTIONS) as ComplaintAction[];

export function complaintActionsIn(state: ComplaintState): ComplaintAction[] {
  return COMPLAINT_ACTION_NAMES.filter((a) => (COMPLAINT_ACTIONS[a].from as readonly ComplaintState[]).includes(state));
}

const str = (max: number) => z.string().trim().max(max);
const optStr = (max: number) => str(max).optional().nullable();
const id = z.number().int().positive();
const optId = id.optional().nullable();
const ZFen = z.number().int().min(0).max(100_000_000_000);
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_date');
const ZDictCode = z.string().trim().min(1).max(40);

// ---------- intake ----------
/** An agent's intake (and an integration's: channel api). Without customerId a new customer is opened from the complainant. */
export const ZComplaintCreate = z.strictObject({
  customerId: optId,
  /** open a customer file on the spot when none is linked */
  newCustomer: z.strictObject({ type: z.enum(['enterprise', 'individual']), name: str(100).min(1) }).optional(),
  channel: z.enum(COMPLAINT_CHANNELS),
  complainantName: str(50).min(1),
  complainantPhone: ZPhone.optional().nullable(),
  complainantEmail: z.email('invalid_email').max(120).optional().nullable(),
  receivedAt: z.iso.datetime({ offset: true }).optional(),
  unitId: optId,
  productId: optId,
  serviceOrderId: optId,
  orderNo: optStr(60),
  category: ZDictCode.optional().nullable(),
  severity: z.enum(SEVERITIES).default('minor'),
  summary: optStr(200),
  content: str(4000).min(1),
  demands: z.array(z.enum(DEMANDS)).max(DEMANDS.length).default([]),
  demandNote: optStr(1000),
  temperament: z.enum(TEMPERAMENTS).optional().nullable(),
});
export type TComplaintCreate = z.infer<typeof ZComplaintCreate>;

export const ZComplaintListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  q: str(100).optional(),
  state: z.enum([...COMPLAINT_STATES, 'open']).optional(),
  severity: z.enum(SEVERITIES).optional(),
  category: ZDictCode.optional(),
  channel: z.enum(COMPLAINT_CHANNELS).optional(),
  departmentId: z.coerce.number().int().positive().optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  customerId: z.coerce.number().int().positive().optional(),
  /** the complaints about one service order (the order's card) */
  serviceOrderId: z.coerce.number().int().positive().optional(),
  level: z.coerce.number().int().min(1).max(3).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  mine: z.enum(['true', 'false']).optional(),
  vip: z.enum(['true', 'false']).optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
});
export type TComplaintListQuery = z.infer<typeof ZComplaintListQuery>;

/** One body for every transition; each action reads the fields it needs and the server checks them. */
export const ZComplaintTransition = z.strictObject({
  action: z.enum(COMPLAINT_ACTION_NAMES as [ComplaintAction, ...ComplaintAction[]]),
  version: id,
  note: optStr(2000),
  // classify
  customerId: optId,
  category: ZDictCode.optional(),
  severity: z.enum(SEVERITIES).optional(),
  temperament: z.enum(TEMPERAMENTS).optional().nullable(),
  // assign
  departmentId: optId,
  ownerId: optId,
  // invalidate / investigate
  invalidReason: optStr(2000),
  investigation: optStr(4000),
  rootCause: ZDictCode.optional().nullable(),
  causeAnalysis: optStr(4000),
  // propose / resolve
  solutionKind: z.enum(SOLUTION_KINDS).optional(),
  solution: optStr(4000),
  resolution: optStr(4000),
  compensationFen: ZFen.optional(),
  // confirm (on the customer's behalf: a reason is required)
  confirmation: z.enum(CONFIRMATIONS).optional(),
  confirmReason: optStr(1000),
  // return visit
  visitResult: optStr(2000),
  visitRating: z.number().int().min(1).max(5).optional(),
  wonBack: z.boolean().optional(),
  // escalate / reopen / dismiss
  reason: optStr(1000),
});
export type TComplaintTransition = z.infer<typeof ZComplaintTransition>;

/** Details that may be corrected while the complaint is open (not its state). */
export const ZComplaintUpdate = z.strictObject({
  version: id,
  complainantName: str(50).min(1).optional(),
  complainantPhone: ZPhone.optional().nullable(),
  complainantEmail: z.email('invalid_email').max(120).optional().nullable(),
  unitId: optId,
  productId: optId,
  serviceOrderId: optId,
  orderNo: optStr(60),
  summary: optStr(200),
  demands: z.array(z.enum(DEMANDS)).max(DEMANDS.length).optional(),
  demandNote: optStr(1000),
  temperament: z.enum(TEMPERAMENTS).optional().nullable(),
  valueOrientation: optStr(200),
  soothing: optStr(2000),
  investigation: optStr(4000),
  rootCause: ZDictCode.optional().nullable(),
  causeAnalysis: optStr(4000),
});
export type TComplaintUpdate = z.infer<typeof ZComplaintUpdate>;

/** A reply to the customer (the first one stops the reply clock), from a template or free text; e-mailed when asked and configured. */
export const ZComplaintReply = z.strictObject({
  templateId: optId,
  text: str(4000).min(1),
  sendEmail: z.boolean().default(false),
});
export type TComplaintReply = z.infer<typeof ZComplaintReply>;

export const ZCorrectiveCreate = z.strictObject({
  kind: z.enum(CORRECTIVE_KINDS),
  description: str(2000).min(1),
  ownerId: optId,
  dueDate: ZDay.optional().nullable(),
});
export const ZCorrectiveUpdate = z.strictObject({
  version: id,
  description: str(2000).min(1).optional(),
  ownerId: optId,
  dueDate: ZDay.optional().nullable(),
  done: z.boolean().optional(),
  verification: optStr(2000),
});
export type TCorrectiveCreate = z.infer<typeof ZCorrectiveCreate>;
export type TCorrectiveUpdate = z.infer<typeof ZCorrectiveUpdate>;

// ---------- the public page and the customer's tracking link ----------
export const ZPublicComplaint = z.strictObject({
  name: str(50).min(1),
  phone: ZPhone,
  email: z.email('invalid_email').max(120).optional().nullable(),
  orderNo: optStr(60),
  serialNo: optStr(60),
  category: ZDictCode.optional().nullable(),
  content: str(4000).min(5),
  demands: z.array(z.enum(DEMANDS)).max(DEMANDS.length).default([]),
  /** the human check: the challenge token and the answer */
  challenge: str(400).min(1),
  answer: str(10).min(1),
});
export type TPublicComplaint = z.infer<typeof ZPublicComplaint>;

export const ZPublicConfirm = z.strictObject({
  confirmation: z.enum(CONFIRMATIONS),
  comment: optStr(1000),
});
export type TPublicConfirm = z.infer<typeof ZPublicConfirm>;

// ---------- rules: deadlines, escalation ladder, templates ----------
export const ZComplaintRuleUpdate = z.strictObject({
  version: id,
  replyMinutes: z.number().int().min(1).max(525_600),
  replyBusinessHours: z.boolean(),
  resolveMinutes: z.number().int().min(1).max(525_600),
  resolveBusinessHours: z.boolean(),
  warnPercent: z.number().int().min(1).max(99),
});
export const ZComplaintRuleCreate = ZComplaintRuleUpdate.omit({ version: true }).extend({
  severity: z.enum(SEVERITIES),
  tier: z.string().trim().min(1).max(40),
});
export const ZComplaintLevelUpdate = z.strictObject({
  version: id,
  ownerId: optId,
  roleCode: optStr(40),
  windowMinutes: z.number().int().min(1).max(525_600),
  businessHours: z.boolean(),
});
export type TComplaintRuleUpdate = z.infer<typeof ZComplaintRuleUpdate>;
export type TComplaintRuleCreate = z.infer<typeof ZComplaintRuleCreate>;
export type TComplaintLevelUpdate = z.infer<typeof ZComplaintLevelUpdate>;

export const ZTemplateInput = z.strictObject({
  title: str(100).min(1),
  category: ZDictCode.optional().nullable(),
  temperament: z.enum(TEMPERAMENTS).optional().nullable(),
  situation: optStr(1000),
  apology: str(2000).min(1),
  reply: str(4000).min(1),
  pairedAction: optStr(200),
  taboo: optStr(1000),
  sort: z.number().int().min(0).max(9999).default(0),
});
// sort without its default: partial() keeps it, and an edit of the title alone would reset the order to 0
export const ZTemplateUpdate = ZTemplateInput.partial().extend({ sort: z.number().int().min(0).max(9999).optional(), version: id });
export type TTemplateInput = z.infer<typeof ZTemplateInput>;
export type TTemplateUpdate = z.infer<typeof ZTemplateUpdate>;

// ---------- claims (索赔, §4.3.1, tool 41) ----------
export const CLAIM_STATES = ['received', 'evidence_collected', 'liability_determined', 'approved', 'settled', 'rejected', 'recovery', 'closed'] as const;
export type ClaimState = (typeof CLAIM_STATES)[number];
export const LIABILITIES = ['company', 'supplier', 'carrier', 'customer', 'force_majeure'] as const;
/** 处理方式: refund, replacement, credit note (折让), repair, return of goods */
export const SETTLEMENTS = ['refund', 'replacement', 'credit_note', 'repair', 'return'] as const;
export const RECOVERY_STATES = ['pending', 'recovered', 'waived'] as const;

export type ClaimPermission = 'complaints:claim' | 'complaints:approve';
export const CLAIM_ACTIONS = {
  collect: { from: ['received'], to: 'evidence_collected', permission: 'complaints:claim' },
  determine: { from: ['evidence_collected'], to: 'liability_determined', permission: 'complaints:claim' },
  approve: { from: ['liability_determined'], to: 'approved', permission: 'complaints:approve' },
  reject: { from: ['received', 'evidence_collected', 'liability_determined'], to: 'rejected', permission: 'complaints:approve' },
  settle: { from: ['approved'], to: 'settled', permission: 'complaints:claim' },
  recover: { from: ['settled'], to: 'recovery', permission: 'complaints:claim' },
  close: { from: ['settled', 'rejected', 'recovery'], to: 'closed', permission: 'complaints:claim' },
} as const satisfies Record<string, { from: readonly ClaimState[]; to: ClaimState; permission: ClaimPermission }>;
export type ClaimAction = keyof typeof CLAIM_ACTIONS;
export const CLAIM_ACTION_NAMES = Object.keys(CLAIM_ACTIONS) as ClaimAction[];

export const ZClaimCreate = z.strictObject({
  complaintId: optId,
  customerId: optId, // taken from the complaint when one is linked
  productId: optId,
  unitId: optId,
  serviceOrderId: optId,
  orderNo: optStr(60),
  batchNo: optStr(60),
  quantity: z.number().int().min(1).max(1_000_000).optional().nullable(),
  reason: str(2000).min(1),
  basis: optStr(2000),
  amountFen: ZFen.refine((v) => v > 0, 'amount_positive'),
  note: optStr(2000),
});
export type TClaimCreate = z.infer<typeof ZClaimCreate>;

export const ZClaimTransition = z.strictObject({
  action: z.enum(CLAIM_ACTION_NAMES as [ClaimAction, ...ClaimAction[]]),
  version: id,
  note: optStr(2000),
  finding: optStr(4000),
  liability: z.enum(LIABILITIES).optional(),
  approvedFen: ZFen.optional(),
  settlement: z.enum(SETTLEMENTS).optional(),
  settledFen: ZFen.optional(),
  settlementNote: optStr(2000),
  recoveryParty: optStr(100),
  recoveryFen: ZFen.optional(),
  recoveryState: z.enum(RECOVERY_STATES).optional(),
  rejectReason: optStr(2000),
});
export type TClaimTransition = z.infer<typeof ZClaimTransition>;

export const ZClaimListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  q: str(100).optional(),
  state: z.enum([...CLAIM_STATES, 'open']).optional(),
  complaintId: z.coerce.number().int().positive().optional(),
  customerId: z.coerce.number().int().positive().optional(),
});
export type TClaimListQuery = z.infer<typeof ZClaimListQuery>;

export const ZClaimBandUpdate = z.strictObject({
  version: id,
  maxFen: ZFen.nullable(),
});
export const ZClaimBandCreate = z.strictObject({
  roleCode: z.string().trim().min(1).max(40),
  maxFen: ZFen.nullable(),
});

// ---------- reports ----------
export const ZDailyReportQuery = z.strictObject({ day: ZDay });
export const ZAnalysisQuery = z.strictObject({
  from: ZDay,
  to: ZDay,
  /** the dimension of the breakdown table */
  by: z.enum(['category', 'cause', 'product', 'region', 'outlet', 'department']).default('category'),
  period: z.enum(['week', 'month']).default('month'),
});
export type TAnalysisQuery = z.infer<typeof ZAnalysisQuery>;
