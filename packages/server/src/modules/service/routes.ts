// The after-sales service module: every area registers its routes and jobs here.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { slaRoutes } from './sla-routes';
import { networkRoutes } from './network-routes';
import { catalogueRoutes } from './catalogue-routes';
import { orderRoutes } from './orders-routes';
import { partsRoutes } from './parts-routes';
import { agreementRoutes } from './agreements-routes';
import { proactiveServiceJobs } from './proactive-jobs';
import { returnRoutes } from './returns-routes';
import { feeRoutes } from './fees-routes';
import { evaluationRoutes } from './evaluation-routes';

export function serviceRoutes(app: FastifyInstance, ctx: AppContext) {
  slaRoutes(app, ctx);
  networkRoutes(app, ctx);
  catalogueRoutes(app, ctx);
  orderRoutes(app, ctx);
  partsRoutes(app, ctx);
  agreementRoutes(app, ctx);
  proactiveServiceJobs(ctx);
  returnRoutes(app, ctx);
  feeRoutes(app, ctx);
  evaluationRoutes(app, ctx);
}
