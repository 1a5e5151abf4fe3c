// Dictionaries: the option lists (grades, sources, classification values …) an admin edits.
import type { Db, Tx } from '../db';
import { invalid } from './errors';

export interface DictItem {
  id: number;
  type: string;
  code: string;
  labelZh: string;
  labelEn: string;
  sort: number;
  active: boolean;
  version: number;
}

/** A small in-process cache, dropped on every dictionary write. */
export class Dictionaries {
  private cache: Map<string, DictItem[]> | null = null;
  constructor(private readonly db: Db) {}

  invalidate() {
    this.cache = null;
  }

  /** `db`: the caller's transaction when there is one (on SQLite its connection is the only one: another would wait forever). */
  async all(db: Tx = this.db): Promise<Map<string, DictItem[]>> {
    if (this.cache) return this.cache;
    const rows = await db.selectFrom('dictionaries').selectAll().orderBy('type').orderBy('sort').orderBy('id').execute();
    const map = new Map<string, DictItem[]>();
    for (const r of rows) {
      const item: DictItem = {
        id: r.id,
        type: r.type,
        code: r.code,
        labelZh: r.label_zh,
        labelEn: r.label_en,
        sort: r.sort,
        active: !!r.active,
        version: r.version,
      };
      map.set(r.type, [...(map.get(r.type) ?? []), item]);
    }
    this.cache = map;
    return map;
  }

  async items(type: string, db?: Tx): Promise<DictItem[]> {
    return (await this.all(db)).get(type) ?? [];
  }

  async isValid(type: string, code: string, db?: Tx): Promise<boolean> {
    return (await this.items(type, db)).some((i) => i.code === code && i.active);
  }

  async label(type: string, code: string | null | undefined, lang: 'zh-CN' | 'en-US' = 'zh-CN'): Promise<string | null> {
    if (!code) return null;
    const it = (await this.items(type)).find((i) => i.code === code);
    return it ? (lang === 'en-US' ? it.labelEn : it.labelZh) : code;
  }

  /** Collects a field error for each value that is not an active code of its list. */
  async check(pairs: { path: string; type: string; code: string | null | undefined }[], db?: Tx): Promise<{ path: string; key: string }[]> {
    const errors: { path: string; key: string }[] = [];
    for (const p of pairs) {
      if (p.code === null || p.code === undefined || p.code === '') continue;
      if (!(await this.isValid(p.type, p.code, db))) errors.push({ path: p.path, key: 'unknown_dictionary_value' });
    }
    return errors;
  }

  async assert(pairs: { path: string; type: string; code: string | null | undefined }[]): Promise<void> {
    const errors = await this.check(pairs);
    if (errors.length) throw invalid(errors);
  }
}

export async function upsertDictionarySeed(
  db: Tx,
  items: { type: string; code: string; zh: string; en: string }[],
  now: string,
): Promise<void> {
  let sort = 0;
  let lastType = '';
  for (const it of items) {
    sort = it.type === lastType ? sort + 1 : 0;
    lastType = it.type;
    await db
      .insertInto('dictionaries')
      .values({ type: it.type, code: it.code, label_zh: it.zh, label_en: it.en, sort, active: 1, created_at: now, updated_at: now })
      .onConflict((oc) => oc.columns(['type', 'code']).doNothing())
      .execute();
  }
}
