// Default SLA rules (domain.md §3.8, 服务响应时间细则) and the 2026 public holidays and 调休 make-up days of the
// business calendar. Idempotent: rules only into an empty table, calendar days only where the day has no row,
// so it also runs on existing databases without touching what an administrator changed.
//
// Minutes are working minutes (business_hours = 1; a working day is 8 h = 480 min with the default periods
// 08:30–12:00 and 13:00–17:30). Targets the domain states in hours are taken as working-day equivalents
// (24 h = 1 working day = 480 min): the same as calendar hours from Monday to Friday, and extended over
// weekends and holidays (节假日顺延), the usual reading in Chinese after-sales rules. An administrator who wants
// round-the-clock counting sets a rule to calendar time.
import type { Kysely } from 'kysely';

const WD = 480; // one working day in minutes

interface Targets {
  ack: number;
  appointment: number;
  arrival: number;
  fix: number;
  visit: number;
}

/** Standard targets by region type ('*' = any region, same as urban). */
const BY_REGION: Record<string, Targets> = {
  '*': { ack: 120, appointment: 120, arrival: 1 * WD, fix: 3 * WD, visit: 3 * WD },
  urban: { ack: 120, appointment: 120, arrival: 1 * WD, fix: 3 * WD, visit: 3 * WD },
  suburban: { ack: 120, appointment: 120, arrival: 2 * WD, fix: 5 * WD, visit: 3 * WD },
  remote: { ack: 120, appointment: 120, arrival: 3 * WD, fix: 7 * WD, visit: 3 * WD },
};

/** Tier factors on the response times (acknowledge, appointment, arrival): VIP ×0.5, gold ×0.75. */
const TIER_FACTOR: Record<string, number> = { '*': 1, vip: 0.5, gold: 0.75 };

function targets(region: string, tier: string, priority: string): Targets {
  const base = BY_REGION[region];
  // urgent: acknowledge in 30 min, book within the hour, arrive and fix in half the time
  const t: Targets =
    priority === 'urgent'
      ? { ack: 30, appointment: 60, arrival: base.arrival / 2, fix: base.fix / 2, visit: base.visit }
      : { ...base };
  const f = TIER_FACTOR[tier];
  return {
    ack: Math.round(t.ack * f),
    appointment: Math.round(t.appointment * f),
    arrival: Math.round(t.arrival * f),
    fix: Math.round(t.fix),
    visit: Math.round(t.visit),
  };
}

/** 2026 arrangement of the State Council General Office (国务院办公厅); editable data, checked every year. */
const HOLIDAYS_2026: [string, 'holiday' | 'workday', string][] = [
  ...['01', '02', '03'].map((d) => [`2026-01-${d}`, 'holiday', '元旦'] as [string, 'holiday', string]),
  ['2026-01-04', 'workday', '元旦调休上班'],
  ['2026-02-14', 'workday', '春节调休上班'],
  ...['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) => [`2026-02-${d}`, 'holiday', '春节'] as [string, 'holiday', string]),
  ['2026-02-28', 'workday', '春节调休上班'],
  ...['04', '05', '06'].map((d) => [`2026-04-${d}`, 'holiday', '清明节'] as [string, 'holiday', string]),
  ...['01', '02', '03', '04', '05'].map((d) => [`2026-05-${d}`, 'holiday', '劳动节'] as [string, 'holiday', string]),
  ['2026-05-09', 'workday', '劳动节调休上班'],
  ...['19', '20', '21'].map((d) => [`2026-06-${d}`, 'holiday', '端午节'] as [string, 'holiday', string]),
  ['2026-09-20', 'workday', '国庆节调休上班'],
  ...['25', '26', '27'].map((d) => [`2026-09-${d}`, 'holiday', '中秋节'] as [string, 'holiday', string]),
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => [`2026-10-${d}`, 'holiday', '国庆节'] as [string, 'holiday', string]),
  ['2026-10-10', 'workday', '国庆节调休上班'],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  const existing = await db.selectFrom('sla_rules').select('id').limit(1).executeTakeFirst();
  if (!existing) {
    const rows = [];
    for (const priority of ['*', 'urgent']) {
      for (const tier of ['*', 'vip', 'gold']) {
        for (const region of ['*', 'urban', 'suburban', 'remote']) {
          const t = targets(region, tier, priority);
          rows.push({
            service_type: '*',
            tier,
            region_type: region,
            priority,
            ack_minutes: t.ack,
            appointment_minutes: t.appointment,
            arrival_minutes: t.arrival,
            fix_minutes: t.fix,
            visit_minutes: t.visit,
            business_hours: 1,
            pause_on_customer: 1,
            pause_on_parts: 1,
            warn_percent: 80,
            archived_at: null,
            created_at: now,
            updated_at: now,
            version: 1,
          });
        }
      }
    }
    await db.insertInto('sla_rules').values(rows).execute();
  }
  await db
    .insertInto('calendar_days')
    .values(HOLIDAYS_2026.map(([day, kind, name]) => ({ day, kind, name })))
    .onConflict((oc) => oc.column('day').doNothing())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
