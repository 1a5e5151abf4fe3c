// /api/v1/customers: the customer file (客户档案) over HTTP. Parse, authorise, call the service.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ZAddressInput,
  ZAddressUpdate,
  ZContactInput,
  ZContactUpdate,
  ZCustomerCreate,
  ZCustomerExportQuery,
  ZCustomerListQuery,
  ZCustomerUpdate,
  ZGradeChange,
  ZMergeRequest,
  ZNoteCreate,
  ZPageQuery,
  ZTimelineQuery,
  type TCustomerExportQuery,
  type TCustomerListQuery,
} from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { authed } from '../../platform/auth';
import { requestLang } from '../../platform/errors';
import { auditContext } from '../../platform/audit';
import { listEvents } from '../../platform/timeline';
import { requirePermission } from '../../platform/permissions';
import * as svc from './service';
import { exportCustomers } from './export';
import { attachmentRoutes } from './attachments';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const ZChildId = z.object({ id: z.coerce.number().int().positive(), childId: z.coerce.number().int().positive() });
const ZVersion = z.strictObject({ version: z.number().int().min(1) });
const ZReveal = z.object({ reveal: z.enum(['true', 'false']).default('false') });
const ZDupProbe = z.strictObject({
  name: z.string().trim().min(1).max(100),
  creditCode: z.string().trim().max(18).optional().nullable(),
  phone: z.string().trim().max(40).optional().nullable(),
  excludeId: z.number().int().positive().optional(),
});
const ZPurge = z.strictObject({ reason: z.string().trim().min(1).max(500) });

const tags = ['customers'];

export function customerRoutes(app: FastifyInstance, ctx: AppContext) {
  const actx = (req: Parameters<typeof auditContext>[0]) => auditContext(req, ctx.clock.now());

  app.get('/api/v1/customers', { schema: { querystring: ZCustomerListQuery, tags, summary: '客户列表 / search (q: name, pinyin, initials, phone, code)' } }, async (req) =>
    svc.listCustomers(ctx, authed(req), req.query as TCustomerListQuery),
  );

  app.post('/api/v1/customers', { schema: { body: ZCustomerCreate, tags, summary: 'Create a customer (409 CUSTOMER_DUPLICATE lists look-alikes)' } }, async (req, reply) => {
    const out = await svc.createCustomer(ctx, authed(req), req.body as z.infer<typeof ZCustomerCreate>, actx(req));
    return reply.status(201).send(out);
  });

  app.post('/api/v1/customers/duplicates', { schema: { body: ZDupProbe, tags, summary: 'Look-alike customers by credit code, phone or name' } }, async (req) => {
    const p = authed(req);
    requirePermission(p, 'customers:read');
    const b = req.body as z.infer<typeof ZDupProbe>;
    return { items: await svc.findDuplicates(ctx.db, b, b.excludeId) };
  });

  app.get('/api/v1/customers/export.xlsx', { schema: { querystring: ZCustomerExportQuery, tags, summary: 'Export the filtered list (streamed XLSX)' } }, async (req, reply) => {
    const query = req.query as TCustomerExportQuery;
    return exportCustomers(ctx, authed(req), query, query.lang ?? requestLang(req), reply, actx(req));
  });

  app.get('/api/v1/customers/:id', { schema: { params: ZId, querystring: ZReveal, tags } }, async (req) => {
    const { id } = req.params as { id: number };
    const { reveal } = req.query as { reveal: 'true' | 'false' };
    return svc.getCustomer(ctx, authed(req), id, { reveal: reveal === 'true' }, actx(req));
  });

  app.patch('/api/v1/customers/:id', { schema: { params: ZId, body: ZCustomerUpdate, tags } }, async (req) => {
    const { id } = req.params as { id: number };
    return svc.updateCustomer(ctx, authed(req), id, req.body as z.infer<typeof ZCustomerUpdate>, actx(req));
  });

  app.post('/api/v1/customers/:id/grade', { schema: { params: ZId, body: ZGradeChange, tags, summary: 'Change the grade (客户等级) with reason' } }, async (req) => {
    const { id } = req.params as { id: number };
    return svc.changeGrade(ctx, authed(req), id, req.body as z.infer<typeof ZGradeChange>, actx(req));
  });

  app.get('/api/v1/customers/:id/grade-history', { schema: { params: ZId, tags } }, async (req) => {
    const { id } = req.params as { id: number };
    return { items: await svc.gradeHistory(ctx, authed(req), id) };
  });

  app.post('/api/v1/customers/:id/archive', { schema: { params: ZId, body: ZVersion, tags } }, async (req) => {
    const { id } = req.params as { id: number };
    return svc.setArchived(ctx, authed(req), id, true, (req.body as { version: number }).version, actx(req));
  });

  app.post('/api/v1/customers/:id/restore', { schema: { params: ZId, body: ZVersion, tags } }, async (req) => {
    const { id } = req.params as { id: number };
    return svc.setArchived(ctx, authed(req), id, false, (req.body as { version: number }).version, actx(req));
  });

  app.post('/api/v1/customers/:id/merge', { schema: { params: ZId, body: ZMergeRequest, tags, summary: 'Merge another customer into this one' } }, async (req) => {
    const { id } = req.params as { id: number };
    const b = req.body as z.infer<typeof ZMergeRequest>;
    return svc.mergeCustomers(ctx, authed(req), id, b.sourceId, b.version, actx(req));
  });

  app.post('/api/v1/customers/:id/purge', { schema: { params: ZId, body: ZPurge, tags, summary: 'Erase personal data (个人信息保护法 deletion request)' } }, async (req) => {
    const { id } = req.params as { id: number };
    return svc.purgeCustomer(ctx, authed(req), id, (req.body as { reason: string }).reason, actx(req));
  });

  app.get('/api/v1/customers/:id/timeline', { schema: { params: ZId, querystring: ZTimelineQuery, tags, summary: 'Events, newest first; `type` keeps one kind (e.g. note)' } }, async (req) => {
    const p = authed(req);
    requirePermission(p, 'customers:read');
    const { id } = req.params as { id: number };
    await svc.loadInScope(ctx.db, p, id);
    const { page, pageSize, type } = req.query as { page: number; pageSize: number; type?: string };
    return listEvents(ctx.db, id, page, pageSize, type);
  });

  app.post('/api/v1/customers/:id/notes', { schema: { params: ZId, body: ZNoteCreate, tags } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    await svc.addNote(ctx, authed(req), id, (req.body as { body: string }).body, actx(req));
    return reply.status(201).send({ ok: true });
  });

  app.post('/api/v1/customers/:id/contacts', { schema: { params: ZId, body: ZContactInput, tags } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    return reply.status(201).send(await svc.addContact(ctx, authed(req), id, req.body as z.infer<typeof ZContactInput>, actx(req)));
  });

  app.patch('/api/v1/customers/:id/contacts/:childId', { schema: { params: ZChildId, body: ZContactUpdate, tags } }, async (req) => {
    const { id, childId } = req.params as { id: number; childId: number };
    return svc.updateContact(ctx, authed(req), id, childId, req.body as z.infer<typeof ZContactUpdate>, actx(req));
  });

  app.post('/api/v1/customers/:id/contacts/:childId/archive', { schema: { params: ZChildId, body: ZVersion, tags } }, async (req, reply) => {
    const { id, childId } = req.params as { id: number; childId: number };
    await svc.archiveChild(ctx, authed(req), 'contacts', id, childId, (req.body as { version: number }).version, actx(req));
    return reply.status(204).send();
  });

  app.post('/api/v1/customers/:id/addresses', { schema: { params: ZId, body: ZAddressInput, tags } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    return reply.status(201).send(await svc.addAddress(ctx, authed(req), id, req.body as z.infer<typeof ZAddressInput>, actx(req)));
  });

  app.patch('/api/v1/customers/:id/addresses/:childId', { schema: { params: ZChildId, body: ZAddressUpdate, tags } }, async (req) => {
    const { id, childId } = req.params as { id: number; childId: number };
    return svc.updateAddress(ctx, authed(req), id, childId, req.body as z.infer<typeof ZAddressUpdate>, actx(req));
  });

  app.post('/api/v1/customers/:id/addresses/:childId/archive', { schema: { params: ZChildId, body: ZVersion, tags } }, async (req, reply) => {
    const { id, childId } = req.params as { id: number; childId: number };
    await svc.archiveChild(ctx, authed(req), 'addresses', id, childId, (req.body as { version: number }).version, actx(req));
    return reply.status(204).send();
  });

  attachmentRoutes(app, ctx);
}
