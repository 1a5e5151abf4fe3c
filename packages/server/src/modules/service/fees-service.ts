// The fee schedule of out-of-warranty service (收费标准): labour by service type and call-out by region type, in fen.
// Completion of a service order reads it (orders-service.ts); here it is read as a whole and replaced as a whole,
// guarded by an etag of its content so that two editors cannot overwrite each other unknowingly.
import crypto from 'node:crypto';
import { SERVICE_FEE_KINDS, SERVICE_FEE_PRESETS, type TServiceFee, type TServiceFees, type TServiceFeesPut } from '@kehu/shared';
import type { Tx } from '../../db';
import { lockInTransaction } from '../../db/dialect';
import type { AppContext } from '../../platform/context';
import { audit, type AuditContext } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { requirePermission, type Principal } from '../../platform/permissions';

type Kind = keyof typeof SERVICE_FEE_KINDS;
const KINDS = Object.keys(SERVICE_FEE_KINDS) as Kind[];

interface FeeRow {
  kind: Kind;
  key: string;
  amountFen: number;
  updatedAt: string;
  version: number;
}

async function feeRows(db: Tx): Promise<FeeRow[]> {
  const rows = await db.selectFrom('service_fees').select(['kind', 'key', 'amount_fen', 'updated_at', 'version']).orderBy('kind').orderBy('key').execute();
  return rows
    .filter((r) => (SERVICE_FEE_KINDS[r.kind] as readonly string[] | undefined)?.includes(r.key))
    .map((r) => ({ kind: r.kind, key: r.key, amountFen: Number(r.amount_fen), updatedAt: new Date(r.updated_at as string | Date).toISOString(), version: Number(r.version) }));
}

/** Content hash of the known entries: the same schedule always gives the same etag, on both databases. */
function etagOf(rows: FeeRow[]): string {
  const h = crypto.createHash('sha256');
  for (const r of rows) h.update(`${r.kind}|${r.key}|${r.amountFen}\n`);
  return h.digest('hex').slice(0, 32);
}

function schedule(rows: FeeRow[]): TServiceFees {
  const entries = <K extends string>(kind: Kind, keys: readonly K[]): TServiceFee<K>[] =>
    keys.map((key) => {
      const r = rows.find((x) => x.kind === kind && x.key === key);
      const preset = (SERVICE_FEE_PRESETS[kind] as Record<string, number>)[key];
      // seeded rows start at version 1 and every edit raises it
      return { key, amountFen: r ? r.amountFen : null, updatedAt: r ? r.updatedAt : null, preset: !!r && r.version === 1 && r.amountFen === preset };
    });
  return { labour: entries('labour', SERVICE_FEE_KINDS.labour), callout: entries('callout', SERVICE_FEE_KINDS.callout), etag: etagOf(rows) };
}

export async function getServiceFees(ctx: AppContext, p: Principal): Promise<TServiceFees> {
  requirePermission(p, 'service:read');
  return schedule(await feeRows(ctx.db));
}

/**
 * Replaces the schedule: every known entry takes the amount given; an entry left out or null is removed (not
 * charged). Entries whose amount does not change are not touched. 409 SERVICE_FEES_CHANGED on a stale etag.
 */
export async function putServiceFees(ctx: AppContext, p: Principal, input: TServiceFeesPut, actx: AuditContext): Promise<TServiceFees> {
  requirePermission(p, 'service:rules');
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await lockInTransaction(trx, 'kehu:service-fees');
    const before = await feeRows(trx);
    if (etagOf(before) !== input.etag) throw new AppError(409, 'SERVICE_FEES_CHANGED');
    const changes: { kind: Kind; key: string; from: number | null; to: number | null }[] = [];
    for (const kind of KINDS) {
      const wanted = input[kind] as Record<string, number | null | undefined>;
      for (const key of SERVICE_FEE_KINDS[kind]) {
        const from = before.find((r) => r.kind === kind && r.key === key)?.amountFen ?? null;
        const to = wanted[key] ?? null;
        if (from !== to) changes.push({ kind, key, from, to });
      }
    }
    if (!changes.length) return;
    for (const c of changes) {
      if (c.to === null) {
        await trx.deleteFrom('service_fees').where('kind', '=', c.kind).where('key', '=', c.key).execute();
      } else if (c.from === null) {
        await trx.insertInto('service_fees').values({ kind: c.kind, key: c.key, amount_fen: c.to, created_at: now, updated_at: now, version: 1 }).execute();
      } else {
        await trx
          .updateTable('service_fees')
          .set((eb) => ({ amount_fen: c.to!, updated_at: now, version: eb('version', '+', 1) }))
          .where('kind', '=', c.kind)
          .where('key', '=', c.key)
          .execute();
      }
    }
    await audit(trx, actx, {
      action: 'update',
      entity: 'service_fees',
      summary: changes.map((c) => `${c.kind}.${c.key} ${c.from ?? '—'}→${c.to ?? '—'}`).join('; '),
      before: Object.fromEntries(changes.map((c) => [`${c.kind}.${c.key}`, c.from])),
      after: Object.fromEntries(changes.map((c) => [`${c.kind}.${c.key}`, c.to])),
    });
  });
  return schedule(await feeRows(ctx.db));
}
