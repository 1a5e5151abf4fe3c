// Table types of complaint handling and claims (migration 021), and the platform's idempotency keys.
import type { Generated, ColumnType } from 'kysely';

type Id = Generated<number>;
type Ts = string;
type Version = ColumnType<number, number | undefined, number>;
type Flag = ColumnType<number, number | undefined, number>;
/** money in fen: bigint on PostgreSQL (read back as a string), integer on SQLite */
type Money = ColumnType<number | string, number | undefined, number>;

interface Stamps {
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface ComplaintSlaRuleTable extends Stamps {
  id: Id;
  severity: string;
  tier: string;
  reply_minutes: number;
  reply_business_hours: number;
  resolve_minutes: number;
  resolve_business_hours: number;
  warn_percent: Flag;
  archived_at: Ts | null;
}

export interface ComplaintLevelTable extends Stamps {
  id: Id;
  level: number;
  owner_id: number | null;
  role_code: string | null;
  window_minutes: number;
  business_hours: Flag;
}

export interface ComplaintTemplateTable extends Stamps {
  id: Id;
  title: string;
  category: string | null;
  temperament: string | null;
  situation: string | null;
  apology: string;
  reply: string;
  paired_action: string | null;
  taboo: string | null;
  sort: Flag;
  archived_at: Ts | null;
}

export interface ComplaintTable extends Stamps {
  id: Id;
  code: string;
  state: string;
  channel: string;
  customer_id: number | null;
  complainant_name: string;
  complainant_phone: string | null;
  complainant_email: string | null;
  tier: string;
  region_code: string | null;
  product_id: number | null;
  unit_id: number | null;
  service_order_id: number | null;
  outlet_id: number | null;
  order_no: string | null;
  category: string | null;
  severity: string;
  priority: Flag;
  summary: string;
  content: string;
  demands: string;
  demand_note: string | null;
  temperament: string | null;
  value_orientation: string | null;
  soothing: string | null;
  validity: string | null;
  invalid_reason: string | null;
  department_id: number | null;
  owner_id: number | null;
  team_id: number | null;
  handler_id: number | null;
  level: Flag;
  escalated_at: Ts | null;
  escalations: Flag;
  investigation: string | null;
  root_cause: string | null;
  cause_analysis: string | null;
  solution_kind: string | null;
  solution: string | null;
  resolution: string | null;
  compensation_fen: Money;
  confirmation: string | null;
  confirmed_by: string | null;
  confirm_reason: string | null;
  visit_result: string | null;
  visit_rating: number | null;
  won_back: number | null;
  on_time: number | null;
  reopen_count: Flag;
  approved_by: number | null;
  sla: string;
  reply_due: Ts | null;
  resolve_due: Ts | null;
  level_due: Ts | null;
  next_due: Ts | null;
  next_due_kind: string | null;
  next_warn_at: Ts | null;
  warned_at: Ts | null;
  breached_at: Ts | null;
  overdue: Flag;
  received_at: Ts;
  classified_at: Ts | null;
  assigned_at: Ts | null;
  first_reply_at: Ts | null;
  resolved_at: Ts | null;
  confirmed_at: Ts | null;
  visited_at: Ts | null;
  closed_at: Ts | null;
  source_type: string | null;
  source_id: number | null;
  token_hash: string | null;
  token_expires_at: Ts | null;
  created_by: number | null;
  updated_by: number | null;
  archived_at: Ts | null;
}

export interface ComplaintEventTable {
  id: Id;
  complaint_id: number;
  at: Ts;
  action: string;
  from_state: string | null;
  to_state: string | null;
  actor_id: number | null;
  note: string | null;
  data: string | null;
}

export interface ComplaintActionTable extends Stamps {
  id: Id;
  complaint_id: number;
  kind: string;
  description: string;
  owner_id: number | null;
  due_date: string | null;
  done_at: Ts | null;
  verification: string | null;
}

export interface ClaimTable extends Stamps {
  id: Id;
  code: string;
  state: string;
  complaint_id: number | null;
  customer_id: number;
  product_id: number | null;
  unit_id: number | null;
  service_order_id: number | null;
  order_no: string | null;
  batch_no: string | null;
  quantity: number | null;
  reason: string;
  basis: string | null;
  amount_fen: Money;
  finding: string | null;
  liability: string | null;
  approved_fen: Money | null;
  approved_by: number | null;
  approved_at: Ts | null;
  settlement: string | null;
  settled_fen: Money | null;
  settled_at: Ts | null;
  settlement_note: string | null;
  recovery_party: string | null;
  recovery_fen: Money | null;
  recovery_state: string | null;
  reject_reason: string | null;
  note: string | null;
  owner_id: number | null;
  team_id: number | null;
  created_by: number | null;
  updated_by: number | null;
  closed_at: Ts | null;
  archived_at: Ts | null;
}

export interface ClaimEventTable {
  id: Id;
  claim_id: number;
  at: Ts;
  action: string;
  from_state: string | null;
  to_state: string | null;
  actor_id: number | null;
  note: string | null;
  data: string | null;
}

export interface ClaimFileTable {
  claim_id: number;
  file_id: number;
  name: string;
  created_at: Ts;
}

export interface ClaimBandTable extends Stamps {
  id: Id;
  role_code: string;
  max_fen: Money | null;
}

export interface ComplaintDailyReportTable {
  id: Id;
  day: string;
  data: string;
  generated_at: Ts;
}

export interface ComplaintReportSubscriberTable {
  user_id: number;
  email: Flag;
  created_at: Ts;
}

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  status: number | null;
  response: string | null;
  created_at: Ts;
}

export interface ComplaintsDB {
  complaint_sla_rules: ComplaintSlaRuleTable;
  complaint_levels: ComplaintLevelTable;
  complaint_templates: ComplaintTemplateTable;
  complaints: ComplaintTable;
  complaint_events: ComplaintEventTable;
  complaint_actions: ComplaintActionTable;
  claims: ClaimTable;
  claim_events: ClaimEventTable;
  claim_files: ClaimFileTable;
  claim_bands: ClaimBandTable;
  complaint_daily_reports: ComplaintDailyReportTable;
  complaint_report_subscribers: ComplaintReportSubscriberTable;
  idempotency_keys: IdempotencyKeyTable;
}
