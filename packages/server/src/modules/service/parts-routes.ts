// Spare-parts API: catalogue, stock per outlet (receive, transfer), parts on service orders, consumption report.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ZOrderPartAdd,
  ZOrderPartReturn,
  ZPartCreate,
  ZPartListQuery,
  ZPartUpdate,
  ZPartsReportQuery,
  ZStockListQuery,
  ZStockReceive,
  ZStockTransfer,
  type TOrderPartAdd,
  type TPartCreate,
  type TPartListQuery,
  type TPartUpdate,
  type TPartsReportQuery,
  type TStockListQuery,
  type TStockReceive,
  type TStockTransfer,
} from '@kehu/shared';
import { auditContext } from '../../platform/audit';
import { authed } from '../../platform/auth';
import type { AppContext } from '../../platform/context';
import * as svc from './parts-service';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const ZItem = z.object({ id: z.coerce.number().int().positive(), itemId: z.coerce.number().int().positive() });
const ZVersion = z.strictObject({ version: z.number().int().min(1) });
const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;
const itemOf = (req: FastifyRequest) => (req.params as { itemId: number }).itemId;

export function partsRoutes(app: FastifyInstance, ctx: AppContext) {
  const actx = (req: FastifyRequest) => auditContext(req, ctx.clock.now());
  const tags = ['service: parts'];

  // ---------- catalogue (read: service:read; write: service:catalogue) ----------
  app.get('/api/v1/service/parts', { schema: { querystring: ZPartListQuery, tags, summary: '配件目录 (q: code or name; outletId adds the free stock there)' } }, async (req) =>
    svc.listParts(ctx, authed(req), req.query as TPartListQuery),
  );

  app.get('/api/v1/service/parts/report', { schema: { querystring: ZPartsReportQuery, tags, summary: 'Consumption per part and fill rate (service:parts or service:kpi)' } }, async (req) =>
    svc.partsReport(ctx, authed(req), req.query as TPartsReportQuery),
  );

  app.get('/api/v1/service/parts/:id', { schema: { params: ZId, tags } }, async (req) => svc.getPart(ctx, authed(req), idOf(req)));

  app.post('/api/v1/service/parts', { schema: { body: ZPartCreate, tags } }, async (req, reply) =>
    reply.status(201).send(await svc.createPart(ctx, authed(req), req.body as TPartCreate, actx(req))),
  );

  app.patch('/api/v1/service/parts/:id', { schema: { params: ZId, body: ZPartUpdate, tags } }, async (req) =>
    svc.updatePart(ctx, authed(req), idOf(req), req.body as TPartUpdate, actx(req)),
  );

  app.post('/api/v1/service/parts/:id/archive', { schema: { params: ZId, body: ZVersion, tags } }, async (req) =>
    svc.setPartArchived(ctx, authed(req), idOf(req), true, (req.body as { version: number }).version, actx(req)),
  );

  app.post('/api/v1/service/parts/:id/restore', { schema: { params: ZId, body: ZVersion, tags } }, async (req) =>
    svc.setPartArchived(ctx, authed(req), idOf(req), false, (req.body as { version: number }).version, actx(req)),
  );

  // ---------- stock (read: service:read; moves: service:parts) ----------
  app.get('/api/v1/service/stock', { schema: { querystring: ZStockListQuery, tags, summary: 'Stock per outlet and part; low=true for rows below the minimum' } }, async (req) =>
    svc.listStock(ctx, authed(req), req.query as TStockListQuery),
  );

  app.post('/api/v1/service/stock/receive', { schema: { body: ZStockReceive, tags, summary: 'Goods received into an outlet warehouse' } }, async (req) =>
    svc.receive(ctx, authed(req), req.body as TStockReceive, actx(req)),
  );

  app.post('/api/v1/service/stock/transfer', { schema: { body: ZStockTransfer, tags, summary: 'Move free stock between outlet warehouses' } }, async (req) =>
    svc.transfer(ctx, authed(req), req.body as TStockTransfer, actx(req)),
  );

  // ---------- parts on a service order (the order's technician with service:work, or service:dispatch) ----------
  app.get('/api/v1/service/orders/:id/items', { schema: { params: ZId, tags, summary: 'The order’s part, labour and other lines with its fees' } }, async (req) =>
    svc.orderItems(ctx, authed(req), idOf(req)),
  );

  app.post('/api/v1/service/orders/:id/parts', { schema: { params: ZId, body: ZOrderPartAdd, tags, summary: 'Issue (or reserve) a part from the order’s outlet; 409 PART_OUT_OF_STOCK with {available}' } }, async (req, reply) =>
    reply.status(201).send(await svc.addOrderPart(ctx, authed(req), idOf(req), req.body as TOrderPartAdd, actx(req))),
  );

  app.post('/api/v1/service/orders/:id/parts/:itemId/return', { schema: { params: ZItem, body: ZOrderPartReturn, tags, summary: 'Return unused parts of an issued line to stock' } }, async (req) =>
    svc.returnOrderPart(ctx, authed(req), idOf(req), itemOf(req), (req.body as { qty: number }).qty, actx(req)),
  );

  app.post('/api/v1/service/orders/:id/parts/:itemId/issue', { schema: { params: ZItem, tags, summary: 'Issue a reserved line' } }, async (req) =>
    svc.issueReservedPart(ctx, authed(req), idOf(req), itemOf(req), actx(req)),
  );

  app.post('/api/v1/service/orders/:id/parts/:itemId/release', { schema: { params: ZItem, tags, summary: 'Release a reserved line back to free stock' } }, async (req) =>
    svc.releaseReservedPart(ctx, authed(req), idOf(req), itemOf(req), actx(req)),
  );
}
