// 客户投诉管理表 (tool 34) as a streamed XLSX of the filtered complaint list, in the reader's language; and the
// daily report (tool 36) as XLSX. Both are audited as exports. Labels of states, severities and confirmations
// live here for the sheets (the web app has its own in the i18n files).
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Lang, TComplaintListQuery, TDailyLine, TDailyReport } from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { searchCondition } from '../../db/search';
import { audit, type AuditContext } from '../../platform/audit';
import { invalid } from '../../platform/errors';
import { requirePermission, scopeFilter, type Principal } from '../../platform/permissions';
import { queryTerms } from '../../platform/search-text';
import { XlsxWriter, type XlsxCell } from '../../platform/xlsx-writer';
import { localDayStart } from '../admin/calc';
import { addDays, isCalendarDate } from '../service/local-date';
import { isComplaintSql, openSql, overdueSql, scopeSql } from './report-daily';

type L = Record<Lang, string>;

export const STATE_LABELS: Record<string, L> = {
  draft: { 'zh-CN': '草稿', 'en-US': 'Draft' },
  received: { 'zh-CN': '已受理', 'en-US': 'Received' },
  classified: { 'zh-CN': '已分类分级', 'en-US': 'Classified' },
  assigned: { 'zh-CN': '已分派', 'en-US': 'Assigned' },
  investigating: { 'zh-CN': '调查处理中', 'en-US': 'Investigating' },
  solution_proposed: { 'zh-CN': '方案待客户确认', 'en-US': 'Solution proposed' },
  resolving: { 'zh-CN': '方案执行中', 'en-US': 'Resolving' },
  resolved: { 'zh-CN': '已解决', 'en-US': 'Resolved' },
  confirmed: { 'zh-CN': '客户已确认', 'en-US': 'Confirmed' },
  invalid: { 'zh-CN': '无效投诉', 'en-US': 'Invalid' },
  return_visited: { 'zh-CN': '已回访', 'en-US': 'Return-visited' },
  closed: { 'zh-CN': '已结案', 'en-US': 'Closed' },
  dismissed: { 'zh-CN': '已驳回', 'en-US': 'Dismissed' },
};
export const SEVERITY_LABELS: Record<string, L> = {
  minor: { 'zh-CN': '一般', 'en-US': 'Minor' },
  major: { 'zh-CN': '重要', 'en-US': 'Major' },
  critical: { 'zh-CN': '重大', 'en-US': 'Critical' },
};
const CONFIRMATION_LABELS: Record<string, L> = {
  satisfied: { 'zh-CN': '满意', 'en-US': 'Satisfied' },
  basic: { 'zh-CN': '基本满意', 'en-US': 'Fairly satisfied' },
  dissatisfied: { 'zh-CN': '不满意', 'en-US': 'Dissatisfied' },
};
/** the events of the day's handling (当日处理措施); unknown ones show their code */
export const ACTION_LABELS: Record<string, L> = {
  create: { 'zh-CN': '受理登记', 'en-US': 'Received' },
  open: { 'zh-CN': '受理', 'en-US': 'Taken in' },
  dismiss: { 'zh-CN': '撤销', 'en-US': 'Dismissed' },
  classify: { 'zh-CN': '分类分级', 'en-US': 'Classified' },
  assign: { 'zh-CN': '分派', 'en-US': 'Assigned' },
  accept: { 'zh-CN': '接手调查', 'en-US': 'Investigation started' },
  invalidate: { 'zh-CN': '判定无效', 'en-US': 'Judged invalid' },
  propose: { 'zh-CN': '提出方案', 'en-US': 'Solution proposed' },
  accept_solution: { 'zh-CN': '客户接受方案', 'en-US': 'Solution accepted' },
  reject_solution: { 'zh-CN': '客户拒绝方案', 'en-US': 'Solution rejected' },
  resolve: { 'zh-CN': '已解决', 'en-US': 'Resolved' },
  confirm: { 'zh-CN': '客户确认', 'en-US': 'Confirmed' },
  visit: { 'zh-CN': '回访', 'en-US': 'Return visit' },
  close: { 'zh-CN': '结案', 'en-US': 'Closed' },
  reopen: { 'zh-CN': '重开', 'en-US': 'Reopened' },
  escalate: { 'zh-CN': '升级', 'en-US': 'Escalated' },
  reply: { 'zh-CN': '答复客户', 'en-US': 'Replied' },
  update: { 'zh-CN': '修改', 'en-US': 'Updated' },
  note: { 'zh-CN': '备注', 'en-US': 'Note' },
};
const label = (m: Record<string, L>, v: string | null | undefined, lang: Lang) => (v ? (m[v]?.[lang] ?? v) : '');

function localParts(iso: string, timeZone: string): string {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
const formats = new Map<string, Intl.DateTimeFormat>();
/** 'YYYY-MM-DD HH:mm' in the company's time zone */
export const localDateTime = (iso: string | null | undefined, tz: string) => (iso ? localParts(iso, tz) : '');
const localDay = (iso: string | null | undefined, tz: string) => (iso ? localParts(iso, tz).slice(0, 10) : '');

// ---------------------------------------------------------------- 客户投诉管理表 (tool 34)

export const EXPORT_CAP = 50_000;
const BATCH = 1000;

export const TRACKING_COLUMNS: { header: L; width: number }[] = [
  { header: { 'zh-CN': '投诉编号', 'en-US': 'Complaint no.' }, width: 18 },
  { header: { 'zh-CN': '受理日期', 'en-US': 'Received' }, width: 12 },
  { header: { 'zh-CN': '客户', 'en-US': 'Customer' }, width: 26 },
  { header: { 'zh-CN': '客户等级', 'en-US': 'Customer tier' }, width: 10 },
  { header: { 'zh-CN': '投诉摘要', 'en-US': 'Summary' }, width: 36 },
  { header: { 'zh-CN': '类别', 'en-US': 'Category' }, width: 14 },
  { header: { 'zh-CN': '级别', 'en-US': 'Severity' }, width: 10 },
  { header: { 'zh-CN': '责任部门', 'en-US': 'Responsible department' }, width: 16 },
  { header: { 'zh-CN': '处理人', 'en-US': 'Handler' }, width: 10 },
  { header: { 'zh-CN': '要求完成日期', 'en-US': 'Due' }, width: 17 },
  { header: { 'zh-CN': '进度', 'en-US': 'Progress' }, width: 14 },
  { header: { 'zh-CN': '处理结果', 'en-US': 'Resolution' }, width: 36 },
  { header: { 'zh-CN': '结案日期', 'en-US': 'Closed' }, width: 12 },
  { header: { 'zh-CN': '是否超时', 'en-US': 'Overdue' }, width: 8 },
  { header: { 'zh-CN': '客户满意度', 'en-US': 'Satisfaction' }, width: 10 },
  { header: { 'zh-CN': '回访结果', 'en-US': 'Return visit' }, width: 30 },
];

const YES: L = { 'zh-CN': '是', 'en-US': 'Yes' };
const NO: L = { 'zh-CN': '否', 'en-US': 'No' };

/** The list's filters (ZComplaintListQuery) as SQL conditions on `complaints as c`; paging fields are ignored. */
export function trackingConditions(ctx: AppContext, p: Principal, q: TComplaintListQuery): RawBuilder<SqlBool>[] {
  const tz = ctx.config.timezone;
  const now = ctx.clock.now().toISOString();
  const out = [scopeSql(scopeFilter(p, 'complaints')), sql<SqlBool>`c.archived_at is null`];
  if (q.state === 'open') out.push(openSql());
  else if (q.state) out.push(sql<SqlBool>`c.state = ${q.state}`);
  else out.push(isComplaintSql());
  if (q.severity) out.push(sql<SqlBool>`c.severity = ${q.severity}`);
  if (q.category) out.push(sql<SqlBool>`c.category = ${q.category}`);
  if (q.channel) out.push(sql<SqlBool>`c.channel = ${q.channel}`);
  if (q.departmentId) out.push(sql<SqlBool>`c.department_id = ${q.departmentId}`);
  if (q.ownerId) out.push(sql<SqlBool>`c.owner_id = ${q.ownerId}`);
  if (q.customerId) out.push(sql<SqlBool>`c.customer_id = ${q.customerId}`);
  if (q.serviceOrderId) out.push(sql<SqlBool>`c.service_order_id = ${q.serviceOrderId}`);
  if (q.level) out.push(sql<SqlBool>`c.level = ${q.level}`);
  if (q.mine === 'true') out.push(sql<SqlBool>`c.owner_id = ${p.userId}`);
  if (q.vip === 'true') out.push(sql<SqlBool>`c.tier = 'vip'`);
  if (q.vip === 'false') out.push(sql<SqlBool>`c.tier <> 'vip'`);
  if (q.overdue === 'true') out.push(overdueSql(now));
  if (q.overdue === 'false') out.push(sql<SqlBool>`(c.resolve_due is null or not ${overdueSql(now)})`);
  if (q.from) {
    if (!isCalendarDate(q.from)) throw invalid([{ path: 'from', key: 'invalid_date' }]);
    out.push(sql<SqlBool>`c.received_at >= ${localDayStart(q.from, tz).toISOString()}`);
  }
  if (q.to) {
    if (!isCalendarDate(q.to)) throw invalid([{ path: 'to', key: 'invalid_date' }]);
    out.push(sql<SqlBool>`c.received_at < ${localDayStart(addDays(q.to, 1), tz).toISOString()}`);
  }
  if (q.from && q.to && q.from > q.to) throw invalid([{ path: 'from', key: 'period_reversed' }]);
  // the list's search: the complaint number, the complainant's phone, or the customer by name / pinyin / phone
  const text = q.q?.trim();
  if (text) {
    const terms = queryTerms(text);
    const customer = terms.length ? sql<SqlBool>` or c.customer_id in (select customers.id from customers where ${searchCondition(ctx.db, terms)})` : sql``;
    out.push(sql<SqlBool>`(c.code = ${text.toUpperCase()} or c.complainant_phone = ${text}${customer})`);
  }
  return out;
}

async function* trackingRows(ctx: AppContext, conditions: RawBuilder<SqlBool>[]) {
  let after: number | null = null;
  let left = EXPORT_CAP + 1; // one more than the cap tells that rows were left out
  while (left > 0) {
    let q = ctx.db
      .selectFrom('complaints as c')
      .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
      .leftJoin('org_units as d', 'd.id', 'c.department_id')
      .leftJoin('users as u', 'u.id', 'c.owner_id')
      .select([
        'c.id',
        'c.code',
        'c.received_at',
        'c.complainant_name',
        'cu.name as customer_name',
        'c.tier',
        'c.summary',
        'c.category',
        'c.severity',
        'c.level',
        'd.name as department_name',
        'u.display_name as owner_name',
        'c.resolve_due',
        'c.state',
        'c.resolution',
        'c.invalid_reason',
        'c.closed_at',
        'c.resolved_at',
        'c.confirmation',
        'c.visit_result',
        'c.visit_rating',
      ]);
    for (const cond of conditions) q = q.where(cond);
    if (after !== null) q = q.where('c.id', '<', after);
    const rows = await q.orderBy('c.id', 'desc').limit(Math.min(BATCH, left)).execute();
    if (!rows.length) return;
    yield rows;
    left -= rows.length;
    after = Number(rows[rows.length - 1]!.id);
    if (rows.length < BATCH) return;
  }
}

export async function exportTracking(ctx: AppContext, p: Principal, q: TComplaintListQuery, lang: Lang, reply: FastifyReply, actx: AuditContext) {
  requirePermission(p, 'complaints:report');
  const conditions = trackingConditions(ctx, p, q);
  const tz = ctx.config.timezone;
  const now = ctx.clock.now();
  const [categories, tiers] = await Promise.all([ctx.dictionaries.items('complaint_category'), ctx.dictionaries.items('service_tier')]);
  const dict = (items: typeof categories, code: string | null) => {
    if (!code) return '';
    const it = items.find((i) => i.code === code);
    return it ? (lang === 'en-US' ? it.labelEn : it.labelZh) : code;
  };

  const stream = new PassThrough();
  const sheetName = lang === 'en-US' ? 'Complaint tracking' : '客户投诉管理表';
  const xlsx = new XlsxWriter(stream, { sheetName, columns: TRACKING_COLUMNS.map((c) => ({ header: c.header[lang], width: c.width })), now });
  const stamp = localDay(now.toISOString(), tz).replace(/-/g, '');
  const file = lang === 'en-US' ? `complaint-tracking-${stamp}.xlsx` : `客户投诉管理表-${stamp}.xlsx`;
  reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file)}`);
  void (async () => {
    let count = 0;
    let truncated = false;
    try {
      await xlsx.start();
      for await (const rows of trackingRows(ctx, conditions)) {
        for (const r of rows) {
          if (count === EXPORT_CAP) {
            truncated = true;
            break;
          }
          const due = r.resolve_due ? new Date(r.resolve_due).getTime() : null;
          const stop = r.resolved_at ?? r.closed_at;
          const overdue = due !== null && (stop ? new Date(stop).getTime() : now.getTime()) > due;
          const visit = [r.visit_rating ? `${r.visit_rating}/5` : '', r.visit_result ?? ''].filter(Boolean).join(' ');
          const severity = label(SEVERITY_LABELS, r.severity, lang) + (Number(r.level) > 1 ? (lang === 'en-US' ? ` (level ${r.level})` : `（${r.level}级）`) : '');
          await xlsx.row([
            r.code,
            localDay(r.received_at, tz),
            r.customer_name ?? r.complainant_name,
            dict(tiers, r.tier === '*' ? null : r.tier),
            r.summary,
            dict(categories, r.category),
            severity,
            r.department_name,
            r.owner_name,
            localDateTime(r.resolve_due, tz),
            label(STATE_LABELS, r.state, lang),
            r.resolution ?? r.invalid_reason,
            localDay(r.closed_at, tz),
            r.resolve_due ? (overdue ? YES : NO)[lang] : '',
            label(CONFIRMATION_LABELS, r.confirmation, lang),
            visit,
          ]);
          count++;
        }
      }
      if (truncated) {
        await xlsx.row([
          lang === 'en-US'
            ? `Only the first ${EXPORT_CAP.toLocaleString('en-US')} complaints are exported; narrow the filters for the rest.`
            : `仅导出前 ${EXPORT_CAP} 条投诉，其余请缩小筛选范围后导出。`,
        ]);
      }
      await xlsx.end();
      await audit(ctx.db, actx, { action: 'export', entity: 'complaint', summary: `${count} rows${truncated ? ' (capped)' : ''}`, after: { filter: { ...q, lang: undefined }, rows: count, truncated } });
    } catch (err) {
      stream.destroy(err as Error);
    }
  })();
  return reply.send(stream);
}

// ---------------------------------------------------------------- 客户投诉处理日报表 (tool 36) as XLSX

const DAILY_COLUMNS: { header: L; width: number }[] = [
  { header: { 'zh-CN': '投诉编号', 'en-US': 'Complaint no.' }, width: 18 },
  { header: { 'zh-CN': '客户', 'en-US': 'Customer' }, width: 24 },
  { header: { 'zh-CN': '摘要', 'en-US': 'Summary' }, width: 32 },
  { header: { 'zh-CN': '类别', 'en-US': 'Category' }, width: 14 },
  { header: { 'zh-CN': '受理时间', 'en-US': 'Received' }, width: 17 },
  { header: { 'zh-CN': '处理人', 'en-US': 'Handler' }, width: 10 },
  { header: { 'zh-CN': '状态', 'en-US': 'State' }, width: 12 },
  { header: { 'zh-CN': '当日处理措施', 'en-US': "The day's handling" }, width: 44 },
  { header: { 'zh-CN': '结果', 'en-US': 'Result' }, width: 30 },
  { header: { 'zh-CN': '剩余时限 / 是否超时', 'en-US': 'Time left / overdue' }, width: 18 },
];

/** 剩余时限 / 是否超时 as written on the sheet */
export function timingText(l: Pick<TDailyLine, 'remainingHours' | 'overdue' | 'resolveDue'>, lang: Lang): string {
  if (!l.resolveDue) return '';
  if (l.remainingHours === null) return l.overdue ? (lang === 'en-US' ? 'Resolved late' : '超时解决') : lang === 'en-US' ? 'On time' : '按时解决';
  const h = Math.abs(l.remainingHours);
  const span = h >= 48 ? (lang === 'en-US' ? `${Math.round(h / 24)} d` : `${Math.round(h / 24)}天`) : lang === 'en-US' ? `${h} h` : `${h}小时`;
  if (l.overdue) return lang === 'en-US' ? `Overdue ${span}` : `已超时 ${span}`;
  return lang === 'en-US' ? `${span} left` : `剩余 ${span}`;
}

export async function exportDaily(ctx: AppContext, report: TDailyReport, lang: Lang, reply: FastifyReply, actx: AuditContext) {
  const tz = ctx.config.timezone;
  const en = lang === 'en-US';
  const categories = await ctx.dictionaries.items('complaint_category');
  const cat = (code: string | null) => {
    if (!code) return en ? '(none)' : '（未分类）';
    const it = categories.find((i) => i.code === code);
    return it ? (en ? it.labelEn : it.labelZh) : code;
  };
  const time = (iso: string) => localDateTime(iso, tz).slice(11);
  const lineRow = (l: TDailyLine): XlsxCell[] => [
    l.code,
    l.customer,
    l.summary,
    cat(l.category),
    localDateTime(l.receivedAt, tz),
    l.owner,
    label(STATE_LABELS, l.state, lang),
    [...l.events.map((e) => `${time(e.at)} ${label(ACTION_LABELS, e.action, lang)}${e.note ? (en ? ': ' : '：') + e.note : ''}`), ...(l.moreEvents ? [en ? `… ${l.moreEvents} more` : `…另有 ${l.moreEvents} 项`] : [])].join('\n'),
    l.result,
    timingText(l, lang),
  ];

  const stream = new PassThrough();
  const title = en ? 'Complaint daily report' : '客户投诉处理日报表';
  const xlsx = new XlsxWriter(stream, { sheetName: `${en ? 'Daily' : '日报'} ${report.day}`, columns: DAILY_COLUMNS.map((c) => ({ header: c.header[lang], width: c.width })), now: ctx.clock.now() });
  const file = en ? `complaint-daily-${report.day}.xlsx` : `${title}-${report.day}.xlsx`;
  reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file)}`);
  const s = report.summary;
  const dept = report.scope.kind === 'all' ? (en ? 'All' : '全部') : (report.scope.name ?? '');
  const by = report.generatedBy.kind === 'system' ? (en ? 'System (daily job)' : '系统自动生成') : report.generatedBy.name;
  const counts = (f: { new: number; closed: number; open: number; overdue: number }) => [f.new, f.closed, f.open, f.overdue];
  // the sheet's content is decided: the export is recorded before it is sent
  await audit(ctx.db, actx, { action: 'export', entity: 'complaint_daily_report', entityId: report.day, summary: `${report.day} ${report.lines.length} lines`, after: { day: report.day, scope: report.scope.kind } });
  void (async () => {
    try {
      await xlsx.start();
      for (const l of report.lines) await xlsx.row(lineRow(l));
      if (report.moreLines) await xlsx.row([en ? `… ${report.moreLines} more lines (see the report page)` : `……另有 ${report.moreLines} 条（见系统日报页面）`]);
      await xlsx.row([]);
      await xlsx.row([title]);
      await xlsx.row([en ? 'Date' : '日期', report.day, en ? 'Department' : '部门', dept, en ? 'Reporter' : '报告人', by, en ? 'Generated' : '生成时间', localDateTime(report.generatedAt, tz)]);
      await xlsx.row([en ? 'New' : '当日新增', s.new, en ? 'Closed' : '当日结案', s.closed, en ? 'Open' : '累计未结', s.open, en ? 'Overdue' : '超时数', s.overdue]);
      const head = ['', en ? 'New' : '新增', en ? 'Closed' : '结案', en ? 'Open' : '未结', en ? 'Overdue' : '超时'];
      const none = en ? '(not set)' : '（未填）';
      for (const [name, rows] of [
        [en ? 'By category' : '按类别统计', s.byCategory.map((b) => [cat(b.key), ...counts(b)])],
        [en ? 'By product' : '按产品统计', s.byProduct.map((b) => [b.name ?? (b.key === null ? none : `#${b.key}`), ...counts(b)])],
        [en ? 'By responsible department' : '按责任部门统计', s.byDepartment.map((b) => [b.name ?? (b.key === null ? none : `#${b.key}`), ...counts(b)])],
      ] as const) {
        await xlsx.row([]);
        await xlsx.row([name]);
        await xlsx.row(head);
        for (const r of rows) await xlsx.row(r as XlsxCell[]);
      }
      await xlsx.row([]);
      await xlsx.row([en ? 'Major / escalated complaints' : '重大/升级投诉说明']);
      for (const l of report.major) await xlsx.row(lineRow(l));
      if (report.moreMajor) await xlsx.row([en ? `… ${report.moreMajor} more` : `……另有 ${report.moreMajor} 条`]);
      await xlsx.row([]);
      await xlsx.row([en ? 'Matters to coordinate (open and overdue)' : '需协调事项（未结且已超时）']);
      for (const l of report.coordination) await xlsx.row(lineRow(l));
      if (report.moreCoordination) await xlsx.row([en ? `… ${report.moreCoordination} more` : `……另有 ${report.moreCoordination} 条`]);
      await xlsx.row([]);
      await xlsx.row([en ? "Supervisor's opinion" : '主管意见', '']);
      await xlsx.end();
    } catch (err) {
      stream.destroy(err as Error);
    }
  })();
  return reply.send(stream);
}
