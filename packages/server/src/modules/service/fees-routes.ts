// Fee-schedule API (收费标准): read with service:read, replace with service:rules.
import type { FastifyInstance } from 'fastify';
import { ZServiceFeesPut, type TServiceFeesPut } from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { authed } from '../../platform/auth';
import { auditContext } from '../../platform/audit';
import { getServiceFees, putServiceFees } from './fees-service';

export function feeRoutes(app: FastifyInstance, ctx: AppContext) {
  const tags = ['service: fee schedule'];
  app.get('/api/v1/service/fees', { schema: { tags, summary: 'The whole fee schedule: labour by service type, call-out by region type, in fen (service:read)' } }, async (req) =>
    getServiceFees(ctx, authed(req)),
  );
  app.put(
    '/api/v1/service/fees',
    { schema: { body: ZServiceFeesPut, tags, summary: 'Replace the fee schedule (etag from the GET; null or absent = not charged; service:rules)' } },
    async (req) => putServiceFees(ctx, authed(req), req.body as TServiceFeesPut, auditContext(req, ctx.clock.now())),
  );
}
