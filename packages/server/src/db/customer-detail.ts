// One statement for a customer's detail page: the row with owner and team names, and its tags, classifications,
// contacts and addresses aggregated as JSON per dialect. The SQL is fixed (only the id varies), so it is built once
// and executed as a compiled query: no query building or compiling per request, one round trip instead of five.
import { CompiledQuery, type Kysely } from 'kysely';
import type { Selectable } from 'kysely';
import type { AddressTable, ContactTable, CustomerTable, DB } from './schema';
import { isPostgres } from './dialect';
import { PREPARED } from './index';

const CONTACT_COLS = [
  'id', 'customer_id', 'name', 'gender', 'department', 'title', 'buying_role', 'mobile', 'phone', 'email', 'wechat', 'birthday',
  'hobbies', 'personality', 'is_primary', 'note', 'archived_at', 'created_at', 'created_by', 'updated_at', 'updated_by', 'version',
];
const ADDRESS_COLS = [
  'id', 'customer_id', 'type', 'province_code', 'city_code', 'district_code', 'street', 'postcode', 'route_no', 'is_default', 'note',
  'archived_at', 'created_at', 'created_by', 'updated_at', 'updated_by', 'version',
];
const TS_COLS = ['archived_at', 'created_at', 'updated_at'] as const;

const HEAD = `select c.*, o.display_name as owner_name, t.name as team_name,`;
const TAIL = ` from customers c left join users o on o.id = c.owner_id left join org_units t on t.id = c.team_id where c.id = `;

const obj = (cols: string[], alias: string) => `json_object(${cols.map((k) => `'${k}', ${alias}.${k}`).join(', ')})`;

const SQLITE_SQL =
  HEAD +
  ` (select json_group_array(g.tag) from (select tag from customer_tags where customer_id = c.id order by tag) g) as x_tags,` +
  ` (select json_group_array(json_array(dimension, value)) from customer_classifications where customer_id = c.id) as x_classifications,` +
  ` (select json_group_array(${obj(CONTACT_COLS, 'k')}) from (select * from contacts where customer_id = c.id and archived_at is null order by is_primary desc, id) k) as x_contacts,` +
  ` (select json_group_array(${obj(ADDRESS_COLS, 'a')}) from (select * from addresses where customer_id = c.id and archived_at is null order by is_default desc, id) a) as x_addresses` +
  TAIL +
  `?`;

const PG_SQL =
  PREPARED +
  HEAD +
  ` coalesce((select json_agg(g.tag order by g.tag) from customer_tags g where g.customer_id = c.id), '[]') as x_tags,` +
  ` coalesce((select json_agg(json_build_array(l.dimension, l.value)) from customer_classifications l where l.customer_id = c.id), '[]') as x_classifications,` +
  ` coalesce((select json_agg(row_to_json(k) order by k.is_primary desc, k.id) from (select ${CONTACT_COLS.join(', ')} from contacts where customer_id = c.id and archived_at is null) k), '[]') as x_contacts,` +
  ` coalesce((select json_agg(row_to_json(a) order by a.is_default desc, a.id) from (select ${ADDRESS_COLS.join(', ')} from addresses where customer_id = c.id and archived_at is null) a), '[]') as x_addresses` +
  TAIL +
  `$1`;

export type CustomerDetailRow = Selectable<CustomerTable> & { owner_name: string | null; team_name: string | null };

export interface CustomerDetail {
  row: CustomerDetailRow;
  tags: string[];
  classifications: Record<string, string[]>;
  contacts: Selectable<ContactTable>[];
  addresses: Selectable<AddressTable>[];
}

const sqlFor = new WeakMap<Kysely<DB>, { text: string; pg: boolean }>();

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/** PostgreSQL's JSON renders timestamptz as `…+00:00`; rows read directly are ISO strings (see db/index.ts). */
function isoTimestamps<T extends Record<string, unknown>>(rows: T[]): T[] {
  for (const r of rows) for (const k of TS_COLS) if (typeof r[k] === 'string') (r as Record<string, unknown>)[k] = new Date(r[k] as string).toISOString();
  return rows;
}

export async function loadCustomerDetail(db: Kysely<DB>, id: number): Promise<CustomerDetail | undefined> {
  let q = sqlFor.get(db);
  if (!q) {
    const pg = isPostgres(db);
    q = { text: pg ? PG_SQL : SQLITE_SQL, pg };
    sqlFor.set(db, q);
  }
  const res = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(q.text, [id]));
  const r = res.rows[0];
  if (!r) return undefined;
  // the four aggregates stay on the row object: copying its ~45 other columns to leave them out cost more (~15 µs) than
  // the rest of the parsing; callers pick the columns they answer with
  const classifications: Record<string, string[]> = {};
  for (const [dimension, value] of json<[string, string][]>(r.x_classifications)) (classifications[dimension] ??= []).push(value);
  let contacts = json<Selectable<ContactTable>[]>(r.x_contacts);
  let addresses = json<Selectable<AddressTable>[]>(r.x_addresses);
  if (q.pg) {
    contacts = isoTimestamps(contacts as never);
    addresses = isoTimestamps(addresses as never);
  }
  return { row: r as unknown as CustomerDetailRow, tags: json<string[]>(r.x_tags), classifications, contacts, addresses };
}
