// /api/v1/service/agreements: 售后服务协议书. Read: service:read (within the customer data scope); write: service:dispatch.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ZAgreementActivate,
  ZAgreementCreate,
  ZAgreementListQuery,
  ZAgreementRenew,
  ZAgreementTerminate,
  ZAgreementUpdate,
  type TAgreementActivate,
  type TAgreementCreate,
  type TAgreementListQuery,
  type TAgreementRenew,
  type TAgreementTerminate,
  type TAgreementUpdate,
} from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { authed } from '../../platform/auth';
import { auditContext } from '../../platform/audit';
import * as svc from './agreements-service';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const ZVersion = z.strictObject({ version: z.number().int().min(1) });
const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;
const versionOf = (req: FastifyRequest) => (req.body as { version: number }).version;
const BASE = '/api/v1/service/agreements';
const tags = ['service: agreements'];

export function agreementRoutes(app: FastifyInstance, ctx: AppContext) {
  const actx = (req: FastifyRequest) => auditContext(req, ctx.clock.now());

  app.get(BASE, { schema: { querystring: ZAgreementListQuery, tags, summary: '售后服务协议 in the caller’s customer scope (service:read)' } }, async (req) =>
    svc.listAgreements(ctx, authed(req), req.query as TAgreementListQuery),
  );
  app.get(`${BASE}/:id`, { schema: { params: ZId, tags, summary: 'An agreement with its units, this agreement year’s visits (used / included) and its orders' } }, async (req) =>
    svc.getAgreement(ctx, authed(req), idOf(req)),
  );
  app.post(BASE, { schema: { body: ZAgreementCreate, tags, summary: 'Create a draft agreement (service:dispatch); units must be the customer’s' } }, async (req, reply) =>
    reply.status(201).send(await svc.createAgreement(ctx, authed(req), req.body as TAgreementCreate, actx(req))),
  );
  app.patch(`${BASE}/:id`, { schema: { params: ZId, body: ZAgreementUpdate, tags, summary: 'Versioned edit: a draft freely; in force only units, payment terms, note' } }, async (req) =>
    svc.updateAgreement(ctx, authed(req), idOf(req), req.body as TAgreementUpdate, actx(req)),
  );
  app.post(`${BASE}/:id/activate`, { schema: { params: ZId, body: ZAgreementActivate, tags, summary: 'Draft → active (signed); refused when another agreement in force covers a unit' } }, async (req) =>
    svc.activateAgreement(ctx, authed(req), idOf(req), req.body as TAgreementActivate, actx(req)),
  );
  app.post(`${BASE}/:id/terminate`, { schema: { params: ZId, body: ZAgreementTerminate, tags, summary: 'Active → terminated, with a reason' } }, async (req) =>
    svc.terminateAgreement(ctx, authed(req), idOf(req), req.body as TAgreementTerminate, actx(req)),
  );
  app.post(`${BASE}/:id/renew`, { schema: { params: ZId, body: ZAgreementRenew, tags, summary: '续签: a new draft with the same terms, linked to this agreement' } }, async (req, reply) =>
    reply.status(201).send(await svc.renewAgreement(ctx, authed(req), idOf(req), req.body as TAgreementRenew, actx(req))),
  );
  app.post(`${BASE}/:id/archive`, { schema: { params: ZId, body: ZVersion, tags, summary: 'Archive (an agreement in force is terminated first)' } }, async (req) =>
    svc.setAgreementArchived(ctx, authed(req), idOf(req), true, versionOf(req), actx(req)),
  );
  app.post(`${BASE}/:id/restore`, { schema: { params: ZId, body: ZVersion, tags } }, async (req) =>
    svc.setAgreementArchived(ctx, authed(req), idOf(req), false, versionOf(req), actx(req)),
  );
}
