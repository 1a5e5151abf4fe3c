// /api/v1/service/{outlets,technicians,dispatch-proposal}: the service network (维修网点, tool 30), technicians'
// profiles and the dispatch proposal. Parse, authorise, call the service.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ZDispatchProposalQuery,
  ZOutletCreate,
  ZOutletListQuery,
  ZOutletUpdate,
  ZTechnicianListQuery,
  ZTechnicianPut,
  type TDispatchProposalQuery,
  type TOutletCreate,
  type TOutletListQuery,
  type TOutletUpdate,
  type TTechnicianListQuery,
  type TTechnicianPut,
} from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { authed } from '../../platform/auth';
import { auditContext } from '../../platform/audit';
import { requestLang } from '../../platform/errors';
import * as svc from './network-service';
import { exportOutlets } from './network-export';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const ZUserId = z.object({ userId: z.coerce.number().int().positive() });
const ZVersion = z.strictObject({ version: z.number().int().min(1) });
const ZExportQuery = ZOutletListQuery.extend({ lang: z.enum(['zh-CN', 'en-US']).optional() });
const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;
const userIdOf = (req: FastifyRequest) => (req.params as { userId: number }).userId;
const versionOf = (req: FastifyRequest) => (req.body as { version: number }).version;
const BASE = '/api/v1/service';

export function networkRoutes(app: FastifyInstance, ctx: AppContext) {
  const actx = (req: FastifyRequest) => auditContext(req, ctx.clock.now());

  // ---------- outlets (service:read to read, service:network to write) ----------
  const outlets = ['service: network'];

  app.get(`${BASE}/outlets`, { schema: { querystring: ZOutletListQuery, tags: outlets, summary: '售后服务中心网点 (q: code, name, manager, address; regionCode: covering or located in the division)' } }, async (req) =>
    svc.listOutlets(ctx, authed(req), req.query as TOutletListQuery),
  );
  app.get(`${BASE}/outlets/export.xlsx`, { schema: { querystring: ZExportQuery, tags: outlets, summary: 'The 售后服务中心网点表 of the filtered list (streamed XLSX; lang defaults to Accept-Language)' } }, async (req, reply) => {
    const { lang, ...query } = req.query as z.infer<typeof ZExportQuery>;
    return exportOutlets(ctx, authed(req), query, lang ?? requestLang(req), reply, actx(req));
  });
  app.get(`${BASE}/outlets/options`, { schema: { tags: outlets, summary: 'Live outlets for pickers' } }, async (req) => svc.outletOptions(ctx, authed(req)));
  app.get(`${BASE}/outlets/:id`, { schema: { params: ZId, tags: outlets, summary: 'An outlet with its coverage, technicians and today’s load' } }, async (req) => svc.getOutlet(ctx, authed(req), idOf(req)));
  app.post(`${BASE}/outlets`, { schema: { body: ZOutletCreate, tags: outlets, summary: 'Create an outlet with its coverage regions (service:network)' } }, async (req, reply) =>
    reply.status(201).send(await svc.createOutlet(ctx, authed(req), req.body as TOutletCreate, actx(req))),
  );
  app.patch(`${BASE}/outlets/:id`, { schema: { params: ZId, body: ZOutletUpdate, tags: outlets, summary: 'Change an outlet; `regions` replaces the whole coverage' } }, async (req) =>
    svc.updateOutlet(ctx, authed(req), idOf(req), req.body as TOutletUpdate, actx(req)),
  );
  app.post(`${BASE}/outlets/:id/archive`, { schema: { params: ZId, body: ZVersion, tags: outlets, summary: 'Archive (停用; refused while open orders remain)' } }, async (req) =>
    svc.setOutletArchived(ctx, authed(req), idOf(req), true, versionOf(req), actx(req)),
  );
  app.post(`${BASE}/outlets/:id/restore`, { schema: { params: ZId, body: ZVersion, tags: outlets } }, async (req) =>
    svc.setOutletArchived(ctx, authed(req), idOf(req), false, versionOf(req), actx(req)),
  );

  // ---------- technicians ----------
  const technicians = ['service: technicians'];

  app.get(`${BASE}/technicians`, { schema: { querystring: ZTechnicianListQuery, tags: technicians, summary: 'Technicians with outlet, skills, certificates and today’s load (service:read)' } }, async (req) =>
    svc.listTechnicians(ctx, authed(req), req.query as TTechnicianListQuery),
  );
  app.get(`${BASE}/technicians/:userId`, { schema: { params: ZUserId, tags: technicians } }, async (req) => svc.getTechnician(ctx, authed(req), userIdOf(req)));
  app.put(`${BASE}/technicians/:userId`, { schema: { params: ZUserId, body: ZTechnicianPut, tags: technicians, summary: 'Create or replace the profile of a user holding the technician role (service:network)' } }, async (req) =>
    svc.putTechnician(ctx, authed(req), userIdOf(req), req.body as TTechnicianPut, actx(req)),
  );

  // ---------- dispatch proposal ----------
  app.get(`${BASE}/dispatch-proposal`, { schema: { querystring: ZDispatchProposalQuery, tags: ['service: orders'], summary: 'Proposed outlet (coverage) and ranked technicians (skill, load today) (service:dispatch)' } }, async (req) =>
    svc.dispatchProposal(ctx, authed(req), req.query as TDispatchProposalQuery),
  );
}
