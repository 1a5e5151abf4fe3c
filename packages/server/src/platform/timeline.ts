// The customer timeline: one mechanism through which every module records what happened to a customer.
import type { Tx } from '../db';

export interface TimelineEvent {
  customerId: number;
  type: string;
  module: string;
  title: string;
  body?: string | null;
  refType?: string | null;
  refId?: string | number | null;
  actorId?: number | null;
  data?: unknown;
  at: Date;
}

export async function recordEvent(db: Tx, e: TimelineEvent): Promise<void> {
  await db
    .insertInto('customer_events')
    .values({
      customer_id: e.customerId,
      at: e.at.toISOString(),
      type: e.type,
      module: e.module,
      title: e.title.slice(0, 200),
      body: e.body ?? null,
      ref_type: e.refType ?? null,
      ref_id: e.refId === undefined || e.refId === null ? null : String(e.refId),
      actor_id: e.actorId ?? null,
      data: e.data === undefined ? null : JSON.stringify(e.data),
    })
    .execute();
}

/** A page of a customer's events, newest first; `type` keeps one kind. `data` carries the details a client shows in its language. */
export async function listEvents(db: Tx, customerId: number, page: number, pageSize: number, type?: string) {
  const [items, total] = await Promise.all([
    db
      .selectFrom('customer_events')
      .leftJoin('users', 'users.id', 'customer_events.actor_id')
      .select([
        'customer_events.id',
        'customer_events.at',
        'customer_events.type',
        'customer_events.module',
        'customer_events.title',
        'customer_events.body',
        'customer_events.ref_type',
        'customer_events.ref_id',
        'customer_events.actor_id',
        'customer_events.data',
        'users.display_name as actor_name',
      ])
      .where('customer_events.customer_id', '=', customerId)
      .$if(!!type, (q) => q.where('customer_events.type', '=', type!))
      .orderBy('customer_events.at', 'desc')
      .orderBy('customer_events.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom('customer_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('customer_id', '=', customerId)
      .$if(!!type, (q) => q.where('type', '=', type!))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    items: items.map((r) => ({
      id: r.id,
      at: r.at,
      type: r.type,
      module: r.module,
      title: r.title,
      body: r.body,
      refType: r.ref_type,
      refId: r.ref_id,
      actorId: r.actor_id,
      actorName: r.actor_name,
      data: r.data ? (JSON.parse(r.data) as unknown) : null,
    })),
    total: Number(total.n),
    page,
    pageSize,
  };
}

/** Hooks other modules register so that a customer merge moves their records too. */
export type MergeHook = (db: Tx, targetId: number, sourceId: number) => Promise<void>;
const mergeHooks: MergeHook[] = [];
export function onCustomerMerge(hook: MergeHook) {
  mergeHooks.push(hook);
}
export async function runMergeHooks(db: Tx, targetId: number, sourceId: number) {
  for (const h of mergeHooks) await h(db, targetId, sourceId);
}
