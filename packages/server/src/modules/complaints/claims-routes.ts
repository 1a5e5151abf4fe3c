// /api/v1/claims: claims (索赔, tool 41) — raise, list, read, the steps of §4.3.1, evidence files.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ZClaimCreate, ZClaimListQuery, ZClaimTransition, type TClaimCreate, type TClaimListQuery, type TClaimTransition } from '@kehu/shared';
import { auditContext } from '../../platform/audit';
import { authed } from '../../platform/auth';
import type { AppContext } from '../../platform/context';
import { AppError, assertFound, requestLang } from '../../platform/errors';
import * as svc from './claims-service';
import * as repo from './claims-repo';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const ZFile = z.object({ id: z.coerce.number().int().positive(), fileId: z.coerce.number().int().positive() });
const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;
const tags = ['complaints: claims'];
const BASE = '/api/v1/claims';

export function claimRoutes(app: FastifyInstance, ctx: AppContext) {
  const actx = (req: FastifyRequest) => auditContext(req, ctx.clock.now());

  app.get(BASE, { schema: { querystring: ZClaimListQuery, tags, summary: '索赔 (complaints:read) within the complaints scope; state=open for those not closed' } }, async (req) =>
    svc.listClaims(ctx, authed(req), req.query as TClaimListQuery),
  );

  app.post(BASE, { schema: { body: ZClaimCreate, tags, summary: 'Raise a claim (complaints:claim) on a complaint (customer, product, unit, order taken from it) or on a customer' } }, async (req, reply) =>
    reply.status(201).send(await svc.createClaim(ctx, authed(req), req.body as TClaimCreate, actx(req))),
  );

  app.get(`${BASE}/:id`, { schema: { params: ZId, tags, summary: 'The claim with its history, evidence, the actions the caller may take and their approval ceiling' } }, async (req) =>
    svc.getClaim(ctx, authed(req), idOf(req)),
  );

  app.post(
    `${BASE}/:id/transitions`,
    { schema: { params: ZId, body: ZClaimTransition, tags, summary: 'collect, determine, approve (within the band), reject, settle, recover, close; 409 on a stale version' } },
    async (req) => svc.transitionClaim(ctx, authed(req), idOf(req), req.body as TClaimTransition, actx(req), requestLang(req)),
  );

  // ---------- evidence ----------
  app.get(`${BASE}/:id/files`, { schema: { params: ZId, tags } }, async (req) => {
    const id = idOf(req);
    await svc.claimInScope(ctx, authed(req), id);
    const rows = await repo.filesOf(ctx.db, id);
    return { items: rows.map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: f.size, createdAt: f.created_at, createdByName: f.created_by_name })) };
  });

  app.post(`${BASE}/:id/files`, { schema: { params: ZId, tags, summary: 'Upload evidence (multipart field "file": image or PDF; complaints:claim)' } }, async (req, reply) => {
    const p = authed(req);
    const id = idOf(req);
    await svc.claimForEvidence(ctx, p, id);
    if (!req.isMultipart()) throw new AppError(415, 'FILE_TYPE_NOT_ALLOWED');
    const file = await req.file();
    if (!file) throw new AppError(400, 'VALIDATION_FAILED', [{ path: 'file', key: 'required' }]);
    const data = await file.toBuffer();
    return reply.status(201).send(await svc.addEvidence(ctx, p, id, { filename: file.filename, data }, actx(req)));
  });

  app.get(`${BASE}/:id/files/:fileId`, { schema: { params: ZFile, tags } }, async (req, reply) => {
    const { id, fileId } = req.params as { id: number; fileId: number };
    await svc.claimInScope(ctx, authed(req), id);
    const f = assertFound(await repo.fileOf(ctx.db, id, fileId));
    reply.header('content-type', f.mime);
    reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`);
    return reply.send(ctx.files.stream(f.storage_key));
  });
}
