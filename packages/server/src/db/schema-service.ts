// Table types of the after-sales service module (migration 006).
import type { Generated, ColumnType } from 'kysely';

type Id = Generated<number>;
type Ts = string;
type Version = ColumnType<number, number | undefined, number>;
type Flag = ColumnType<number, number | undefined, number>;

export interface ProductCategoryTable {
  id: Id;
  code: string;
  name: string;
  warranty_months: number;
  return_days: number;
  exchange_days: number;
  no_reason_return_days: Flag;
  free_repairs_before_exchange: number;
  maintenance_interval_days: number | null;
  design_life_years: number | null;
  note: string | null;
  archived_at: Ts | null;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface ProductTable {
  id: Id;
  model: string;
  name: string;
  category_id: number;
  warranty_months: number | null;
  maintenance_interval_days: number | null;
  design_life_years: number | null;
  list_price_fen: number | null;
  skill: string | null;
  note: string | null;
  archived_at: Ts | null;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface ProductUnitTable {
  id: Id;
  serial_no: string;
  product_id: number;
  customer_id: number;
  purchase_date: string | null;
  dealer: string | null;
  invoice_no: string | null;
  install_date: string | null;
  quality_card_no: string | null;
  warranty_end: string | null;
  region_code: string | null;
  address: string | null;
  note: string | null;
  archived_at: Ts | null;
  created_by: number | null;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface OutletTable {
  id: Id;
  code: string;
  name: string;
  kind: string;
  level: string | null;
  org_unit_id: number | null;
  region_code: string | null;
  address: string | null;
  manager: string | null;
  phone: string | null;
  fax: string | null;
  email: string | null;
  service_types: string; // JSON
  skills: string; // JSON
  daily_capacity: Flag;
  opening_hours: string | null;
  authorised_from: string | null;
  authorised_to: string | null;
  annual_grade: string | null;
  note: string | null;
  archived_at: Ts | null;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface OutletRegionTable {
  outlet_id: number;
  region_code: string;
  region_type: ColumnType<string, string | undefined, string>;
}

export interface TechnicianTable {
  user_id: number;
  outlet_id: number;
  skills: string; // JSON
  certificates: string; // JSON
  daily_capacity: Flag;
  active: Flag;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface SlaRuleTable {
  id: Id;
  service_type: string;
  tier: string;
  region_type: string;
  priority: string;
  ack_minutes: number;
  appointment_minutes: number;
  arrival_minutes: number;
  fix_minutes: number;
  visit_minutes: number;
  business_hours: Flag;
  pause_on_customer: Flag;
  pause_on_parts: Flag;
  warn_percent: ColumnType<number, number | undefined, number>;
  archived_at: Ts | null;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface CalendarDayTable {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export interface ServiceSettingTable {
  key: string;
  value: string;
  updated_at: Ts;
  version: Version;
}

export interface ServiceFeeTable {
  id: Id;
  kind: 'labour' | 'callout';
  key: string;
  amount_fen: number;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

/** The SLA board's counts, one row per (outlet, technician, team), replaced by each SLA scan (migration 017) */
export interface SlaBoardCountsTable {
  outlet_id: number | null;
  owner_id: number | null;
  team_id: number | null;
  open: number;
  warned: number;
  soon: number;
  breached: number;
  escalated: number;
  computed_at: Ts;
}

export interface ServiceOrderTable {
  id: Id;
  code: string;
  type: string;
  mode: string;
  channel: string;
  priority: string;
  state: string;
  customer_id: number;
  unit_id: number | null;
  contact_name: string | null;
  contact_phone: string | null;
  region_code: string | null;
  region_type: ColumnType<string, string | undefined, string>;
  address: string | null;
  description: string;
  tier: string;
  warranty: string;
  outlet_id: number | null;
  owner_id: number | null;
  team_id: number | null;
  sla_rule_id: number | null;
  sla: string; // JSON
  ack_due: Ts | null;
  appointment_due: Ts | null;
  arrival_due: Ts | null;
  fix_due: Ts | null;
  visit_due: Ts | null;
  next_due: Ts | null;
  next_due_kind: string | null;
  next_warn_at: Ts | null;
  warned_at: Ts | null;
  breached_at: Ts | null;
  escalated: Flag;
  paused_since: Ts | null;
  paused_minutes: Flag;
  appointment_from: Ts | null;
  appointment_to: Ts | null;
  acknowledged_at: Ts | null;
  dispatched_at: Ts | null;
  departed_at: Ts | null;
  arrived_at: Ts | null;
  started_at: Ts | null;
  completed_at: Ts | null;
  visited_at: Ts | null;
  evaluated_at: Ts | null;
  closed_at: Ts | null;
  cancelled_at: Ts | null;
  fault_code: string | null;
  diagnosis: string | null;
  resolution: string | null;
  signature_file_id: number | null;
  signed_by: string | null;
  labour_fee_fen: Flag;
  callout_fee_fen: Flag;
  parts_fee_fen: Flag;
  total_fee_fen: Flag;
  first_time_fix: number | null;
  rework_of_id: number | null;
  repeat_repair: Flag;
  rating: number | null;
  created_by: number | null;
  archived_at: Ts | null;
  /** migration 013: the service agreement the order was taken under, and whether its parts are free */
  agreement_id: ColumnType<number | null, number | null | undefined, number | null>;
  parts_included: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface ServiceOrderEventTable {
  id: Id;
  order_id: number;
  at: Ts;
  action: string;
  from_state: string | null;
  to_state: string | null;
  actor_id: number | null;
  note: string | null;
  data: string | null;
}

export interface ServiceOrderItemTable {
  id: Id;
  order_id: number;
  kind: 'part' | 'labour' | 'callout' | 'other';
  part_id: number | null;
  description: string;
  qty: number;
  unit_price_fen: number;
  amount_fen: number;
  free: Flag;
  created_at: Ts;
  created_by: number | null;
  /** part lines (migration 010): reserved | issued | released */
  part_state: ColumnType<'reserved' | 'issued' | 'released' | null, 'reserved' | 'issued' | 'released' | null | undefined, 'reserved' | 'issued' | 'released' | null>;
  outlet_id: ColumnType<number | null, number | null | undefined, number | null>;
  returned_qty: Flag;
}

export interface PartTable {
  id: Id;
  code: string;
  name: string;
  category_id: number | null;
  unit: ColumnType<string, string | undefined, string>;
  list_price_fen: number;
  min_stock: Flag;
  archived_at: Ts | null;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface PartStockTable {
  outlet_id: number;
  part_id: number;
  on_hand: Flag;
  reserved: Flag;
  updated_at: Ts;
  /** migration 010: when the low-stock notice went out (null: not notified since stock was last sufficient) */
  low_notified_at: ColumnType<Ts | null, Ts | null | undefined, Ts | null>;
}

export interface PartMovementTable {
  id: Id;
  part_id: number;
  outlet_id: number;
  kind: 'receive' | 'transfer_out' | 'transfer_in' | 'reserve' | 'release' | 'issue' | 'return';
  qty: number;
  order_id: number | null;
  note: string | null;
  at: Ts;
  actor_id: number | null;
  /** migration 010: of an issue's qty, the part that consumed the order's reservation */
  from_reserved: Flag;
}

/** Every part request on an order and its outcome, for the fill rate (migration 010). */
export interface PartRequestTable {
  id: Id;
  order_id: number;
  outlet_id: number;
  part_id: number;
  qty: number;
  outcome: 'issued' | 'reserved' | 'short';
  at: Ts;
  actor_id: number | null;
}

export interface ReturnVisitTable {
  id: Id;
  order_id: number;
  due_at: Ts;
  assignee_id: number | null;
  state: 'open' | 'done' | 'cancelled';
  channel: string | null;
  token_hash: string | null;
  on_time: number | null;
  solved: number | null;
  attitude: number | null;
  fees_ok: number | null;
  misconduct: number | null;
  rating: number | null;
  comment: string | null;
  dissatisfied: number | null;
  follow_up: string | null;
  follow_up_order_id: number | null;
  done_at: Ts | null;
  done_by: number | null;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface ServiceDB {
  product_categories: ProductCategoryTable;
  products: ProductTable;
  product_units: ProductUnitTable;
  outlets: OutletTable;
  outlet_regions: OutletRegionTable;
  technicians: TechnicianTable;
  sla_rules: SlaRuleTable;
  calendar_days: CalendarDayTable;
  service_settings: ServiceSettingTable;
  service_fees: ServiceFeeTable;
  service_orders: ServiceOrderTable;
  sla_board_counts: SlaBoardCountsTable;
  service_order_events: ServiceOrderEventTable;
  service_order_items: ServiceOrderItemTable;
  parts: PartTable;
  part_stock: PartStockTable;
  part_movements: PartMovementTable;
  part_requests: PartRequestTable;
  return_visits: ReturnVisitTable;
  service_agreements: ServiceAgreementTable;
  service_agreement_units: ServiceAgreementUnitTable;
  service_unit_reminders: ServiceUnitReminderTable;
  service_returns: ServiceReturnTable;
  service_return_events: ServiceReturnEventTable;
  service_reward_rules: ServiceRewardRuleTable;
  service_points_entries: ServicePointsEntryTable;
  service_points_months: ServicePointsMonthTable;
  evaluation_schemes: EvaluationSchemeTable;
  evaluation_indicators: EvaluationIndicatorTable;
  evaluation_runs: EvaluationRunTable;
  evaluation_results: EvaluationResultTable;
  evaluation_specials: EvaluationSpecialTable;
  evaluation_actions: EvaluationActionTable;
}

/** 退换货 (migration 012) */
export interface ServiceReturnTable {
  id: Id;
  code: string;
  customer_id: number;
  unit_id: number | null;
  product_id: number;
  qty: number;
  order_no: string | null;
  purchase_date: string | null;
  request_date: string;
  type: string;
  reason: string;
  description: string;
  contact_name: string | null;
  contact_phone: string | null;
  state: string;
  eligibility: string; // JSON
  eligible: number;
  override_reason: string | null;
  override_by: number | null;
  override_at: Ts | null;
  rejection_code: string | null;
  rejection_note: string | null;
  goods_condition: string | null; // JSON
  inspection_result: string | null;
  responsible_party: string | null;
  decision: string | null;
  refund_fen: number | null;
  refund_method: string | null;
  freight_payer: string | null;
  replacement_unit_id: number | null;
  service_order_id: number | null;
  signed_by: string | null;
  completed_date: string | null;
  approved_at: Ts | null;
  rejected_at: Ts | null;
  received_at: Ts | null;
  inspected_at: Ts | null;
  decided_at: Ts | null;
  closed_at: Ts | null;
  archived_at: Ts | null;
  created_by: number | null;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface ServiceReturnEventTable {
  id: Id;
  return_id: number;
  at: Ts;
  action: string;
  from_state: string | null;
  to_state: string;
  actor_id: number | null;
  note: string | null;
  data: string | null;
}

/** 售后服务协议书 (migration 013) */
export interface ServiceAgreementTable {
  id: Id;
  code: string;
  customer_id: number;
  state: 'draft' | 'active' | 'expired' | 'terminated';
  start_date: string;
  end_date: string;
  visits_per_year: Flag;
  response_level: string;
  parts_included: Flag;
  fee_fen: Flag;
  payment_terms: string | null;
  scope: string; // JSON
  signed_date: string | null;
  note: string | null;
  renewed_from_id: number | null;
  activated_at: Ts | null;
  terminated_at: Ts | null;
  termination_reason: string | null;
  created_by: number | null;
  updated_by: number | null;
  archived_at: Ts | null;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface ServiceAgreementUnitTable {
  agreement_id: number;
  unit_id: number;
}

/** Claims of the proactive-service jobs: one row per unit, kind and period (migration 013). */
export interface ServiceUnitReminderTable {
  unit_id: number;
  kind: 'warranty_expiring' | 'design_life_end' | 'maintenance';
  period: string;
  customer_id: number;
  order_id: number | null;
  created_at: Ts;
}

// ---------- supervision and evaluation (migration 014) ----------

/** 客户服务奖罚规则 (tool 31) */
export interface ServiceRewardRuleTable {
  id: Id;
  code: string;
  kind: 'reward' | 'penalty';
  matter: string;
  criterion: string;
  event: string;
  points: number;
  amount_fen: number;
  applies_to: 'person' | 'outlet';
  department: string | null;
  effective_from: string;
  effective_to: string | null;
  active: Flag;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

/** The points ledger: automatic entries (recomputed per month) and manual ones. */
export interface ServicePointsEntryTable {
  id: Id;
  month: string;
  subject: 'person' | 'outlet';
  user_id: number | null;
  outlet_id: number | null;
  rule_id: number | null;
  source: 'auto' | 'manual';
  event: string;
  order_id: number | null;
  ref_id: number | null;
  auto_key: string | null;
  points: number;
  amount_fen: Flag;
  reason: string | null;
  occurred_at: Ts;
  created_at: Ts;
  created_by: number | null;
  voided_at: Ts | null;
  voided_by: number | null;
  void_reason: string | null;
}

export interface ServicePointsMonthTable {
  month: string;
  computed_at: Ts;
  entries: number;
}

export interface EvaluationSchemeTable {
  id: Id;
  code: string;
  name: string;
  revision: number;
  previous_id: number | null;
  provisional: Flag;
  note: string | null;
  archived_at: Ts | null;
  created_by: number | null;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface EvaluationIndicatorTable {
  id: Id;
  scheme_id: number;
  parent_id: number | null;
  level: number;
  sort: number;
  clause: string | null;
  name: string;
  requirement: string | null;
  method: string | null;
  evidence: string | null;
  points: number | null;
}

export interface EvaluationRunTable {
  id: Id;
  code: string;
  scheme_id: number;
  title: string;
  state: 'draft' | 'final';
  assessed_on: string;
  period_from: string;
  period_to: string;
  assessors: string; // JSON
  scope: string | null;
  score_tenths: number | null;
  star: string | null;
  finalised_at: Ts | null;
  finalised_by: number | null;
  archived_at: Ts | null;
  created_by: number | null;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface EvaluationResultTable {
  run_id: number;
  indicator_id: number;
  result: string | null;
  ratio_pm: number | null;
  evidence: string | null;
}

export interface EvaluationSpecialTable {
  id: Id;
  run_id: number;
  kind: 'deduction' | 'bonus';
  reason: string;
  indicator_id: number | null;
  created_at: Ts;
}

export interface EvaluationActionTable {
  id: Id;
  run_id: number;
  indicator_id: number | null;
  special_id: number | null;
  title: string;
  owner_id: number | null;
  due_date: string;
  state: 'open' | 'done';
  note: string | null;
  done_at: Ts | null;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}
