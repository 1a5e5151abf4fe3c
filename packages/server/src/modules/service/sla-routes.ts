// SLA API: the rule table, the business calendar (holidays, 调休, working periods, deadline preview), the SLA
// board; and the scan job. Read: service:read. Write: service:rules.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ZCalendarYear,
  ZCalendarYearPut,
  ZDeadlinePreviewQuery,
  ZSlaBoardQuery,
  ZSlaRuleCreate,
  ZSlaRuleListQuery,
  ZSlaRuleUpdate,
  ZVersionBody,
  ZWorkPeriodsPut,
  type TCalendarYearPut,
  type TDeadlinePreviewQuery,
  type TSlaBoardQuery,
  type TSlaRuleCreate,
  type TSlaRuleListQuery,
  type TSlaRuleUpdate,
  type TWorkPeriodsPut,
} from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { authed } from '../../platform/auth';
import { auditContext } from '../../platform/audit';
import { everyMinutes } from '../../platform/jobs';
import { createSlaRule, getSlaRule, listSlaRules, setSlaRuleArchived, updateSlaRule } from './sla';
import { getCalendarYear, getWorkPeriods, previewDeadline, putCalendarYear, putWorkPeriods } from './sla-calendar';
import { scanSla, slaBoard } from './sla-scan';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const ZYear = z.object({ year: ZCalendarYear });
const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;
const versionOf = (req: FastifyRequest) => (req.body as { version: number }).version;

export const SLA_SCAN_JOB = 'service-sla-scan';

export function slaRoutes(app: FastifyInstance, ctx: AppContext) {
  const actx = (req: FastifyRequest) => auditContext(req, ctx.clock.now());

  // ---------- rules ----------
  const rules = ['service: SLA rules'];
  app.get('/api/v1/service/sla-rules', { schema: { querystring: ZSlaRuleListQuery, tags: rules, summary: '时限规则 (service:read)' } }, async (req) =>
    listSlaRules(ctx, authed(req), req.query as TSlaRuleListQuery),
  );
  app.get('/api/v1/service/sla-rules/:id', { schema: { params: ZId, tags: rules } }, async (req) => getSlaRule(ctx, authed(req), idOf(req)));
  app.post('/api/v1/service/sla-rules', { schema: { body: ZSlaRuleCreate, tags: rules, summary: "Create a rule ('*' = any; service:rules)" } }, async (req, reply) =>
    reply.status(201).send(await createSlaRule(ctx, authed(req), req.body as TSlaRuleCreate, actx(req))),
  );
  app.patch('/api/v1/service/sla-rules/:id', { schema: { params: ZId, body: ZSlaRuleUpdate, tags: rules, summary: 'Versioned update (service:rules)' } }, async (req) =>
    updateSlaRule(ctx, authed(req), idOf(req), req.body as TSlaRuleUpdate, actx(req)),
  );
  app.post('/api/v1/service/sla-rules/:id/archive', { schema: { params: ZId, body: ZVersionBody, tags: rules } }, async (req) =>
    setSlaRuleArchived(ctx, authed(req), idOf(req), true, versionOf(req), actx(req)),
  );
  app.post('/api/v1/service/sla-rules/:id/restore', { schema: { params: ZId, body: ZVersionBody, tags: rules } }, async (req) =>
    setSlaRuleArchived(ctx, authed(req), idOf(req), false, versionOf(req), actx(req)),
  );

  // ---------- business calendar ----------
  const calendar = ['service: business calendar'];
  app.get('/api/v1/service/calendar/years/:year', { schema: { params: ZYear, tags: calendar, summary: 'Holidays and 调休 make-up days of a year' } }, async (req) =>
    getCalendarYear(ctx, authed(req), (req.params as { year: number }).year),
  );
  app.put(
    '/api/v1/service/calendar/years/:year',
    { schema: { params: ZYear, body: ZCalendarYearPut, tags: calendar, summary: 'Replace the exceptions of a year (etag from the GET; service:rules)' } },
    async (req) => putCalendarYear(ctx, authed(req), (req.params as { year: number }).year, req.body as TCalendarYearPut, actx(req)),
  );
  app.get('/api/v1/service/calendar/periods', { schema: { tags: calendar, summary: 'Working periods of a working day' } }, async (req) =>
    getWorkPeriods(ctx, authed(req)),
  );
  app.put('/api/v1/service/calendar/periods', { schema: { body: ZWorkPeriodsPut, tags: calendar, summary: 'Set the working periods (service:rules)' } }, async (req) =>
    putWorkPeriods(ctx, authed(req), req.body as TWorkPeriodsPut, actx(req)),
  );
  app.get(
    '/api/v1/service/calendar/preview',
    { schema: { querystring: ZDeadlinePreviewQuery, tags: calendar, summary: 'When a target of N minutes started at `start` falls due' } },
    async (req) => previewDeadline(ctx, authed(req), req.query as TDeadlinePreviewQuery),
  );

  // ---------- board ----------
  app.get('/api/v1/service/sla/board', { schema: { querystring: ZSlaBoardQuery, tags: ['service: SLA board'], summary: 'SLA 看板 (in the service data scope)' } }, async (req) =>
    slaBoard(ctx, authed(req), req.query as TSlaBoardQuery),
  );

  // ---------- scan job ----------
  ctx.scheduler.every(everyMinutes(SLA_SCAN_JOB, 1), async (_p, { now }) => {
    await scanSla(ctx, now);
  });
}
