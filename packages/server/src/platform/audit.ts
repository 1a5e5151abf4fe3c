// The append-only audit log: every write, every unmasked view of personal data, every export.
import type { FastifyRequest } from 'fastify';
import type { Tx } from '../db';
import type { Principal } from './permissions';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  summary?: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditContext {
  principal?: Principal | null;
  /** who acted when there is no principal yet: the user who just signed in */
  actor?: { userId: number; username: string };
  ip?: string | null;
  requestId?: string | null;
  now: Date;
}

export function auditContext(req: FastifyRequest, now: Date): AuditContext {
  return { principal: req.principal ?? null, ip: req.ip, requestId: String(req.id), now };
}

/** The audit_log row of an entry, for callers that insert it together with other rows (db/bulk.ts). */
export function auditRow(ctx: AuditContext, e: AuditEntry) {
  return {
      at: ctx.now.toISOString(),
      user_id: ctx.actor?.userId ?? ctx.principal?.userId ?? null,
      username: ctx.actor?.username ?? ctx.principal?.username ?? null,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
      summary: e.summary?.slice(0, 500) ?? null,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      ip: ctx.ip ?? null,
      request_id: ctx.requestId ?? null,
  };
}

export async function audit(db: Tx, ctx: AuditContext, e: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(auditRow(ctx, e)).execute();
}
