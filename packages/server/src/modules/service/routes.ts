// The after-sales service module: every area registers its routes and jobs here.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';

export function serviceRoutes(app: FastifyInstance, ctx: AppContext) {
  void app;
  void ctx;
}
