// The public complaint page's API (no sign-in, rate-limited per address): the human check, the complaint, and the
// customer's tracking link with its confirmation.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ZPublicComplaint, ZPublicConfirm, type TPublicComplaint, type TPublicConfirm } from '@kehu/shared';
import { auditContext } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { withIdempotency } from '../../platform/idempotency';
import { confirmByToken, newChallenge, publicCategories, submitPublicComplaint, viewByToken } from './portal-service';

const ZToken = z.object({ token: z.string().max(100) });
const tokenOf = (req: FastifyRequest) => (req.params as { token: string }).token;
const tags = ['complaints: public page'];

export function portalRoutes(app: FastifyInstance, ctx: AppContext) {
  const actx = (req: FastifyRequest) => auditContext(req, ctx.clock.now());
  // reading is cheap; writing is limited tightly (PUBLIC_COMPLAINT_RATE_LIMIT per 10 minutes)
  const reads = { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } };
  const writes = { config: { rateLimit: { max: ctx.config.publicComplaintRateLimit, timeWindow: '10 minutes' } } };

  app.get('/api/v1/public/complaint-challenge', { ...reads, schema: { tags, summary: 'A small arithmetic question to answer with the complaint (no sign-in)' } }, async () =>
    newChallenge(ctx),
  );

  app.get('/api/v1/public/complaint-categories', { ...reads, schema: { tags, summary: 'The complaint categories the public form offers' } }, async () =>
    publicCategories(ctx),
  );

  app.post(
    '/api/v1/public/complaints',
    { ...writes, schema: { body: ZPublicComplaint, tags, summary: 'A customer’s complaint from the public page (no sign-in; Idempotency-Key accepted)' } },
    async (req, reply) =>
      withIdempotency(ctx, req, reply, async () => ({ status: 201, body: await submitPublicComplaint(ctx, req.body as TPublicComplaint, actx(req)) })),
  );

  app.get('/api/v1/public/complaints/:token', { ...reads, schema: { params: ZToken, tags, summary: 'The customer’s view of a complaint behind its tracking link' } }, async (req) =>
    viewByToken(ctx, tokenOf(req)),
  );

  app.post(
    '/api/v1/public/complaints/:token/confirm',
    { ...writes, schema: { params: ZToken, body: ZPublicConfirm, tags, summary: 'The customer confirms the resolution, or says it is not solved (reopens)' } },
    async (req, reply) =>
      withIdempotency(ctx, req, reply, async () => ({ status: 200, body: await confirmByToken(ctx, tokenOf(req), req.body as TPublicConfirm, actx(req)) })),
  );
}
