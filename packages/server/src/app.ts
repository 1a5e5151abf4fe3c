// Builds the Fastify application from the platform plugins and the business modules.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';
import type { Config } from './config';
import { openDatabase, ping, type Database } from './db';
import { migrateToLatest, pendingMigrations } from './db/migrate';
import { systemClock, type Clock } from './platform/clock';
import type { AppContext } from './platform/context';
import { Dictionaries } from './platform/dictionaries';
import { AppError, fromZod, installErrorHandler, sendProblem } from './platform/errors';
import { FileStore } from './platform/files';
import { Scheduler } from './platform/jobs';
import { Notifier } from './platform/notifications';
import { AuthCache, installAuth } from './platform/auth';
import { bootstrap } from './seed/bootstrap';
import { registerHousekeeping } from './platform/housekeeping';
import { authRoutes } from './modules/auth/routes';
import { platformRoutes } from './modules/platform/routes';
import { adminRoutes } from './modules/admin/routes';
import { customerRoutes } from './modules/customers/routes';
import { importRoutes } from './modules/customers/import-routes';
import { reportRoutes } from './modules/reports/routes';
import { serviceRoutes } from './modules/service/routes';
import { complaintRoutes } from './modules/complaints/routes';

export interface BuildOptions {
  config: Config;
  clock?: Clock;
  database?: Database;
  logger?: boolean;
  /** run migrations and the first-start seed (default true) */
  migrate?: boolean;
}

export interface Kehu {
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

export async function buildApp(opts: BuildOptions): Promise<Kehu> {
  const { config } = opts;
  const clock = opts.clock ?? systemClock;
  const database = opts.database ?? openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize, backgroundCheckpoint: true });
  if (opts.migrate !== false) {
    await migrateToLatest(database.db);
    await bootstrap(database.db, { adminPassword: config.adminPassword });
  }
  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: true,
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { coerceTypes: false } },
  });
  const scheduler = new Scheduler(database.db, clock, app.log);
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    dialect: database.dialect,
    clock,
    dictionaries: new Dictionaries(database.db),
    files: new FileStore(path.join(config.dataDir, 'files')),
    scheduler,
    notifier: new Notifier(database.db, scheduler, { url: config.smtpUrl, from: config.smtpFrom }),
  };

  // zod schemas validate requests; failures become localised problem details
  app.setValidatorCompiler(({ schema, httpPart }) => (data) => {
    const r = (schema as ZodType).safeParse(data);
    if (r.success) return { value: r.data };
    const prefix = httpPart && httpPart !== 'body' ? [httpPart === 'querystring' ? 'query' : httpPart] : [];
    return { error: fromZod(r.error, prefix) as unknown as Error };
  });
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  installErrorHandler(app);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: config.uploadMaxBytes, files: 1 }, throwFileSizeLimit: true });
  await app.register(rateLimit, { global: false, errorResponseBuilder: () => new AppError(429, 'RATE_LIMITED') });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Kehu API', description: '客户管理·售后服务系统 API', version: '1' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'kehu_sid' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerHousekeeping(ctx);

  const authCache = new AuthCache();
  installAuth(app, ctx, authCache);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await ping(ctx.db);
      const pending = await pendingMigrations(ctx.db);
      if (pending > 0) return reply.status(503).send({ status: 'migrating', pending });
      return { status: 'ready', database: ctx.dialect };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  authRoutes(app, ctx, authCache);
  platformRoutes(app, ctx);
  adminRoutes(app, ctx, authCache);
  customerRoutes(app, ctx);
  importRoutes(app, ctx);
  reportRoutes(app, ctx);
  serviceRoutes(app, ctx);
  complaintRoutes(app, ctx);

  // the web app: static files, and index.html for client-side routes; unknown API paths get a problem
  const hasWeb = fs.existsSync(path.join(config.webDist, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: config.webDist, wildcard: false });
  const indexHtml = hasWeb ? fs.readFileSync(path.join(config.webDist, 'index.html')) : null;
  app.setNotFoundHandler((req, reply) => {
    if (indexHtml && req.method === 'GET' && !req.url.startsWith('/api/')) {
      return reply.type('text/html; charset=utf-8').send(indexHtml);
    }
    return sendProblem(reply, req, new AppError(404, 'ROUTE_NOT_FOUND'));
  });

  return {
    app,
    ctx,
    async close() {
      await scheduler.stop();
      await app.close();
      if (!opts.database) await database.close();
    },
  };
}
