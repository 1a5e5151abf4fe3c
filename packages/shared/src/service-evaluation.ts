// Supervision and evaluation of after-sales service (监督与考核, domain.md §1.7, §5.2): the reward and penalty
// rules of tool 31 with the monthly points ledger, and the versioned after-sales evaluation scheme of tool 32 /
// GB/T 27922 with its assessment runs, the pure scoring function (shared by the server and the live score of the
// web page), action items and trend.
import { z } from 'zod';
import { ZDate } from './customers';

const ZVersion = z.number().int().min(1);
const str = (max: number) => z.string().trim().max(max);
const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'invalid_month');
export { ZMonth as ZPointsMonth };
const ZId = z.number().int().positive();

// ======================= reward and penalty rules (客户服务奖罚规则, tool 31) =======================

export const REWARD_KINDS = ['reward', 'penalty'] as const;
export type TRewardKind = (typeof REWARD_KINDS)[number];

/**
 * What a rule counts. The points engine knows each automatic event:
 * - sla_breach: an 'sla_breach' row in service_order_events (a deadline of the order passed)
 * - dissatisfied_visit: a done return visit answered dissatisfied
 * - praise: a done return visit rated 5
 * - repeat_repair: a rework order (返修) — charged to the technician and outlet of the order it reworks
 * - misconduct: a done return visit reporting 吃拿卡要
 * - first_time_fix: an order completed with a first-time fix
 * - manual: recorded by hand (表扬信/锦旗, 乱收费 found on inspection …); never computed
 */
export const REWARD_EVENTS = ['sla_breach', 'dissatisfied_visit', 'praise', 'repeat_repair', 'misconduct', 'first_time_fix', 'manual'] as const;
export type TRewardEvent = (typeof REWARD_EVENTS)[number];
export const AUTO_REWARD_EVENTS = REWARD_EVENTS.filter((e) => e !== 'manual') as Exclude<TRewardEvent, 'manual'>[];

export const REWARD_SUBJECTS = ['person', 'outlet'] as const;
export type TRewardSubject = (typeof REWARD_SUBJECTS)[number];

const ZPoints = z.number().int('points_integer').min(-1000, 'points_range').max(1000, 'points_range');
/** a signed amount in fen, at most ¥1,000,000 either way */
const ZSignedFen = z.number().int('fen_integer').min(-100_000_000, 'amount_range').max(100_000_000, 'amount_range');

const rewardRuleFields = {
  code: z.string().trim().min(1).max(30).regex(/^[A-Za-z0-9._-]+$/, 'invalid_rule_code'),
  kind: z.enum(REWARD_KINDS),
  /** 事项 */
  matter: str(200).min(1),
  /** 认定标准 */
  criterion: str(2000).min(1),
  event: z.enum(REWARD_EVENTS),
  /** signed: rewards positive, penalties negative (or 0 when only an amount applies) */
  points: ZPoints,
  amountFen: ZSignedFen,
  appliesTo: z.enum(REWARD_SUBJECTS),
  /** 认定部门 */
  department: str(60).nullable().optional(),
  effectiveFrom: ZDate,
  effectiveTo: ZDate.nullable().optional(),
  active: z.boolean(),
};

type RuleShape = { kind?: TRewardKind; points?: number; amountFen?: number; effectiveFrom?: string; effectiveTo?: string | null };
/** The sign of points and amount follows the kind; a rule gives points or an amount (or both); dates in order. */
export function rewardRuleProblems(r: RuleShape): { path: string; key: string }[] {
  const out: { path: string; key: string }[] = [];
  if (r.kind && r.points !== undefined && ((r.kind === 'reward' && r.points < 0) || (r.kind === 'penalty' && r.points > 0))) out.push({ path: 'points', key: 'points_sign_kind' });
  if (r.kind && r.amountFen !== undefined && ((r.kind === 'reward' && r.amountFen < 0) || (r.kind === 'penalty' && r.amountFen > 0))) out.push({ path: 'amountFen', key: 'points_sign_kind' });
  if (r.points === 0 && r.amountFen === 0) out.push({ path: 'points', key: 'points_or_amount_required' });
  if (r.effectiveFrom && r.effectiveTo && r.effectiveTo < r.effectiveFrom) out.push({ path: 'effectiveTo', key: 'range_end_before_start' });
  return out;
}

const refineRule = (v: RuleShape, ctx: z.RefinementCtx) => {
  for (const p of rewardRuleProblems(v)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.key });
};

export const ZRewardRuleCreate = z.strictObject(rewardRuleFields).superRefine(refineRule);
export type TRewardRuleCreate = z.infer<typeof ZRewardRuleCreate>;
/** A versioned partial update; the sign rules are checked against the merged rule on the server. */
export const ZRewardRuleUpdate = z.strictObject({ ...rewardRuleFields, version: ZVersion }).partial().required({ version: true });
export type TRewardRuleUpdate = z.infer<typeof ZRewardRuleUpdate>;

export const ZRewardRuleListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(100),
  kind: z.enum(REWARD_KINDS).optional(),
  event: z.enum(REWARD_EVENTS).optional(),
  appliesTo: z.enum(REWARD_SUBJECTS).optional(),
  active: z.enum(['true', 'false', 'all']).default('all'),
  q: str(100).optional(),
});
export type TRewardRuleListQuery = z.infer<typeof ZRewardRuleListQuery>;

export interface TRewardRule {
  id: number;
  code: string;
  kind: TRewardKind;
  matter: string;
  criterion: string;
  event: TRewardEvent;
  points: number;
  amountFen: number;
  appliesTo: TRewardSubject;
  department: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

// ---------- points ledger (奖罚积分) ----------

export const ZPointsMonthQuery = z.strictObject({ month: ZMonth });
export type TPointsMonthQuery = z.infer<typeof ZPointsMonthQuery>;
export const ZPointsRecompute = z.strictObject({ month: ZMonth });
export type TPointsRecompute = z.infer<typeof ZPointsRecompute>;

export const ZPointsEntryCreate = z
  .strictObject({
    subject: z.enum(REWARD_SUBJECTS),
    /** the technician (subject person) */
    userId: ZId.optional(),
    /** the outlet (subject outlet) */
    outletId: ZId.optional(),
    /** a rule to apply (usually one with event 'manual', e.g. 表扬信/锦旗); its points and amount are the defaults */
    ruleId: ZId.optional(),
    points: ZPoints.optional(),
    amountFen: ZSignedFen.optional(),
    /** the local date the matter happened; its month is the ledger month */
    date: ZDate,
    reason: str(500).min(1, 'reason_required'),
  })
  .superRefine((v, ctx) => {
    if (v.subject === 'person' && !v.userId) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'subject_required' });
    if (v.subject === 'outlet' && !v.outletId) ctx.addIssue({ code: 'custom', path: ['outletId'], message: 'subject_required' });
    if (!v.ruleId && v.points === undefined && v.amountFen === undefined) ctx.addIssue({ code: 'custom', path: ['points'], message: 'points_or_amount_required' });
  });
export type TPointsEntryCreate = z.infer<typeof ZPointsEntryCreate>;

export const ZPointsEntryVoid = z.strictObject({ reason: str(500).min(1, 'reason_required') });
export type TPointsEntryVoid = z.infer<typeof ZPointsEntryVoid>;

export const ZPointsEntryListQuery = z.strictObject({
  month: ZMonth,
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  userId: z.coerce.number().int().positive().optional(),
  outletId: z.coerce.number().int().positive().optional(),
  source: z.enum(['auto', 'manual']).optional(),
  subject: z.enum(REWARD_SUBJECTS).optional(),
  voided: z.enum(['true', 'false', 'all']).default('false'),
});
export type TPointsEntryListQuery = z.infer<typeof ZPointsEntryListQuery>;

export interface TPointsEntry {
  id: number;
  month: string;
  subject: TRewardSubject;
  user: { id: number; name: string } | null;
  outlet: { id: number; name: string } | null;
  rule: { id: number; code: string; matter: string } | null;
  source: 'auto' | 'manual';
  event: TRewardEvent;
  order: { id: number; code: string } | null;
  points: number;
  amountFen: number;
  reason: string | null;
  occurredAt: string;
  createdAt: string;
  createdBy: string | null;
  voidedAt: string | null;
  voidReason: string | null;
}

export interface TPointsPersonRow {
  userId: number;
  name: string;
  outletId: number | null;
  outletName: string | null;
  points: number;
  amountFen: number;
  rewardPoints: number;
  penaltyPoints: number;
  entries: number;
}

export interface TPointsOutletRow {
  outletId: number;
  name: string;
  /** entries of rules that apply to the outlet itself */
  points: number;
  amountFen: number;
  entries: number;
  /** the sum of its technicians' personal points in the month */
  staffPoints: number;
}

export interface TPointsLedger {
  month: string;
  persons: TPointsPersonRow[];
  outlets: TPointsOutletRow[];
  /** when the month's automatic entries were last computed (null: never) */
  computedAt: string | null;
}

// ======================= after-sales evaluation (企业售后服务评价指标评分规则 / GB/T 27922) =======================

export const EVALUATION_METHODS = ['document', 'site', 'sampling', 'interview'] as const;
export type TEvaluationMethod = (typeof EVALUATION_METHODS)[number];
/** Internal figures shown next to an indicator as evidence (domain.md §5.2 “Map internal KPIs”). */
export const EVIDENCE_HINTS = ['repair', 'complaint', 'supervision'] as const;
export type TEvidenceHint = (typeof EVIDENCE_HINTS)[number];
export const ITEM_RESULTS = ['conform', 'partial', 'nonconform', 'na'] as const;
export type TItemResult = (typeof ITEM_RESULTS)[number];
export const SPECIAL_KINDS = ['deduction', 'bonus'] as const;
export type TSpecialKind = (typeof SPECIAL_KINDS)[number];
export const STAR_LEVELS = ['none', 'compliant', 'three', 'four', 'five'] as const;
export type TStarLevel = (typeof STAR_LEVELS)[number];
export const RUN_STATES = ['draft', 'final'] as const;
export type TRunState = (typeof RUN_STATES)[number];

// ---------- the pure scoring function ----------

export interface TScoreItem {
  points: number;
  /** null: not assessed yet */
  result: TItemResult | null;
  /** partial only: the conforming share 0–1 (at most three decimals) */
  ratio?: number | null;
}

export interface TScore {
  /** Σ points of the assessed items not marked not applicable (涉及项分值) */
  applicablePoints: number;
  /** Σ points earned (conform = full, partial = points × ratio, non-conform = 0) */
  actualPoints: number;
  /** actual ÷ applicable × 100, rounded half up to one decimal; null while nothing applicable is assessed */
  indicatorScore: number | null;
  deductions: number;
  bonus: number;
  /** indicatorScore − deductions + bonus, kept within 0–100 */
  score: number | null;
  star: TStarLevel | null;
  /** items without a result yet (a run can be finalised only at 0) */
  unassessed: number;
}

/** Star thresholds on the 100-point scale (domain.md §5.2): ≥ 70 达标, ≥ 80 三星, ≥ 90 四星, ≥ 95 五星. */
export const STAR_THRESHOLDS: readonly [TStarLevel, number][] = [
  ['five', 95],
  ['four', 90],
  ['three', 80],
  ['compliant', 70],
];

export function starLevel(score: number): TStarLevel {
  // compare in tenths so 69.9 and 70.0 fall exactly on their sides
  const tenths = Math.round(score * 10);
  for (const [level, min] of STAR_THRESHOLDS) if (tenths >= min * 10) return level;
  return 'none';
}

/** The ratio as an integer per mille (0–1000); RangeError outside 0–1. */
export function ratioPerMille(ratio: number): number {
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) throw new RangeError(`ratio out of 0..1: ${ratio}`);
  return Math.round(ratio * 1000);
}

/**
 * The score of an assessment (企业售后服务评价指标评分规则, domain.md §5.2):
 * 1. each assessed item that applies adds its points to the applicable points (涉及项分值); not applicable (删减) items
 *    are left out of both sums;
 * 2. it earns its full points when it conforms, none when it does not, and points × ratio when a sampled item
 *    conforms partly (扣分按不符合比例);
 * 3. the indicator score is actual ÷ applicable × 100, rounded half up to one decimal — computed in integers
 *    (ratios in per mille) so that no floating-point error moves a score across a star threshold;
 * 4. special items lie outside the indicator score: −1 per special deduction (特别扣分项), +1 for the special bonus
 *    (特别加分项, at most one: a second is a RangeError); the final score is kept within 0–100;
 * 5. the star level follows the final score.
 */
export function scoreEvaluation(items: readonly TScoreItem[], specials: readonly { kind: TSpecialKind }[]): TScore {
  const bonusCount = specials.filter((s) => s.kind === 'bonus').length;
  if (bonusCount > 1) throw new RangeError('at most one special bonus');
  const deductions = specials.filter((s) => s.kind === 'deduction').length;
  let applicable = 0; // points
  let actualPm = 0; // points × per mille
  let unassessed = 0;
  for (const it of items) {
    if (!Number.isInteger(it.points) || it.points < 0) throw new RangeError(`points must be a whole number ≥ 0: ${it.points}`);
    if (it.result === null) {
      unassessed++;
      continue;
    }
    if (it.result === 'na') continue;
    applicable += it.points;
    if (it.result === 'conform') actualPm += it.points * 1000;
    else if (it.result === 'partial') actualPm += it.points * ratioPerMille(it.ratio ?? 0);
  }
  const actualPoints = Math.round(actualPm) / 1000;
  if (applicable === 0) {
    return { applicablePoints: 0, actualPoints, indicatorScore: null, deductions, bonus: bonusCount, score: null, star: null, unassessed };
  }
  // tenths of the indicator score, half up: floor((2·a·1000 + A·1000) / (2·A·1000)) with a in per mille
  const denom = applicable * 1000;
  const tenths = Math.floor((2 * actualPm * 1000 + denom) / (2 * denom));
  const indicatorScore = tenths / 10;
  const finalTenths = Math.min(1000, Math.max(0, tenths - deductions * 10 + bonusCount * 10));
  const score = finalTenths / 10;
  return { applicablePoints: applicable, actualPoints, indicatorScore, deductions, bonus: bonusCount, score, star: starLevel(score), unassessed };
}

// ---------- schemes ----------

const indicatorFields = {
  clause: str(20).nullable().optional(),
  name: str(100).min(1),
  requirement: str(2000).nullable().optional(),
  method: z.enum(EVALUATION_METHODS).nullable().optional(),
  evidence: z.enum(EVIDENCE_HINTS).nullable().optional(),
};
const ZLeafPoints = z.number().int('points_integer').min(1, 'points_range').max(100, 'points_range');
/** check items (检查项): always leaves with points */
export const ZCheckItemInput = z.strictObject({ ...indicatorFields, points: ZLeafPoints });
/** a second-level indicator: points when it is a leaf; with check items its points are theirs summed */
export const ZSecondLevelInput = z
  .strictObject({ ...indicatorFields, points: ZLeafPoints.nullable().optional(), children: z.array(ZCheckItemInput).max(30).optional() })
  .superRefine((v, ctx) => {
    if (!v.children?.length && (v.points === undefined || v.points === null)) ctx.addIssue({ code: 'custom', path: ['points'], message: 'points_required' });
  });
export const ZFirstLevelInput = z.strictObject({ ...indicatorFields, children: z.array(ZSecondLevelInput).min(1, 'children_required').max(40) });
export type TFirstLevelInput = z.infer<typeof ZFirstLevelInput>;

export const ZSchemeSave = z.strictObject({
  name: str(100).min(1),
  note: str(2000).nullable().optional(),
  /** true while the points are placeholders awaiting the official table */
  provisional: z.boolean(),
  indicators: z.array(ZFirstLevelInput).min(1, 'children_required').max(20),
});
export type TSchemeSave = z.infer<typeof ZSchemeSave>;
/** Saving a scheme a run already uses creates a new revision instead of changing it. */
export const ZSchemeUpdate = ZSchemeSave.extend({ version: ZVersion });
export type TSchemeUpdate = z.infer<typeof ZSchemeUpdate>;

export interface TIndicator {
  id: number;
  parentId: number | null;
  level: 1 | 2 | 3;
  clause: string | null;
  name: string;
  requirement: string | null;
  method: TEvaluationMethod | null;
  evidence: TEvidenceHint | null;
  /** leaves: their own points; others: the sum of their children */
  points: number;
  leaf: boolean;
  children: TIndicator[];
}

export interface TSchemeSummary {
  id: number;
  code: string;
  name: string;
  revision: number;
  provisional: boolean;
  totalPoints: number;
  /** runs that use this revision (it can no longer be edited in place) */
  runs: number;
  /** the newest revision of its code, used for new runs */
  current: boolean;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface TScheme extends TSchemeSummary {
  indicators: TIndicator[];
}

// ---------- runs ----------

export const ZRunCreate = z
  .strictObject({
    /** by default the current scheme */
    schemeId: ZId.optional(),
    title: str(100).min(1),
    assessedOn: ZDate,
    /** the period the internal KPIs are taken from (evidence hints) */
    periodFrom: ZDate,
    periodTo: ZDate,
    assessors: z.array(str(50).min(1)).min(1, 'assessors_required').max(20),
    scope: str(1000).nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.periodTo < v.periodFrom) ctx.addIssue({ code: 'custom', path: ['periodTo'], message: 'range_end_before_start' });
  });
export type TRunCreate = z.infer<typeof ZRunCreate>;

export const ZRunResultInput = z
  .strictObject({
    indicatorId: ZId,
    /** null clears the result */
    result: z.enum(ITEM_RESULTS).nullable(),
    ratio: z.number().min(0, 'ratio_range').max(1, 'ratio_range').nullable().optional(),
    evidence: str(2000).nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.result === 'partial' && (v.ratio === undefined || v.ratio === null)) ctx.addIssue({ code: 'custom', path: ['ratio'], message: 'ratio_required' });
    if (v.ratio !== undefined && v.ratio !== null && Math.abs(v.ratio * 1000 - Math.round(v.ratio * 1000)) > 1e-6) ctx.addIssue({ code: 'custom', path: ['ratio'], message: 'ratio_precision' });
  });
export type TRunResultInput = z.infer<typeof ZRunResultInput>;

export const ZSpecialInput = z.strictObject({
  kind: z.enum(SPECIAL_KINDS),
  reason: str(500).min(1, 'reason_required'),
  /** the indicator concerned, if any */
  indicatorId: ZId.nullable().optional(),
});
export type TSpecialInput = z.infer<typeof ZSpecialInput>;

/** Edits a draft run: header fields, results (merged by indicator) and the special items (replace the list). */
export const ZRunUpdate = z
  .strictObject({
    version: ZVersion,
    title: str(100).min(1).optional(),
    assessedOn: ZDate.optional(),
    periodFrom: ZDate.optional(),
    periodTo: ZDate.optional(),
    assessors: z.array(str(50).min(1)).min(1, 'assessors_required').max(20).optional(),
    scope: str(1000).nullable().optional(),
    results: z.array(ZRunResultInput).max(500).optional(),
    specials: z.array(ZSpecialInput).max(50).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.specials && v.specials.filter((s) => s.kind === 'bonus').length > 1) ctx.addIssue({ code: 'custom', path: ['specials'], message: 'bonus_at_most_one' });
    if (v.results) {
      const seen = new Set<number>();
      v.results.forEach((r, i) => {
        if (seen.has(r.indicatorId)) ctx.addIssue({ code: 'custom', path: ['results', i, 'indicatorId'], message: 'duplicate_value' });
        seen.add(r.indicatorId);
      });
    }
  });
export type TRunUpdate = z.infer<typeof ZRunUpdate>;

export const ZRunFinalise = z.strictObject({
  version: ZVersion,
  /** owner and due date given to the action items created now (editable later) */
  actionOwnerId: ZId.nullable().optional(),
  actionDueDate: ZDate.optional(),
});
export type TRunFinalise = z.infer<typeof ZRunFinalise>;

export const ZRunListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  state: z.enum(RUN_STATES).optional(),
  archived: z.enum(['true', 'false', 'all']).default('false'),
});
export type TRunListQuery = z.infer<typeof ZRunListQuery>;

export interface TRunSummary {
  id: number;
  code: string;
  title: string;
  state: TRunState;
  scheme: { id: number; name: string; revision: number };
  assessedOn: string;
  periodFrom: string;
  periodTo: string;
  assessors: string[];
  score: number | null;
  star: TStarLevel | null;
  openActions: number;
  finalisedAt: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface TRunResult {
  indicatorId: number;
  result: TItemResult | null;
  ratio: number | null;
  evidence: string | null;
}

export interface TRunSpecial {
  id: number;
  kind: TSpecialKind;
  reason: string;
  indicatorId: number | null;
}

export const ACTION_STATES = ['open', 'done'] as const;
export type TActionState = (typeof ACTION_STATES)[number];

export interface TEvaluationAction {
  id: number;
  runId: number;
  runCode: string;
  indicatorId: number | null;
  specialId: number | null;
  title: string;
  owner: { id: number; name: string } | null;
  dueDate: string;
  state: TActionState;
  note: string | null;
  doneAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface TRun extends TRunSummary {
  scope: string | null;
  schemeDetail: TScheme;
  results: TRunResult[];
  specials: TRunSpecial[];
  /** live for a draft, frozen at finalisation */
  scoreDetail: TScore;
  /** per first-level indicator: the same computation over its items (specials not included) */
  groups: { indicatorId: number; name: string; score: TScore }[];
  actions: TEvaluationAction[];
}

export const ZActionUpdate = z.strictObject({
  version: ZVersion,
  ownerId: ZId.nullable().optional(),
  dueDate: ZDate.optional(),
  state: z.enum(ACTION_STATES).optional(),
  note: str(1000).nullable().optional(),
});
export type TActionUpdate = z.infer<typeof ZActionUpdate>;

export const ZActionListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  state: z.enum(ACTION_STATES).optional(),
  runId: z.coerce.number().int().positive().optional(),
});
export type TActionListQuery = z.infer<typeof ZActionListQuery>;

export interface TTrendPoint {
  runId: number;
  code: string;
  title: string;
  assessedOn: string;
  score: number;
  star: TStarLevel;
  schemeRevision: number;
  groups: { name: string; score: number | null }[];
}

/**
 * Evidence of the 投诉处理 indicator (5.3.2): the complaints received in the run's period. Rates are shares 0–1
 * (null without a denominator): on time among the closed ones with a deadline, confirmed satisfied or basically
 * satisfied among the ones resolved as valid, reopened among all received.
 */
export interface TComplaintEvidence {
  received: number;
  valid: number;
  closed: number;
  onTime: number;
  onTimeRate: number | null;
  resolved: number;
  confirmed: number;
  confirmedRate: number | null;
  reopened: number;
  reopenRate: number | null;
}
