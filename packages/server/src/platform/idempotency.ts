// Idempotency-Key for POSTs from outside channels (portal, e-mail, API clients): a retried request with the same
// key gets the first answer again instead of doing the work twice.
//
//   app.post('/api/v1/x', opts, async (req, reply) =>
//     withIdempotency(ctx, req, reply, async () => ({ status: 201, body: await createX(...) })));
//
// Without the header the handler simply runs. With it, the first request claims the key (a row with status null),
// runs, and stores status and body; a retry with the same body is answered from the row (header
// `Idempotent-Replayed: true`). A failed first attempt (4xx/5xx or a thrown error) releases the key, so a corrected
// retry can run. Rows live 24 hours (housekeeping purges them).
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Tx } from '../db';
import type { AppContext } from './context';
import { AppError } from './errors';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** how long a stored answer is replayed */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** a claim still "running" after this long belongs to a request that died (process crash): it may be taken over */
export const IDEMPOTENCY_STALE_CLAIM_MS = 10 * 60_000;

const KEY_RE = /^[\x21-\x7e]{1,120}$/;
const SCOPE_MAX = 120;

export interface IdempotentResult {
  status: number;
  body: unknown;
}

/** A JSON text with object keys sorted, so the same body hashes the same whatever the key order. */
export function canonicalJson(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
  const o = v as Record<string, unknown>;
  return (
    '{' +
    Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => JSON.stringify(k) + ':' + canonicalJson(o[k]))
      .join(',') +
    '}'
  );
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** Whose key it is: the signed-in user or the caller's IP, the method and the concrete path (ids included). */
export function idempotencyScope(req: FastifyRequest): string {
  const caller = req.principal ? `user:${req.principal.userId}` : `public:${req.ip}`;
  const path = req.url.split('?')[0];
  const scope = `${caller} ${req.method} ${path}`;
  // long IPv6 addresses and paths must still fit the column; the hash keeps them distinct
  return scope.length <= SCOPE_MAX ? scope : `${caller.slice(0, 50)} ${sha256(scope)}`;
}

/** The Idempotency-Key header: undefined when absent, 400 when malformed. */
export function idempotencyKeyOf(req: FastifyRequest): string | undefined {
  const raw = req.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (typeof key !== 'string' || !KEY_RE.test(key) || Array.isArray(raw)) {
    throw new AppError(400, 'IDEMPOTENCY_KEY_INVALID', [{ path: 'Idempotency-Key', key: 'idempotency_key_invalid' }]);
  }
  return key;
}

/** Inserts the claim; false when a row with this scope and key exists already. */
async function claim(db: Tx, scope: string, key: string, hash: string, now: Date): Promise<boolean> {
  const row = await db
    .insertInto('idempotency_keys')
    .values({ scope, key, request_hash: hash, status: null, response: null, created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return !!row;
}

async function release(db: Tx, scope: string, key: string) {
  await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).execute();
}

/**
 * Runs `handler` at most once per Idempotency-Key and sends its answer (or the stored one). Call it from the route
 * after the body has been validated, and return what it returns.
 */
export async function withIdempotency(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  handler: () => Promise<IdempotentResult>,
): Promise<FastifyReply> {
  const key = idempotencyKeyOf(req);
  if (key === undefined) {
    const r = await handler();
    return reply.status(r.status).send(r.body);
  }
  const scope = idempotencyScope(req);
  const hash = sha256(canonicalJson(req.body ?? null));
  const now = ctx.clock.now();

  let claimed = await claim(ctx.db, scope, key, hash, now);
  if (!claimed) {
    const prior = await ctx.db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
    const age = prior ? now.getTime() - new Date(prior.created_at).getTime() : Infinity;
    const stale = !prior || age >= IDEMPOTENCY_TTL_MS || (prior.status === null && age >= IDEMPOTENCY_STALE_CLAIM_MS);
    if (stale) {
      // an expired answer or an abandoned claim: take the key over (only one of several racing requests wins)
      if (prior) {
        await ctx.db
          .deleteFrom('idempotency_keys')
          .where('scope', '=', scope)
          .where('key', '=', key)
          .where('created_at', '=', prior.created_at)
          .execute();
      }
      claimed = await claim(ctx.db, scope, key, hash, now);
      if (!claimed) throw new AppError(409, 'IDEMPOTENCY_IN_PROGRESS');
    } else {
      if (prior.request_hash !== hash) throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED');
      if (prior.status === null) throw new AppError(409, 'IDEMPOTENCY_IN_PROGRESS');
      const body = prior.response === null ? undefined : JSON.parse(prior.response);
      return reply.status(prior.status).header(REPLAYED_HEADER, 'true').send(body);
    }
  }

  let result: IdempotentResult;
  try {
    result = await handler();
  } catch (err) {
    await release(ctx.db, scope, key).catch((e) => req.log.error({ err: e }, 'idempotency key not released'));
    throw err;
  }
  if (result.status >= 400) {
    await release(ctx.db, scope, key);
  } else {
    await ctx.db
      .updateTable('idempotency_keys')
      .set({ status: result.status, response: result.body === undefined ? null : JSON.stringify(result.body) })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute();
  }
  return reply.status(result.status).send(result.body);
}

/** Housekeeping: answers older than a day are no longer replayed. */
export async function purgeIdempotencyKeys(db: Tx, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString();
  await db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).execute();
}
