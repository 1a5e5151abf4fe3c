// Indexes measured with `npm run bench` at 1 000 000 customers (see README, Performance):
// - lists sorted by "last updated" sorted the whole table (1.6 s on SQLite): index updated_at;
// - a region filter used customers_region and then sorted every customer of the province by id
//   (1 s for 浙江): (code, id) per level lets the newest-first page stop after 20 rows.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, cols] of [
    ['customers_updated', ['updated_at', 'id']],
    ['customers_province_id', ['province_code', 'id']],
    ['customers_city_id', ['city_code', 'id']],
    ['customers_district_id', ['district_code', 'id']],
  ] as const) {
    await db.schema.createIndex(name).ifNotExists().on('customers').columns([...cols]).execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
