// Service-order API: intake, list, card, transitions, photos, signature; return visits (also the customer's link).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ZOrderCreate,
  ZOrderListQuery,
  ZOrderTransition,
  ZVisitAnswers,
  ZVisitListQuery,
  ZVisitRecord,
  type TOrderCreate,
  type TOrderListQuery,
  type TOrderTransition,
  type TVisitAnswers,
  type TVisitListQuery,
  type TVisitRecord,
} from '@kehu/shared';
import { audit, auditContext } from '../../platform/audit';
import { authed } from '../../platform/auth';
import type { AppContext } from '../../platform/context';
import { AppError, assertFound } from '../../platform/errors';
import { checkFileType } from '../../platform/files';
import { requirePermission } from '../../platform/permissions';
import { createOrder, getOrder, listOrders, loadOrderInScope, transition } from './orders-service';
import { serviceKpis, ZKpiQuery, type TKpiQuery } from './kpi-service';
import { answerPublicVisit, listVisits, publicVisit, recordVisit, visitLink } from './visits-service';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const ZFile = z.object({ id: z.coerce.number().int().positive(), fileId: z.coerce.number().int().positive() });
const ZToken = z.object({ token: z.string().max(100) });
const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;
const tags = ['service: orders'];
const PHOTO_TYPES = ['jpg', 'jpeg', 'png', 'webp', 'heic', 'pdf'];

export function orderRoutes(app: FastifyInstance, ctx: AppContext) {
  const actx = (req: FastifyRequest) => auditContext(req, ctx.clock.now());

  app.post('/api/v1/service/orders', { schema: { body: ZOrderCreate, tags, summary: 'Take a service request (受理)' } }, async (req, reply) =>
    reply.status(201).send(await createOrder(ctx, authed(req), req.body as TOrderCreate, actx(req))),
  );

  app.get('/api/v1/service/orders', { schema: { querystring: ZOrderListQuery, tags, summary: 'Orders in the caller’s scope; state=open for the open ones, today=true for a technician’s day' } }, async (req) =>
    listOrders(ctx, authed(req), req.query as TOrderListQuery),
  );

  app.get('/api/v1/service/orders/:id', { schema: { params: ZId, tags, summary: 'The order card with its history, items, visit and the actions the caller may take' } }, async (req) =>
    getOrder(ctx, authed(req), idOf(req)),
  );

  app.post('/api/v1/service/orders/:id/transitions', { schema: { params: ZId, body: ZOrderTransition, tags, summary: 'One action of the state machine (dispatch, schedule, depart, arrive, start, wait_parts, complete, cancel, escalate …)' } }, async (req) =>
    transition(ctx, authed(req), idOf(req), req.body as TOrderTransition, actx(req)),
  );

  app.get('/api/v1/service/orders/:id/signature', { schema: { params: ZId, tags, summary: 'The customer’s signature (PNG)' } }, async (req, reply) => {
    const p = authed(req);
    requirePermission(p, 'service:read');
    const o = await loadOrderInScope(ctx.db, p, idOf(req));
    const a = assertFound(
      o.signature_file_id ? await ctx.db.selectFrom('attachments').selectAll().where('id', '=', o.signature_file_id).executeTakeFirst() : undefined,
    );
    reply.header('content-type', 'image/png');
    reply.header('cache-control', 'private, max-age=3600');
    return reply.send(ctx.files.stream(a.storage_key));
  });

  // ---------- photos ----------
  app.get('/api/v1/service/orders/:id/photos', { schema: { params: ZId, tags } }, async (req) => {
    const p = authed(req);
    requirePermission(p, 'service:read');
    const id = idOf(req);
    await loadOrderInScope(ctx.db, p, id);
    const rows = await ctx.db
      .selectFrom('attachments')
      .leftJoin('users', 'users.id', 'attachments.created_by')
      .select(['attachments.id', 'attachments.filename', 'attachments.mime', 'attachments.size', 'attachments.created_at', 'users.display_name as created_by_name'])
      .where('owner_type', '=', 'service_order')
      .where('owner_id', '=', id)
      .where('archived_at', 'is', null)
      .orderBy('attachments.id')
      .execute();
    return { items: rows.map((r) => ({ id: r.id, filename: r.filename, mime: r.mime, size: r.size, createdAt: r.created_at, createdByName: r.created_by_name })) };
  });

  app.post('/api/v1/service/orders/:id/photos', { schema: { params: ZId, tags, summary: 'Upload a photo (multipart field "file")' } }, async (req, reply) => {
    const p = authed(req);
    requirePermission(p, 'service:read');
    const id = idOf(req);
    const o = await loadOrderInScope(ctx.db, p, id);
    if (!(p.permissions.has('service:dispatch') || (p.permissions.has('service:work') && o.owner_id === p.userId))) throw new AppError(403, 'FORBIDDEN');
    if (!req.isMultipart()) throw new AppError(415, 'FILE_TYPE_NOT_ALLOWED');
    const file = await req.file();
    if (!file) throw new AppError(400, 'VALIDATION_FAILED', [{ path: 'file', key: 'required' }]);
    const data = await file.toBuffer();
    const mime = checkFileType(file.filename, data, PHOTO_TYPES);
    const stored = await ctx.files.save(data);
    const now = ctx.clock.now();
    const row = await ctx.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('attachments')
        .values({ owner_type: 'service_order', owner_id: id, filename: file.filename.slice(0, 255), mime, size: stored.size, storage_key: stored.key, sha256: stored.sha256, created_by: p.userId, created_at: now.toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('service_order_events')
        .values({ order_id: id, at: now.toISOString(), action: 'photo', from_state: o.state, to_state: o.state, actor_id: p.userId, note: null, data: JSON.stringify({ filename: file.filename }) })
        .execute();
      await audit(trx, actx(req), { action: 'upload', entity: 'service_order', entityId: id, summary: `${o.code} ${file.filename}` });
      return r;
    });
    return reply.status(201).send({ id: row.id, filename: file.filename, mime, size: stored.size });
  });

  app.get('/api/v1/service/orders/:id/photos/:fileId', { schema: { params: ZFile, tags } }, async (req, reply) => {
    const p = authed(req);
    requirePermission(p, 'service:read');
    const { id, fileId } = req.params as { id: number; fileId: number };
    await loadOrderInScope(ctx.db, p, id);
    const a = assertFound(
      await ctx.db.selectFrom('attachments').selectAll().where('id', '=', fileId).where('owner_type', '=', 'service_order').where('owner_id', '=', id).where('archived_at', 'is', null).executeTakeFirst(),
    );
    reply.header('content-type', a.mime);
    reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
    return reply.send(ctx.files.stream(a.storage_key));
  });

  app.get('/api/v1/service/kpis', { schema: { querystring: ZKpiQuery, tags, summary: 'KPIs per technician, outlet or month over orders completed from … to (local dates, inclusive)' } }, async (req) =>
    serviceKpis(ctx, authed(req), req.query as TKpiQuery),
  );

  // ---------- return visits ----------
  const vtags = ['service: return visits'];

  app.get('/api/v1/service/visits', { schema: { querystring: ZVisitListQuery, tags: vtags, summary: 'Return-visit tasks (open first by due time)' } }, async (req) =>
    listVisits(ctx, authed(req), req.query as TVisitListQuery),
  );

  app.post('/api/v1/service/visits/:id', { schema: { params: ZId, body: ZVisitRecord, tags: vtags, summary: 'Record a phone return visit; a dissatisfied answer may open a rework order' } }, async (req) =>
    recordVisit(ctx, authed(req), idOf(req), req.body as TVisitRecord, actx(req), req.log),
  );

  app.post('/api/v1/service/visits/:id/link', { schema: { params: ZId, tags: vtags, summary: 'A link the customer answers the return visit with (replaces earlier links)' } }, async (req) =>
    visitLink(ctx, authed(req), idOf(req), actx(req)),
  );

  const limited = { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } };
  app.get('/api/v1/public/visits/:token', { ...limited, schema: { params: ZToken, tags: vtags, summary: 'The customer’s view of a return visit (no sign-in)' } }, async (req) =>
    publicVisit(ctx, (req.params as { token: string }).token),
  );

  app.post('/api/v1/public/visits/:token', { ...limited, schema: { params: ZToken, body: ZVisitAnswers, tags: vtags, summary: 'The customer answers (no sign-in)' } }, async (req) =>
    answerPublicVisit(ctx, (req.params as { token: string }).token, req.body as TVisitAnswers, actx(req), req.log),
  );
}
