// Complaint API: intake (Idempotency-Key honoured), the tracking table, the record, transitions, replies,
// corrective / preventive actions, the customer's tracking link.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ZComplaintCreate,
  ZComplaintListQuery,
  ZComplaintReply,
  ZComplaintTransition,
  ZComplaintUpdate,
  ZCorrectiveCreate,
  ZCorrectiveUpdate,
  type TComplaintCreate,
  type TComplaintListQuery,
  type TComplaintReply,
  type TComplaintTransition,
  type TComplaintUpdate,
  type TCorrectiveCreate,
  type TCorrectiveUpdate,
} from '@kehu/shared';
import { auditContext } from '../../platform/audit';
import { authed } from '../../platform/auth';
import type { AppContext } from '../../platform/context';
import { withIdempotency } from '../../platform/idempotency';
import {
  addCorrective,
  createComplaint,
  getComplaint,
  listComplaints,
  replyToCustomer,
  trackingLink,
  transition,
  updateComplaint,
  updateCorrective,
} from './complaints-service';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const ZActionId = z.object({ id: z.coerce.number().int().positive(), actionId: z.coerce.number().int().positive() });
const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;
const tags = ['complaints'];

export function complaintCoreRoutes(app: FastifyInstance, ctx: AppContext) {
  const actx = (req: FastifyRequest) => auditContext(req, ctx.clock.now());

  app.post(
    '/api/v1/complaints',
    { schema: { body: ZComplaintCreate, tags, summary: 'Take a complaint (受理); Idempotency-Key makes a retry safe' } },
    async (req, reply) =>
      withIdempotency(ctx, req, reply, async () => {
        const p = authed(req);
        const body = req.body as TComplaintCreate;
        // an integration's complaint is marked as such, whatever channel it names
        const created = await createComplaint(ctx, p, body, actx(req), p.via === 'token' ? { sourceType: 'api' } : {});
        return { status: 201, body: await getComplaint(ctx, p, created.id) };
      }),
  );

  app.get('/api/v1/complaints', { schema: { querystring: ZComplaintListQuery, tags, summary: '客户投诉管理表: complaints in the caller’s scope; state=open for the open ones, VIP and severe first' } }, async (req) =>
    listComplaints(ctx, authed(req), req.query as TComplaintListQuery),
  );

  app.get('/api/v1/complaints/:id', { schema: { params: ZId, tags, summary: '客户投诉记录表: the record with its history, actions, claims and what the caller may do' } }, async (req) =>
    getComplaint(ctx, authed(req), idOf(req)),
  );

  app.patch('/api/v1/complaints/:id', { schema: { params: ZId, body: ZComplaintUpdate, tags, summary: 'Correct details of an open complaint (version required)' } }, async (req) =>
    updateComplaint(ctx, authed(req), idOf(req), req.body as TComplaintUpdate, actx(req)),
  );

  app.post('/api/v1/complaints/:id/transitions', { schema: { params: ZId, body: ZComplaintTransition, tags, summary: 'One step of the life cycle (classify, assign, accept, propose, resolve, confirm, visit, close, reopen, escalate …)' } }, async (req) =>
    transition(ctx, authed(req), idOf(req), req.body as TComplaintTransition, actx(req)),
  );

  app.post('/api/v1/complaints/:id/replies', { schema: { params: ZId, body: ZComplaintReply, tags, summary: 'Reply to the customer (from a template or free text; e-mailed on request)' } }, async (req) =>
    replyToCustomer(ctx, authed(req), idOf(req), req.body as TComplaintReply, actx(req)),
  );

  app.post('/api/v1/complaints/:id/link', { schema: { params: ZId, tags, summary: 'A fresh private tracking link for the customer' } }, async (req) =>
    trackingLink(ctx, authed(req), idOf(req), actx(req)),
  );

  app.post('/api/v1/complaints/:id/corrective-actions', { schema: { params: ZId, body: ZCorrectiveCreate, tags, summary: 'Add a corrective or preventive action (纠正/预防措施)' } }, async (req, reply) =>
    reply.status(201).send(await addCorrective(ctx, authed(req), idOf(req), req.body as TCorrectiveCreate, actx(req))),
  );

  app.patch('/api/v1/complaints/:id/corrective-actions/:actionId', { schema: { params: ZActionId, body: ZCorrectiveUpdate, tags, summary: 'Update a corrective or preventive action (done, verification)' } }, async (req) => {
    const { id, actionId } = req.params as { id: number; actionId: number };
    return updateCorrective(ctx, authed(req), id, actionId, req.body as TCorrectiveUpdate, actx(req));
  });
}
