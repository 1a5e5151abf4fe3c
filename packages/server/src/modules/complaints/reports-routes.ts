// /api/v1/complaint-reports: 客户投诉处理日报表 (tool 36) — view, XLSX, regenerate, subscribers and the morning
// job that stores yesterday's report and tells the subscribers —, the complaint analysis, and
// /api/v1/complaints/export.xlsx: 客户投诉管理表 (tool 34).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ZAnalysisQuery, ZComplaintListQuery, ZDailyReportQuery, type TAnalysisQuery, type TComplaintListQuery, type TDailyReport, type TReportSubscriber } from '@kehu/shared';
import { audit, auditContext } from '../../platform/audit';
import { authorize } from '../../platform/auth';
import type { AppContext } from '../../platform/context';
import { forbidden, invalid, requestLang } from '../../platform/errors';
import { dailyAt } from '../../platform/jobs';
import { can, scopeFilter, type Principal } from '../../platform/permissions';
import { loadPrincipal, systemPrincipal } from '../../platform/principal';
import { addDays, localDate } from '../service/local-date';
import { complaintAnalysis } from './report-analysis';
import { computeDailyReport, dailyFigures, dayWindow, storedDailyReport, storeDailyReport, type DayWindow } from './report-daily';
import { exportDaily, exportTracking } from './tracking-export';

const BASE = '/api/v1/complaint-reports';
const tags = ['complaints: reports'];
export const DAILY_REPORT_JOB = 'complaint-daily-report';
/** local time of the morning run: yesterday's report is waiting when the working day starts */
const DAILY_LOCAL_MINUTES = 7 * 60;
const NOTICE_KEY = 'notice.complaint_daily';

const ZSubscribe = z.strictObject({
  /** another user (complaints:rules); oneself when left out */
  userId: z.number().int().positive().optional(),
  email: z.boolean().default(true),
});
const ZUnsubscribe = z.strictObject({ userId: z.coerce.number().int().positive().optional() });

/** A download link cannot set Accept-Language: the sheet's language may come as ?lang= */
const ZLang = z.enum(['zh-CN', 'en-US']).optional();
const ZDailyExportQuery = ZDailyReportQuery.extend({ lang: ZLang });
const ZTrackingExportQuery = ZComplaintListQuery.extend({ lang: ZLang });
const langOf = (req: FastifyRequest) => (req.query as { lang?: 'zh-CN' | 'en-US' }).lang ?? requestLang(req);

const dailyLink = (day: string) => `/complaints/reports/daily?day=${day}`;

function tzOffsetMinutes(timeZone: string, at: Date): number {
  const local = new Date(at.toLocaleString('en-US', { timeZone }));
  const utc = new Date(at.toLocaleString('en-US', { timeZone: 'UTC' }));
  return Math.round((local.getTime() - utc.getTime()) / 60_000);
}

/** The UTC hour and minute of the local morning run (07:00 in Beijing = 23:00 UTC the day before). */
export function dailyRunUtc(timeZone: string, at: Date): { hour: number; minute: number } {
  const m = (((DAILY_LOCAL_MINUTES - tzOffsetMinutes(timeZone, at)) % 1440) + 1440) % 1440;
  return { hour: Math.floor(m / 60), minute: m % 60 };
}

/** The report as the caller may see it: the stored one for a past day when the caller sees every complaint. */
async function dailyForCaller(ctx: AppContext, p: Principal, w: DayWindow): Promise<TDailyReport> {
  if (w.past && scopeFilter(p, 'complaints').kind === 'all') {
    const stored = await storedDailyReport(ctx, w.day);
    if (stored) return stored;
  }
  return computeDailyReport(ctx, p, w, { kind: 'user', userId: p.userId, name: p.displayName });
}

const window = (ctx: AppContext, day: string) => dayWindow(day, ctx.config.timezone, ctx.clock.now());
const reportPrincipal = () => systemPrincipal(['complaints:read', 'complaints:report']);

/**
 * The morning job: yesterday's company-wide report is stored (replacing an earlier one of that day) and every
 * subscriber who may still see the reports gets a notice with the day's figures in their own scope. A notice
 * already sent for that day is not sent again, so a rerun does not repeat it.
 */
export async function runDailyReportJob(ctx: AppContext, now: Date): Promise<TDailyReport> {
  const day = addDays(localDate(now, ctx.config.timezone), -1);
  const w = dayWindow(day, ctx.config.timezone, now);
  const report = await computeDailyReport(ctx, reportPrincipal(), w, { kind: 'system' });
  await storeDailyReport(ctx, report);
  const subscribers = await ctx.db.selectFrom('complaint_report_subscribers').select(['user_id', 'email']).orderBy('user_id').execute();
  for (const s of subscribers) {
    const userId = Number(s.user_id);
    const p = await loadPrincipal(ctx.db, userId, 'token');
    if (!p || !can(p, 'complaints:report')) continue;
    const sent = await ctx.db
      .selectFrom('notifications')
      .select('id')
      .where('user_id', '=', userId)
      .where('created_at', '>=', w.end)
      .where('message_key', '=', NOTICE_KEY)
      .where('link', '=', dailyLink(day))
      .executeTakeFirst();
    if (sent) continue;
    const f = scopeFilter(p, 'complaints').kind === 'all' ? report.summary : await dailyFigures(ctx, p, w);
    await ctx.notifier.notify(
      ctx.db,
      { userId, key: NOTICE_KEY, params: { day, new: f.new, closed: f.closed, open: f.open, overdue: f.overdue }, link: dailyLink(day), email: !!s.email },
      now,
    );
  }
  return report;
}

async function subscriberList(ctx: AppContext, p: Principal): Promise<{ items: TReportSubscriber[]; subscribed: boolean; email: boolean }> {
  let q = ctx.db
    .selectFrom('complaint_report_subscribers as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.user_id', 's.email', 's.created_at', 'u.display_name', 'u.username'])
    .orderBy('s.created_at')
    .orderBy('s.user_id');
  // everybody sees their own subscription; who sets up the complaint rules manages the list
  if (!can(p, 'complaints:rules')) q = q.where('s.user_id', '=', p.userId);
  const rows = await q.execute();
  const items = rows.map((r) => ({ userId: Number(r.user_id), name: r.display_name, username: r.username, email: !!r.email, createdAt: r.created_at }));
  const me = items.find((i) => i.userId === p.userId);
  return { items, subscribed: !!me, email: me?.email ?? false };
}

/** The user a subscription call is about: oneself, or (complaints:rules) anybody who may see the reports. */
async function subscriptionTarget(ctx: AppContext, p: Principal, userId: number | undefined): Promise<number> {
  if (userId === undefined || userId === p.userId) return p.userId;
  if (!can(p, 'complaints:rules')) throw forbidden();
  return userId;
}

export function complaintReportRoutes(app: FastifyInstance, ctx: AppContext) {
  const actx = (req: FastifyRequest) => auditContext(req, ctx.clock.now());
  const run = dailyRunUtc(ctx.config.timezone, ctx.clock.now());
  ctx.scheduler.every(dailyAt(DAILY_REPORT_JOB, run.hour, run.minute), async (_p, { now }) => {
    await runDailyReportJob(ctx, now);
  });

  app.get(`${BASE}/daily`, { schema: { querystring: ZDailyReportQuery, tags, summary: '客户投诉处理日报表 of a local day (complaints:report): stored for a past day, else computed; within the caller\'s scope' } }, async (req) => {
    const p = authorize(req, 'complaints:report');
    return dailyForCaller(ctx, p, window(ctx, (req.query as { day: string }).day));
  });

  app.get(`${BASE}/daily.xlsx`, { schema: { querystring: ZDailyExportQuery, tags, summary: 'The daily report as XLSX (complaints:report); audited as an export' } }, async (req, reply) => {
    const p = authorize(req, 'complaints:report');
    const report = await dailyForCaller(ctx, p, window(ctx, (req.query as { day: string }).day));
    return exportDaily(ctx, report, langOf(req), reply, actx(req));
  });

  app.post(`${BASE}/daily/generate`, { schema: { querystring: ZDailyReportQuery, tags, summary: 'Generate and store the company-wide report of a day that is over again (complaints:report, all complaints in scope)' } }, async (req) => {
    const p = authorize(req, 'complaints:report');
    // the stored copy is the company's record of the day: replaced only by someone who sees every complaint
    if (scopeFilter(p, 'complaints').kind !== 'all') throw forbidden();
    const w = window(ctx, (req.query as { day: string }).day);
    if (!w.past) throw invalid([{ path: 'day', key: 'report_day_not_over' }]);
    const report = await computeDailyReport(ctx, reportPrincipal(), w, { kind: 'user', userId: p.userId, name: p.displayName });
    await storeDailyReport(ctx, report);
    await audit(ctx.db, actx(req), { action: 'generate', entity: 'complaint_daily_report', entityId: w.day, summary: `${w.day}: ${report.summary.lines} lines` });
    return dailyForCaller(ctx, p, w);
  });

  app.get(`${BASE}/subscribers`, { schema: { tags, summary: 'Subscribers of the daily report: all of them for complaints:rules, else one\'s own subscription' } }, async (req) =>
    subscriberList(ctx, authorize(req, 'complaints:report')),
  );

  app.post(`${BASE}/subscribers`, { schema: { body: ZSubscribe, tags, summary: 'Subscribe oneself (complaints:report) or another user (complaints:rules) to the daily report' } }, async (req, reply) => {
    const p = authorize(req, 'complaints:report');
    const body = req.body as z.infer<typeof ZSubscribe>;
    const userId = await subscriptionTarget(ctx, p, body.userId);
    if (userId !== p.userId) {
      const target = await loadPrincipal(ctx.db, userId, 'token');
      if (!target) throw invalid([{ path: 'userId', key: 'unknown_user' }]);
      if (!can(target, 'complaints:report')) throw invalid([{ path: 'userId', key: 'subscriber_cannot_report' }]);
    }
    const email = body.email ? 1 : 0;
    await ctx.db
      .insertInto('complaint_report_subscribers')
      .values({ user_id: userId, email, created_at: ctx.clock.now().toISOString() })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ email }))
      .execute();
    if (userId !== p.userId) await audit(ctx.db, actx(req), { action: 'subscribe', entity: 'complaint_daily_report', entityId: userId, after: { userId, email: body.email } });
    return reply.status(201).send(await subscriberList(ctx, p));
  });

  app.delete(`${BASE}/subscribers`, { schema: { querystring: ZUnsubscribe, tags, summary: 'Unsubscribe oneself, or (complaints:rules) another user' } }, async (req, reply) => {
    const p = authorize(req, 'complaints:report');
    const userId = await subscriptionTarget(ctx, p, (req.query as z.infer<typeof ZUnsubscribe>).userId);
    const r = await ctx.db.deleteFrom('complaint_report_subscribers').where('user_id', '=', userId).executeTakeFirst();
    if (userId !== p.userId && Number(r.numDeletedRows) > 0) await audit(ctx.db, actx(req), { action: 'unsubscribe', entity: 'complaint_daily_report', entityId: userId });
    return reply.status(204).send();
  });

  app.get(`${BASE}/analysis`, { schema: { querystring: ZAnalysisQuery, tags, summary: 'Pareto of categories and causes, trend, breakdown and handling KPIs of the complaints received in a period (complaints:report)' } }, async (req) =>
    complaintAnalysis(ctx, authorize(req, 'complaints:report'), req.query as TAnalysisQuery),
  );

  app.get('/api/v1/complaints/export.xlsx', { schema: { querystring: ZTrackingExportQuery, tags, summary: '客户投诉管理表 (tool 34): the filtered list as XLSX (complaints:report), at most 50,000 rows; audited' } }, async (req, reply) =>
    exportTracking(ctx, authorize(req, 'complaints:report'), req.query as TComplaintListQuery, langOf(req), reply, actx(req)),
  );
}
