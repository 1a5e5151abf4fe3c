// Table types for Kysely. Timestamps are ISO strings on both dialects (see db/index.ts).
import type { Generated, ColumnType } from 'kysely';
import type { ServiceDB } from './schema-service';
import type { ComplaintsDB } from './schema-complaints';

type Id = Generated<number>;
type Ts = string;
type Version = ColumnType<number, number | undefined, number>;

export interface OrgUnitTable {
  id: Id;
  parent_id: number | null;
  name: string;
  kind: 'department' | 'team';
  sort: number;
  archived_at: Ts | null;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface UserTable {
  id: Id;
  username: string;
  display_name: string;
  password_hash: string;
  email: string | null;
  phone: string | null;
  org_unit_id: number | null;
  disabled: number;
  must_change_password: number;
  failed_logins: number;
  locked_until: Ts | null;
  last_login_at: Ts | null;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface RoleTable {
  id: Id;
  code: string;
  name_zh: string;
  name_en: string;
  permissions: string; // JSON array
  scopes: string; // JSON object
  built_in: number;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface UserRoleTable {
  user_id: number;
  role_id: number;
}

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: Ts;
  last_seen_at: Ts;
  expires_at: Ts;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Id;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Ts;
  created_by: number;
  last_used_at: Ts | null;
  revoked_at: Ts | null;
}

export interface AuditTable {
  id: Id;
  at: Ts;
  user_id: number | null;
  username: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  summary: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
  request_id: string | null;
}

export interface SequenceTable {
  name: string;
  period: string;
  value: number;
}

export interface DictionaryTable {
  id: Id;
  type: string;
  code: string;
  label_zh: string;
  label_en: string;
  sort: number;
  active: number;
  created_at: Ts;
  updated_at: Ts;
  version: Version;
}

export interface CustomerTable {
  id: Id;
  code: string;
  type: 'enterprise' | 'individual';
  name: string;
  short_name: string | null;
  name_norm: string;
  phone: string | null;
  email: string | null;
  credit_code: string | null;
  id_number: string | null;
  birthday: string | null;
  lifecycle_state: string;
  grade: string | null;
  source: string | null;
  service_tier: string | null;
  owner_id: number | null;
  team_id: number | null;
  province_code: string | null;
  city_code: string | null;
  district_code: string | null;
  profile: string; // JSON
  note: string | null;
  merged_into_id: number | null;
  archived_at: Ts | null;
  created_at: Ts;
  created_by: number | null;
  updated_at: Ts;
  updated_by: number | null;
  version: Version;
}

export interface CustomerTagTable {
  customer_id: number;
  tag: string;
}

export interface CustomerClassificationTable {
  customer_id: number;
  dimension: string;
  value: string;
}

export interface ContactTable {
  id: Id;
  customer_id: number;
  name: string;
  gender: string | null;
  department: string | null;
  title: string | null;
  buying_role: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  birthday: string | null;
  hobbies: string | null;
  personality: string | null;
  is_primary: number;
  note: string | null;
  archived_at: Ts | null;
  created_at: Ts;
  created_by: number | null;
  updated_at: Ts;
  updated_by: number | null;
  version: Version;
}

export interface AddressTable {
  id: Id;
  customer_id: number;
  type: string;
  province_code: string;
  city_code: string | null;
  district_code: string | null;
  street: string | null;
  postcode: string | null;
  route_no: string | null;
  is_default: number;
  note: string | null;
  archived_at: Ts | null;
  created_at: Ts;
  created_by: number | null;
  updated_at: Ts;
  updated_by: number | null;
  version: Version;
}

export interface GradeHistoryTable {
  id: Id;
  customer_id: number;
  old_grade: string | null;
  new_grade: string;
  reason: string;
  approved_by: string | null;
  created_by: number | null;
  created_at: Ts;
}

export interface CustomerEventTable {
  id: Id;
  customer_id: number;
  at: Ts;
  type: string;
  module: string;
  title: string;
  body: string | null;
  ref_type: string | null;
  ref_id: string | null;
  actor_id: number | null;
  data: string | null;
}

export interface AttachmentTable {
  id: Id;
  owner_type: string;
  owner_id: number;
  filename: string;
  mime: string;
  size: number;
  storage_key: string;
  sha256: string;
  created_by: number | null;
  created_at: Ts;
  archived_at: Ts | null;
}

export interface JobTable {
  id: Id;
  name: string;
  payload: string | null;
  run_at: Ts;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_at: Ts | null;
  last_error: string | null;
  unique_key: string | null;
  created_at: Ts;
  finished_at: Ts | null;
}

export interface NotificationTable {
  id: Id;
  user_id: number;
  title: string;
  body: string | null;
  link: string | null;
  created_at: Ts;
  read_at: Ts | null;
  /** the notice's message key (texts `<key>.title` / `<key>.body` in @kehu/shared); null: title/body are final text */
  message_key: string | null;
  /** the message's named parameters, JSON */
  params: string | null;
}

export interface ImportTable {
  id: Id;
  kind: string;
  filename: string;
  storage_key: string;
  status: 'uploaded' | 'validated' | 'running' | 'done' | 'failed';
  headers: string; // JSON
  mapping: string | null; // JSON
  total_rows: number;
  processed_rows: number;
  ok_rows: number;
  error_rows: number;
  errors: string | null; // JSON
  options: string | null; // JSON
  created_by: number;
  created_at: Ts;
  finished_at: Ts | null;
  version: Version;
}

export interface DB extends ServiceDB, ComplaintsDB {
  org_units: OrgUnitTable;
  users: UserTable;
  roles: RoleTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditTable;
  sequences: SequenceTable;
  dictionaries: DictionaryTable;
  customers: CustomerTable;
  customer_tags: CustomerTagTable;
  customer_classifications: CustomerClassificationTable;
  contacts: ContactTable;
  addresses: AddressTable;
  customer_grade_history: GradeHistoryTable;
  customer_events: CustomerEventTable;
  attachments: AttachmentTable;
  jobs: JobTable;
  notifications: NotificationTable;
  imports: ImportTable;
}
