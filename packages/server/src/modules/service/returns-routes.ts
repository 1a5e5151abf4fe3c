// /api/v1/service/returns: return and exchange requests (退换货) with the 三包 window check, transitions and photos.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ZReturnCreate,
  ZReturnEligibilityQuery,
  ZReturnListQuery,
  ZReturnTransition,
  type TReturnCreate,
  type TReturnEligibilityQuery,
  type TReturnListQuery,
  type TReturnTransition,
} from '@kehu/shared';
import { audit, auditContext } from '../../platform/audit';
import { authed } from '../../platform/auth';
import type { AppContext } from '../../platform/context';
import { AppError, assertFound, requestLang } from '../../platform/errors';
import { checkFileType } from '../../platform/files';
import { can } from '../../platform/permissions';
import * as svc from './returns-service';
import * as repo from './returns-repo';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const ZFile = z.object({ id: z.coerce.number().int().positive(), fileId: z.coerce.number().int().positive() });
const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;
const tags = ['service: returns'];
const BASE = '/api/v1/service/returns';
const PHOTO_TYPES = ['jpg', 'jpeg', 'png', 'webp', 'pdf'];

export function returnRoutes(app: FastifyInstance, ctx: AppContext) {
  const actx = (req: FastifyRequest) => auditContext(req, ctx.clock.now());

  app.get(BASE, { schema: { querystring: ZReturnListQuery, tags, summary: '退换货申请 (service:read), within the customer scope; state=open for the unfinished ones' } }, async (req) =>
    svc.listReturns(ctx, authed(req), req.query as TReturnListQuery),
  );

  app.get(`${BASE}/eligibility`, { schema: { querystring: ZReturnEligibilityQuery, tags, summary: 'The 三包 window check for a unit (or a product and purchase date) on a date; writes nothing' } }, async (req) =>
    svc.previewEligibility(ctx, authed(req), req.query as TReturnEligibilityQuery),
  );

  app.post(BASE, { schema: { body: ZReturnCreate, tags, summary: 'Take a request (service:create); outside the windows it is rejected at once unless a dispatcher gives overrideReason' } }, async (req, reply) =>
    reply.status(201).send(await svc.createReturn(ctx, authed(req), req.body as TReturnCreate, actx(req))),
  );

  app.get(`${BASE}/:id`, { schema: { params: ZId, tags, summary: 'The request with its steps, decision and the actions the caller may take' } }, async (req) =>
    svc.getReturn(ctx, authed(req), idOf(req)),
  );

  app.post(`${BASE}/:id/transitions`, { schema: { params: ZId, body: ZReturnTransition, tags, summary: 'approve, reject, receive, inspect, refund, exchange, repair, close (service:dispatch); 409 on a stale version' } }, async (req) =>
    svc.transitionReturn(ctx, authed(req), idOf(req), req.body as TReturnTransition, actx(req), requestLang(req)),
  );

  // ---------- photos ----------
  app.get(`${BASE}/:id/photos`, { schema: { params: ZId, tags } }, async (req) => {
    const id = idOf(req);
    await svc.returnInScope(ctx, authed(req), id);
    const rows = await repo.photosOf(ctx.db, id);
    return { items: rows.map((r) => ({ id: r.id, filename: r.filename, mime: r.mime, size: r.size, createdAt: r.created_at, createdByName: r.created_by_name })) };
  });

  app.post(`${BASE}/:id/photos`, { schema: { params: ZId, tags, summary: 'Upload a photo (multipart field "file"; service:create or service:dispatch)' } }, async (req, reply) => {
    const p = authed(req);
    const id = idOf(req);
    const r = await svc.returnInScope(ctx, p, id);
    if (!can(p, 'service:create') && !can(p, 'service:dispatch')) throw new AppError(403, 'FORBIDDEN');
    if (!req.isMultipart()) throw new AppError(415, 'FILE_TYPE_NOT_ALLOWED');
    const file = await req.file();
    if (!file) throw new AppError(400, 'VALIDATION_FAILED', [{ path: 'file', key: 'required' }]);
    const data = await file.toBuffer();
    const mime = checkFileType(file.filename, data, PHOTO_TYPES);
    const stored = await ctx.files.save(data);
    const now = ctx.clock.now();
    const row = await ctx.db.transaction().execute(async (trx) => {
      const a = await trx
        .insertInto('attachments')
        .values({ owner_type: 'service_return', owner_id: id, filename: file.filename.slice(0, 255), mime, size: stored.size, storage_key: stored.key, sha256: stored.sha256, created_by: p.userId, created_at: now.toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await repo.insertEvent(trx, { return_id: id, at: now.toISOString(), action: 'photo', from_state: r.state, to_state: r.state, actor_id: p.userId, note: null, data: JSON.stringify({ filename: file.filename }) });
      await audit(trx, actx(req), { action: 'upload', entity: 'service_return', entityId: id, summary: `${r.code} ${file.filename}` });
      return a;
    });
    return reply.status(201).send({ id: row.id, filename: file.filename, mime, size: stored.size });
  });

  app.get(`${BASE}/:id/photos/:fileId`, { schema: { params: ZFile, tags } }, async (req, reply) => {
    const { id, fileId } = req.params as { id: number; fileId: number };
    await svc.returnInScope(ctx, authed(req), id);
    const a = assertFound(await repo.photo(ctx.db, id, fileId));
    reply.header('content-type', a.mime);
    reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
    return reply.send(ctx.files.stream(a.storage_key));
  });
}
