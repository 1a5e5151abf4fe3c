// The service_skill list: labels of the skill codes that products need and that outlets and technicians hold
// (aircon, boiler …). Codes stay free text elsewhere; an administrator adds or renames entries in the dictionaries.
// Idempotent: rows that exist are left as an administrator changed them.
import type { Kysely } from 'kysely';

const SKILLS: [string, string, string][] = [
  ['aircon', '空调', 'Air conditioners'],
  ['boiler', '壁挂炉/锅炉', 'Boilers'],
  ['water_heater', '热水器', 'Water heaters'],
  ['refrigerator', '冰箱/冷柜', 'Refrigerators'],
  ['washer', '洗衣机', 'Washing machines'],
  ['kitchen', '厨房电器', 'Kitchen appliances'],
  ['water_purifier', '净水设备', 'Water purifiers'],
  ['tv', '电视/显示设备', 'TVs and displays'],
  ['electrical', '电气设备', 'Electrical equipment'],
  ['mechanical', '机械设备', 'Machinery'],
  ['refrigeration', '制冷设备', 'Refrigeration plant'],
  ['it', '计算机/网络设备', 'Computers and networks'],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  let sort = 0;
  for (const [code, zh, en] of SKILLS) {
    await db
      .insertInto('dictionaries')
      .values({ type: 'service_skill', code, label_zh: zh, label_en: en, sort: sort++, active: 1, created_at: now, updated_at: now })
      .onConflict((oc) => oc.columns(['type', 'code']).doNothing())
      .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
