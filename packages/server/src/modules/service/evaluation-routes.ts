// Supervision and evaluation API (监督与考核): reward and penalty rules (read service:read, write service:rules), the
// points ledger (service:kpi in the service data scope; manual entries service:dispatch), evaluation schemes (read
// service:rules or service:kpi, write service:rules), assessment runs, action items and trend (service:kpi); and
// the daily recomputation of the points.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ZActionListQuery,
  ZActionUpdate,
  ZPointsEntryCreate,
  ZPointsEntryListQuery,
  ZPointsEntryVoid,
  ZPointsMonthQuery,
  ZPointsRecompute,
  ZRewardRuleCreate,
  ZRewardRuleListQuery,
  ZRewardRuleUpdate,
  ZRunCreate,
  ZRunFinalise,
  ZRunListQuery,
  ZRunUpdate,
  ZSchemeUpdate,
  ZVersionBody,
  type TActionListQuery,
  type TActionUpdate,
  type TPointsEntryCreate,
  type TPointsEntryListQuery,
  type TPointsEntryVoid,
  type TPointsMonthQuery,
  type TPointsRecompute,
  type TRewardRuleCreate,
  type TRewardRuleListQuery,
  type TRewardRuleUpdate,
  type TRunCreate,
  type TRunFinalise,
  type TRunListQuery,
  type TRunUpdate,
  type TSchemeUpdate,
} from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { authed } from '../../platform/auth';
import { auditContext } from '../../platform/audit';
import { dailyAt } from '../../platform/jobs';
import {
  addPointsEntry,
  createRewardRule,
  getRewardRule,
  listPointsEntries,
  listRewardRules,
  monthlyPoints,
  monthsToRecompute,
  pointsLedger,
  recomputeMonth,
  updateRewardRule,
  voidPointsEntry,
} from './evaluation-points';
import {
  archiveRun,
  createRun,
  evaluationTrend,
  finaliseRun,
  getRun,
  getScheme,
  listActions,
  listRuns,
  listSchemes,
  newSchemeRevision,
  runEvidence,
  saveScheme,
  updateAction,
  updateRun,
} from './evaluation-service';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;
const BASE = '/api/v1/service';

export const POINTS_JOB = 'service-points-daily';

export function evaluationRoutes(app: FastifyInstance, ctx: AppContext) {
  const actx = (req: FastifyRequest) => auditContext(req, ctx.clock.now());

  // ---------- reward and penalty rules ----------
  const rules = ['service: reward and penalty rules'];
  app.get(`${BASE}/reward-rules`, { schema: { querystring: ZRewardRuleListQuery, tags: rules, summary: '客户服务奖罚规则 (service:read)' } }, async (req) =>
    listRewardRules(ctx, authed(req), req.query as TRewardRuleListQuery),
  );
  app.get(`${BASE}/reward-rules/:id`, { schema: { params: ZId, tags: rules } }, async (req) => getRewardRule(ctx, authed(req), idOf(req)));
  app.post(`${BASE}/reward-rules`, { schema: { body: ZRewardRuleCreate, tags: rules, summary: 'Create a rule (service:rules)' } }, async (req, reply) =>
    reply.status(201).send(await createRewardRule(ctx, authed(req), req.body as TRewardRuleCreate, actx(req))),
  );
  app.patch(`${BASE}/reward-rules/:id`, { schema: { params: ZId, body: ZRewardRuleUpdate, tags: rules, summary: 'Versioned update; active=false retires a rule (service:rules)' } }, async (req) =>
    updateRewardRule(ctx, authed(req), idOf(req), req.body as TRewardRuleUpdate, actx(req)),
  );

  // ---------- points ledger ----------
  const points = ['service: points ledger'];
  app.get(`${BASE}/points`, { schema: { querystring: ZPointsMonthQuery, tags: points, summary: '奖罚积分 of a month: totals per technician and per outlet (service:kpi, data scope)' } }, async (req) =>
    pointsLedger(ctx, authed(req), (req.query as TPointsMonthQuery).month),
  );
  app.get(`${BASE}/points/entries`, { schema: { querystring: ZPointsEntryListQuery, tags: points, summary: 'Entries of a month (service:kpi, data scope)' } }, async (req) =>
    listPointsEntries(ctx, authed(req), req.query as TPointsEntryListQuery),
  );
  app.post(`${BASE}/points/entries`, { schema: { body: ZPointsEntryCreate, tags: points, summary: 'A manual entry with its reason, e.g. 锦旗 +5 (service:dispatch)' } }, async (req, reply) =>
    reply.status(201).send(await addPointsEntry(ctx, authed(req), req.body as TPointsEntryCreate, actx(req))),
  );
  app.post(`${BASE}/points/entries/:id/void`, { schema: { params: ZId, body: ZPointsEntryVoid, tags: points, summary: 'Void a manual entry with a reason (service:dispatch)' } }, async (req) =>
    voidPointsEntry(ctx, authed(req), idOf(req), (req.body as TPointsEntryVoid).reason, actx(req)),
  );
  app.post(`${BASE}/points/recompute`, { schema: { body: ZPointsRecompute, tags: points, summary: 'Recompute the automatic entries of a month now (service:kpi)' } }, async (req) =>
    recomputeMonth(ctx, authed(req), (req.body as TPointsRecompute).month, actx(req)),
  );

  // ---------- evaluation schemes ----------
  const schemes = ['service: evaluation schemes'];
  app.get(`${BASE}/evaluation/schemes`, { schema: { tags: schemes, summary: '评价方案 revisions (service:rules or service:kpi)' } }, async (req) => listSchemes(ctx, authed(req)));
  app.get(`${BASE}/evaluation/schemes/:id`, { schema: { params: ZId, tags: schemes, summary: 'A scheme with its indicator tree' } }, async (req) => getScheme(ctx, authed(req), idOf(req)));
  app.put(
    `${BASE}/evaluation/schemes/:id`,
    { schema: { params: ZId, body: ZSchemeUpdate, tags: schemes, summary: 'Save the tree; a scheme in use by a run is not changed but saved as the next revision (created=true) (service:rules)' } },
    async (req, reply) => {
      const r = await saveScheme(ctx, authed(req), idOf(req), req.body as TSchemeUpdate, actx(req));
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );
  app.post(`${BASE}/evaluation/schemes/:id/revisions`, { schema: { params: ZId, tags: schemes, summary: 'Copy into the next revision (新版本) (service:rules)' } }, async (req, reply) =>
    reply.status(201).send(await newSchemeRevision(ctx, authed(req), idOf(req), actx(req))),
  );

  // ---------- runs ----------
  const runs = ['service: evaluation runs'];
  app.get(`${BASE}/evaluation/runs`, { schema: { querystring: ZRunListQuery, tags: runs, summary: '售后服务评价 runs (service:kpi)' } }, async (req) =>
    listRuns(ctx, authed(req), req.query as TRunListQuery),
  );
  app.post(`${BASE}/evaluation/runs`, { schema: { body: ZRunCreate, tags: runs, summary: 'Start a draft run on a scheme (the current one by default)' } }, async (req, reply) =>
    reply.status(201).send(await createRun(ctx, authed(req), req.body as TRunCreate, actx(req))),
  );
  app.get(`${BASE}/evaluation/runs/:id`, { schema: { params: ZId, tags: runs, summary: 'A run with its scheme, results, specials, score, star level and action items' } }, async (req) =>
    getRun(ctx, authed(req), idOf(req)),
  );
  app.get(`${BASE}/evaluation/runs/:id/evidence`, { schema: { params: ZId, tags: runs, summary: 'Internal records of the run’s period (points ledger, complaints) as evidence' } }, async (req) =>
    runEvidence(ctx, authed(req), idOf(req)),
  );
  app.patch(`${BASE}/evaluation/runs/:id`, { schema: { params: ZId, body: ZRunUpdate, tags: runs, summary: 'Edit a draft: header, results (merged), specials (replaced; at most one bonus)' } }, async (req) =>
    updateRun(ctx, authed(req), idOf(req), req.body as TRunUpdate, actx(req)),
  );
  app.post(`${BASE}/evaluation/runs/:id/finalise`, { schema: { params: ZId, body: ZRunFinalise, tags: runs, summary: 'Finalise (read-only afterwards); opens an action item per shortfall' } }, async (req) =>
    finaliseRun(ctx, authed(req), idOf(req), req.body as TRunFinalise, actx(req)),
  );
  app.post(`${BASE}/evaluation/runs/:id/archive`, { schema: { params: ZId, body: ZVersionBody, tags: runs, summary: 'Discard a draft' } }, async (req) =>
    archiveRun(ctx, authed(req), idOf(req), (req.body as { version: number }).version, actx(req)),
  );
  app.get(`${BASE}/evaluation/actions`, { schema: { querystring: ZActionListQuery, tags: runs, summary: 'Action items (整改项)' } }, async (req) =>
    listActions(ctx, authed(req), req.query as TActionListQuery),
  );
  app.patch(`${BASE}/evaluation/actions/:id`, { schema: { params: ZId, body: ZActionUpdate, tags: runs, summary: 'Owner, due date, state, note of an action item' } }, async (req) =>
    updateAction(ctx, authed(req), idOf(req), req.body as TActionUpdate, actx(req)),
  );
  app.get(`${BASE}/evaluation/trend`, { schema: { tags: runs, summary: 'Scores of the finalised runs in date order' } }, async (req) => evaluationTrend(ctx, authed(req)));

  // ---------- daily recomputation: yesterday's and today's month, 02:30 China time ----------
  ctx.scheduler.every(dailyAt(POINTS_JOB, 18, 30), async (_p, { now }) => {
    for (const month of monthsToRecompute(now, ctx.config.timezone)) await monthlyPoints(ctx, month);
  });
}
