// Record numbers such as KH20261122-0001: a per-day counter row incremented atomically in the database.
import { sql } from 'kysely';
import type { Tx } from '../db';
import { localDateKey } from './clock';

/** Reserves `count` consecutive numbers and returns the first. Atomic on SQLite and PostgreSQL. */
export async function reserve(db: Tx, name: string, period: string, count = 1): Promise<number> {
  const row = await db
    .insertInto('sequences')
    .values({ name, period, value: count })
    .onConflict((oc) => oc.columns(['name', 'period']).doUpdateSet({ value: sql`sequences.value + ${count}` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value) - count + 1;
}

export function formatCode(prefix: string, period: string, n: number): string {
  return `${prefix}${period}-${String(n).padStart(4, '0')}`;
}

/** The next record numbers of a kind for today, e.g. nextCodes(db, 'KH', now, tz) → ['KH20261122-0001']. */
export async function nextCodes(db: Tx, prefix: string, now: Date, timeZone: string, count = 1): Promise<string[]> {
  const period = localDateKey(now, timeZone);
  const first = await reserve(db, prefix, period, count);
  return Array.from({ length: count }, (_, i) => formatCode(prefix, period, first + i));
}
