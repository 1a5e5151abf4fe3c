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
  service_order_events: ServiceOrderEventTable;
  service_order_items: ServiceOrderItemTable;
  parts: PartTable;
  part_stock: PartStockTable;
  part_movements: PartMovementTable;
  part_requests: PartRequestTable;
  return_visits: ReturnVisitTable;
}
