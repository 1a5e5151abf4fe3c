// Complaint handling and claims: every area registers its routes and jobs here.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { complaintCoreRoutes } from './core-routes';
import { complaintJobs } from './scan';
import { claimRoutes } from './claims-routes';
import { complaintSettingsRoutes } from './settings-routes';
import { portalRoutes } from './portal-routes';
import { complaintReportRoutes } from './reports-routes';

export function complaintRoutes(app: FastifyInstance, ctx: AppContext) {
  complaintCoreRoutes(app, ctx);
  complaintJobs(ctx);
  claimRoutes(app, ctx);
  complaintSettingsRoutes(app, ctx);
  portalRoutes(app, ctx);
  complaintReportRoutes(app, ctx);
}
