// A starting fee schedule (收费标准) for out-of-warranty service, so that a new installation does not charge ¥0 by
// accident. Only into an empty table: a schedule someone already set is left alone. These are round defaults for
// an administrator to adjust (the fee page says so), not prices the domain prescribes.
import type { Kysely } from 'kysely';

const DEFAULTS: ['labour' | 'callout', string, number][] = [
  ['labour', 'install', 8_000],
  ['labour', 'repair', 10_000],
  ['labour', 'maintenance', 6_000],
  ['labour', 'inspection', 5_000],
  ['labour', 'consult', 0],
  ['labour', 'return', 0],
  ['callout', 'urban', 3_000],
  ['callout', 'suburban', 5_000],
  ['callout', 'remote', 8_000],
];

export async function up(db: Kysely<any>): Promise<void> {
  const existing = await db.selectFrom('service_fees').select('id').limit(1).executeTakeFirst();
  if (existing) return;
  const now = new Date().toISOString();
  await db
    .insertInto('service_fees')
    .values(DEFAULTS.map(([kind, key, amount]) => ({ kind, key, amount_fen: amount, created_at: now, updated_at: now, version: 1 })))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
