// Complaint reports through the API: the daily report (tool 36) with its morning job and subscribers, the analysis,
// and the tracking table export (tool 34). Complaints are inserted as complete rows, so every figure is known.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TComplaintAnalysis, TDailyReport } from '@kehu/shared';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { DAILY_REPORT_JOB } from './reports-routes';

const BASE = '/api/v1/complaint-reports';
const EN = { 'accept-language': 'en-US' };
const ZH = { 'accept-language': 'zh-CN' };
const DAY = '2026-11-22'; // Sunday; in Beijing from 2026-11-21T16:00Z to 2026-11-22T16:00Z

describe.each(testDatabases())('complaint reports (%s)', (kind) => {
  let h: Harness;
  let manager: Client; // 售后服务主管: complaints:report, every complaint, no rules
  let supervisor: Client; // 客户主管 of 客服部: report + rules, the department's complaints
  let agent: Client; // 客服专员: no complaints:report
  let own: Client; // complaints:report with scope own
  let deptA: number;
  let deptB: number;
  let serial = 0;
  const ids: Record<string, number> = {};

  const db = () => h.kehu.ctx.db;

  /** A complete complaint row; `over` sets the columns a case is about. */
  async function insertComplaint(over: Record<string, unknown>): Promise<number> {
    const receivedAt = String(over.received_at ?? '2026-11-22T02:00:00.000Z');
    const row = {
      code: `TS${kind === 'sqlite' ? 'S' : 'P'}${String(++serial).padStart(5, '0')}`,
      state: 'received',
      channel: 'phone',
      customer_id: null,
      complainant_name: '王先生',
      complainant_phone: '13900001111',
      tier: 'standard',
      region_code: '330106',
      category: 'quality',
      severity: 'minor',
      priority: 2,
      summary: '空调漏水',
      content: '空调安装后漏水，地板泡坏了',
      demands: 'repair',
      level: 1,
      escalations: 0,
      reopen_count: 0,
      compensation_fen: 0,
      overdue: 0,
      sla: '{}',
      received_at: receivedAt,
      created_at: receivedAt,
      updated_at: receivedAt,
      version: 1,
      ...over,
    };
    const r = await db()
      .insertInto('complaints')
      .values(row as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }
  async function insertEvent(complaintId: number, at: string, action: string, toState: string | null, note: string | null = null) {
    await db().insertInto('complaint_events').values({ complaint_id: complaintId, at, action, from_state: null, to_state: toState, actor_id: null, note, data: null }).execute();
  }

  beforeAll(async () => {
    // Monday 2026-11-23, 10:00 in Beijing
    h = await createHarness(kind, { now: new Date('2026-11-23T02:00:00Z') });
    deptA = await h.unit('客服部', 'department');
    deptB = await h.unit('质量部', 'department');
    manager = await h.user('rpt.manager', ['service_manager']);
    supervisor = await h.user('rpt.sup', ['supervisor'], deptA);
    agent = await h.user('rpt.agent', ['service_agent']);
    const now = h.clock.now().toISOString();
    const role = await db()
      .insertInto('roles')
      .values({ code: 'complaint_reader_own', name_zh: '本人投诉报表', name_en: 'Own complaint reports', permissions: JSON.stringify(['complaints:read', 'complaints:report']), scopes: JSON.stringify({ complaints: 'own' }), built_in: 0, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const o = await h.user('rpt.own', [], deptB);
    await db().insertInto('user_roles').values({ user_id: o.userId, role_id: role.id }).execute();
    own = await h.login('rpt.own', 'Passw0rd!');

    // on the day: new and open, owned by the "own" user
    ids.c1 = await insertComplaint({ received_at: '2026-11-22T02:00:00.000Z', state: 'investigating', department_id: deptA, team_id: deptA, owner_id: own.userId, resolve_due: '2026-11-25T02:00:00.000Z', first_reply_at: '2026-11-22T04:00:00.000Z' });
    // on the day: new and closed the same day, on time, customer satisfied
    ids.c2 = await insertComplaint({ received_at: '2026-11-22T01:00:00.000Z', state: 'closed', department_id: deptB, team_id: deptB, root_cause: 'product_defect', resolve_due: '2026-11-24T01:00:00.000Z', first_reply_at: '2026-11-22T05:00:00.000Z', resolved_at: '2026-11-22T05:00:00.000Z', visited_at: '2026-11-22T06:00:00.000Z', closed_at: '2026-11-22T07:00:00.000Z', confirmation: 'satisfied', visit_rating: 5, validity: 'valid', resolution: '上门更换排水管' });
    // carried over, open and past its deadline
    ids.c3 = await insertComplaint({ received_at: '2026-11-18T02:00:00.000Z', category: 'delivery', state: 'assigned', department_id: deptA, team_id: deptA, resolve_due: '2026-11-20T02:00:00.000Z' });
    // resolved late before the day, closed on the day
    ids.c4 = await insertComplaint({ received_at: '2026-11-15T02:00:00.000Z', category: 'delivery', state: 'closed', department_id: deptB, team_id: deptB, root_cause: 'product_defect', resolve_due: '2026-11-19T02:00:00.000Z', resolved_at: '2026-11-21T20:00:00.000Z', visited_at: '2026-11-21T21:00:00.000Z', closed_at: '2026-11-22T03:00:00.000Z', confirmation: 'dissatisfied', visit_rating: 2, validity: 'valid' });
    // closed long before: not on the sheet
    ids.c5 = await insertComplaint({ received_at: '2026-11-10T02:00:00.000Z', state: 'closed', root_cause: 'service_failure', resolve_due: '2026-11-13T02:00:00.000Z', resolved_at: '2026-11-11T02:00:00.000Z', visited_at: '2026-11-11T03:00:00.000Z', closed_at: '2026-11-12T02:00:00.000Z', validity: 'invalid' });
    // received the next day: not on the sheet
    ids.c6 = await insertComplaint({ received_at: '2026-11-23T01:00:00.000Z', category: 'attitude', state: 'received', department_id: deptA, team_id: deptA, resolve_due: '2026-11-26T01:00:00.000Z' });
    // open at the end of the day, closed the next morning; it was investigating when the day ended
    ids.c7 = await insertComplaint({ received_at: '2026-11-20T02:00:00.000Z', state: 'closed', department_id: deptA, team_id: deptA, reopen_count: 1, resolve_due: '2026-11-24T02:00:00.000Z', resolved_at: '2026-11-23T01:00:00.000Z', visited_at: '2026-11-23T01:30:00.000Z', closed_at: '2026-11-23T01:50:00.000Z', updated_at: '2026-11-23T01:50:00.000Z' });
    // a draft is not a complaint yet
    ids.c8 = await insertComplaint({ received_at: '2026-11-22T03:00:00.000Z', state: 'draft' });
    // critical, new and open, nobody assigned yet
    ids.c9 = await insertComplaint({ received_at: '2026-11-22T08:00:00.000Z', category: 'price', severity: 'critical', state: 'received', resolve_due: '2026-11-23T08:00:00.000Z' });
    // escalated to level 2, past its deadline during the day
    ids.c10 = await insertComplaint({ received_at: '2026-11-19T02:00:00.000Z', state: 'investigating', level: 2, escalations: 1, department_id: deptA, team_id: deptA, resolve_due: '2026-11-22T06:00:00.000Z' });

    await insertEvent(ids.c1!, '2026-11-22T02:00:00.000Z', 'create', 'received');
    await insertEvent(ids.c1!, '2026-11-22T04:00:00.000Z', 'reply', 'investigating', '已致电客户致歉，约定明日上门');
    await insertEvent(ids.c1!, '2026-11-23T01:00:00.000Z', 'update', 'investigating'); // the next day: not on the sheet
    await insertEvent(ids.c7!, '2026-11-21T02:00:00.000Z', 'accept', 'investigating');
    await insertEvent(ids.c7!, '2026-11-23T01:50:00.000Z', 'close', 'closed');
  }, 120_000);
  afterAll(async () => h?.close());

  const daily = async (c: Client, day = DAY, headers?: Record<string, string>) => {
    const res = await c.get(`${BASE}/daily?day=${day}`, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as TDailyReport;
  };

  it('counts the day: new, closed, open at its end, overdue — by category and department', async () => {
    const r = await daily(manager);
    expect(r.stored).toBe(false);
    expect(r.scope).toEqual({ kind: 'all', name: null });
    expect(r.generatedBy).toMatchObject({ kind: 'user', userId: manager.userId });
    const s = r.summary;
    expect({ lines: s.lines, new: s.new, closed: s.closed, open: s.open, overdue: s.overdue }).toEqual({ lines: 7, new: 3, closed: 2, open: 5, overdue: 3 });
    expect(s.byCategory.map((b) => [b.key, b.lines, b.new, b.closed, b.open, b.overdue])).toEqual([
      ['quality', 4, 2, 1, 3, 1],
      ['delivery', 2, 0, 1, 1, 2],
      ['price', 1, 1, 0, 1, 0],
    ]);
    expect(s.byDepartment.map((b) => [b.name, b.lines, b.new, b.closed, b.open, b.overdue])).toEqual([
      ['客服部', 4, 1, 0, 4, 2],
      ['质量部', 2, 1, 2, 0, 1],
      [null, 1, 1, 0, 1, 0],
    ]);
    expect(r.lines.map((l) => l.id).sort((a, b) => a - b)).toEqual([ids.c1, ids.c2, ids.c3, ids.c4, ids.c7, ids.c9, ids.c10].sort((a, b) => a! - b!));
    expect(r.moreLines).toBe(0);
    // new ones first
    expect(r.lines.slice(0, 3).every((l) => l.isNew)).toBe(true);
  });

  it('shows each line with the day\'s handling, its state then, and the time left', async () => {
    const r = await daily(manager);
    const line = (id: number) => r.lines.find((l) => l.id === id)!;
    const c1 = line(ids.c1!);
    expect(c1.events.map((e) => [e.action, e.note])).toEqual([
      ['create', null],
      ['reply', '已致电客户致歉，约定明日上门'],
    ]);
    expect(c1.owner).toBe('rpt.own');
    expect(c1.remainingHours).toBe(58); // 2026-11-25T02:00Z − the end of the day
    expect(c1.overdue).toBe(false);
    const c7 = line(ids.c7!);
    expect(c7.state).toBe('investigating'); // closed only the next morning
    expect(c7.openAtEnd).toBe(true);
    expect(c7.closedOnDay).toBe(false);
    expect(line(ids.c3!)).toMatchObject({ overdue: true, remainingHours: -62 });
    expect(line(ids.c4!)).toMatchObject({ closedOnDay: true, overdue: true, remainingHours: null });
    expect(line(ids.c2!)).toMatchObject({ closedOnDay: true, overdue: false, result: '上门更换排水管' });
    // 重大/升级投诉 and 需协调事项
    expect(r.major.map((l) => l.id)).toEqual([ids.c10, ids.c9]);
    expect(r.coordination.map((l) => l.id)).toEqual([ids.c3, ids.c10]);
  });

  it('applies the caller\'s scope: own sees only own, a department head their department', async () => {
    const mine = await daily(own);
    expect(mine.scope).toEqual({ kind: 'own', name: 'rpt.own' });
    expect(mine.lines.map((l) => l.id)).toEqual([ids.c1]);
    expect({ new: mine.summary.new, closed: mine.summary.closed, open: mine.summary.open, overdue: mine.summary.overdue }).toEqual({ new: 1, closed: 0, open: 1, overdue: 0 });
    const dept = await daily(supervisor);
    expect(dept.scope).toEqual({ kind: 'department', name: '客服部' });
    expect(dept.lines.map((l) => l.id).sort((a, b) => a - b)).toEqual([ids.c1, ids.c3, ids.c7, ids.c10].sort((a, b) => a! - b!));
  });

  it('counts today as of now and refuses bad days in the reader\'s language', async () => {
    const today = await daily(manager, '2026-11-23');
    expect(today.asOf).toBe('2026-11-23T02:00:00.000Z');
    expect(today.summary.new).toBe(1); // c6
    expect(today.lines.find((l) => l.id === ids.c9)).toMatchObject({ overdue: false, remainingHours: 6 });

    const bad = await manager.get(`${BASE}/daily?day=2026-02-30`, ZH);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ path: 'day', message: '日期格式应为 YYYY-MM-DD', code: 'invalid_date' }]);
    const badEn = await manager.get(`${BASE}/daily?day=22.11.2026`, EN);
    expect(badEn.statusCode).toBe(400);
    expect(badEn.json().errors[0]).toMatchObject({ path: 'query.day', message: 'Dates are written YYYY-MM-DD' });
    const future = await manager.get(`${BASE}/daily?day=2026-11-24`, EN);
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].message).toBe('There is no report for a day still to come');
    const notOver = await manager.post(`${BASE}/daily/generate?day=2026-11-23`, {}, ZH);
    expect(notOver.statusCode).toBe(400);
    expect(notOver.json().errors[0].message).toContain('只能生成已结束日期的日报');
    expect(await db().selectFrom('complaint_daily_reports').select('id').execute()).toHaveLength(0);
  });

  it('answers 403 without complaints:report', async () => {
    for (const url of [`${BASE}/daily?day=${DAY}`, `${BASE}/daily.xlsx?day=${DAY}`, `${BASE}/analysis?from=2026-11-01&to=2026-11-30`, `${BASE}/subscribers`, '/api/v1/complaints/export.xlsx']) {
      expect((await agent.get(url)).statusCode, url).toBe(403);
    }
    expect((await agent.post(`${BASE}/daily/generate?day=${DAY}`, {})).statusCode).toBe(403);
    // a department's supervisor reads the report of the department, and may not replace the company's stored copy
    const stored = await db().selectFrom('complaint_daily_reports').select(['day', 'generated_at']).execute();
    expect((await supervisor.post(`${BASE}/daily/generate?day=${DAY}`, {})).statusCode).toBe(403);
    expect(await db().selectFrom('complaint_daily_reports').select(['day', 'generated_at']).execute()).toEqual(stored);
    expect((await agent.post(`${BASE}/subscribers`, {})).statusCode).toBe(403);
  });

  it('keeps subscribers: oneself, or others by who sets the rules', async () => {
    const me = await manager.post(`${BASE}/subscribers`, {});
    expect(me.statusCode, me.body).toBe(201);
    expect(me.json()).toMatchObject({ subscribed: true, email: true, items: [{ userId: manager.userId }] });
    // a manager without complaints:rules may not subscribe somebody else
    expect((await manager.post(`${BASE}/subscribers`, { userId: own.userId })).statusCode).toBe(403);
    const other = await supervisor.post(`${BASE}/subscribers`, { userId: own.userId, email: false });
    expect(other.statusCode, other.body).toBe(201);
    const cannot = await supervisor.post(`${BASE}/subscribers`, { userId: agent.userId }, EN);
    expect(cannot.statusCode).toBe(400);
    expect(cannot.json().errors[0]).toMatchObject({ path: 'userId', message: 'This user may not see the complaint reports' });
    const all = await supervisor.get(`${BASE}/subscribers`);
    expect(all.json().items.map((i: { userId: number }) => i.userId)).toEqual([manager.userId, own.userId]);
    expect(all.json().subscribed).toBe(false);
    const mine = await own.get(`${BASE}/subscribers`);
    expect(mine.json()).toMatchObject({ subscribed: true, email: false, items: [{ userId: own.userId }] });
    // subscribed once, then out and back in
    const out = await own.raw({ method: 'DELETE', url: `${BASE}/subscribers` });
    expect(out.statusCode).toBe(204);
    expect((await own.get(`${BASE}/subscribers`)).json().subscribed).toBe(false);
    expect((await own.post(`${BASE}/subscribers`, { email: false })).statusCode).toBe(201);
  });

  it('stores yesterday\'s report every morning and tells each subscriber their own figures, once', async () => {
    // a subscriber who has lost complaints:report hears nothing
    await db().insertInto('complaint_report_subscribers').values({ user_id: agent.userId, email: 1, created_at: h.clock.now().toISOString() }).execute();
    const saved = h.clock.now();
    h.clock.set(new Date('2026-11-22T23:00:30Z')); // 07:00 on the 23rd in Beijing
    try {
      const scheduler = h.kehu.ctx.scheduler;
      await scheduler.enqueue(DAILY_REPORT_JOB, null, { uniqueKey: `report-test-1-${kind}` });
      expect(await scheduler.runDue()).toBeGreaterThanOrEqual(1);
      const jobs = await db().selectFrom('jobs').select(['status', 'last_error', 'run_at']).where('name', '=', DAILY_REPORT_JOB).orderBy('id').execute();
      expect(jobs[0]).toMatchObject({ status: 'done', last_error: null });
      // it put its next run at 07:00 Beijing time
      expect(jobs.filter((j) => j.status === 'pending').map((j) => j.run_at)).toContain('2026-11-23T23:00:00.000Z');

      const rows = await db().selectFrom('complaint_daily_reports').selectAll().execute();
      expect(rows.map((r) => r.day)).toEqual([DAY]);
      const stored = JSON.parse(rows[0]!.data) as TDailyReport;
      expect(stored.generatedBy).toEqual({ kind: 'system' });
      expect({ new: stored.summary.new, closed: stored.summary.closed, open: stored.summary.open, overdue: stored.summary.overdue }).toEqual({ new: 3, closed: 2, open: 5, overdue: 3 });

      const notices = async (userId: number) =>
        db().selectFrom('notifications').select(['message_key', 'params', 'link', 'title']).where('user_id', '=', userId).where('message_key', '=', 'notice.complaint_daily').execute();
      const m = await notices(manager.userId);
      expect(m).toHaveLength(1);
      expect(m[0]!.link).toBe(`/complaints/reports/daily?day=${DAY}`);
      expect(JSON.parse(m[0]!.params!)).toEqual({ day: DAY, new: 3, closed: 2, open: 5, overdue: 3 });
      expect(m[0]!.title).toBe(`客户投诉处理日报：${DAY}`);
      const o = await notices(own.userId);
      expect(JSON.parse(o[0]!.params!)).toEqual({ day: DAY, new: 1, closed: 0, open: 1, overdue: 0 });
      expect(await notices(agent.userId)).toHaveLength(0);

      // a second run replaces the stored report and does not notify again
      await scheduler.enqueue(DAILY_REPORT_JOB, null, { uniqueKey: `report-test-2-${kind}` });
      await scheduler.runDue();
      expect(await db().selectFrom('complaint_daily_reports').select('day').execute()).toHaveLength(1);
      expect(await notices(manager.userId)).toHaveLength(1);
    } finally {
      h.clock.set(saved);
    }
    manager = await h.login('rpt.manager', 'Passw0rd!');
    own = await h.login('rpt.own', 'Passw0rd!');
  });

  it('serves the stored report to those who see everything, and a live one in a narrower scope', async () => {
    const all = await daily(manager);
    expect(all.stored).toBe(true);
    expect(all.generatedBy).toEqual({ kind: 'system' });
    const mine = await daily(own);
    expect(mine.stored).toBe(false);
    expect(mine.lines.map((l) => l.id)).toEqual([ids.c1]);
    // regenerating replaces it and names who did it
    const again = await manager.post(`${BASE}/daily/generate?day=${DAY}`, {});
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ stored: true, generatedBy: { kind: 'user', userId: manager.userId } });
    expect(await db().selectFrom('complaint_daily_reports').select('day').execute()).toHaveLength(1);
  });

  it('exports the daily report as XLSX, audited', async () => {
    const res = await manager.get(`${BASE}/daily.xlsx?day=${DAY}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain(`客户投诉处理日报表-${DAY}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('投诉编号');
    const texts = ws.getSheetValues().flatMap((r) => (Array.isArray(r) ? r.map((v) => String(v ?? '')) : []));
    expect(texts).toContain('当日新增');
    expect(texts).toContain('主管意见');
    expect(texts.some((t) => t.includes('答复客户：已致电客户致歉'))).toBe(true);
    const a = await db().selectFrom('audit_log').select(['action', 'entity', 'entity_id']).where('entity', '=', 'complaint_daily_report').where('action', '=', 'export').execute();
    expect(a).toEqual([{ action: 'export', entity: 'complaint_daily_report', entity_id: DAY }]);
  });

  it('analyses a period: Pareto with cumulative shares, trend, breakdown and KPIs', async () => {
    const res = await manager.get(`${BASE}/analysis?from=2026-11-01&to=2026-11-30&by=department&period=week`);
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json() as TComplaintAnalysis;
    expect(a.paretoCategory.map((r) => [r.key, r.count, r.cumulative])).toEqual([
      ['quality', 5, 0.5556],
      ['delivery', 2, 0.7778],
      ['attitude', 1, 0.8889],
      ['price', 1, 1],
    ]);
    expect(a.paretoCause.map((r) => [r.key, r.count])).toEqual([
      [null, 6],
      ['product_defect', 2],
      ['service_failure', 1],
    ]);
    // by the Monday of the local week, empty weeks included (1 November is a Sunday)
    expect(a.trend.map((t) => [t.period, t.count])).toEqual([
      ['2026-10-26', 0],
      ['2026-11-02', 0],
      ['2026-11-09', 2],
      ['2026-11-16', 6],
      ['2026-11-23', 1],
      ['2026-11-30', 0],
    ]);
    expect(a.breakdown.map((b) => [b.name, b.count])).toEqual([
      ['客服部', 5],
      ['质量部', 2],
      [null, 2],
    ]);
    expect(a.kpis).toMatchObject({
      total: 9,
      closed: 4,
      meanReplyHours: 3,
      escalationRate: 0.1111,
      reopenRate: 0.1111,
      satisfaction: { satisfied: 1, basic: 0, dissatisfied: 1, unconfirmed: 7, meanRating: 3.5, rated: 2 },
      validity: { valid: 2, invalid: 1, unjudged: 6 },
    });
    // by month, by province
    const m = (await manager.get(`${BASE}/analysis?from=2026-11-01&to=2026-11-30&by=region`)).json() as TComplaintAnalysis;
    expect(m.trend).toEqual([{ period: '2026-11', count: 9, closed: 4, overdue: m.kpis.overdue, escalated: 1 }]);
    expect(m.breakdown).toEqual([{ key: '330000', name: '浙江省', count: 9, closed: 4, overdue: m.kpis.overdue, escalated: 1, share: 1 }]);
    // by category: the breakdown carries each code's closed, overdue and escalated complaints
    const c = (await manager.get(`${BASE}/analysis?from=2026-11-01&to=2026-11-30&by=category`)).json() as TComplaintAnalysis;
    expect(c.breakdown.map((b) => [b.key, b.count, b.closed, b.overdue, b.escalated, b.share])).toEqual([
      ['quality', 5, 3, 1, 1, 0.5556],
      ['delivery', 2, 1, 2, 0, 0.2222],
      ['attitude', 1, 0, 0, 0, 0.1111],
      ['price', 1, 0, 0, 0, 0.1111],
    ]);
    expect(c.paretoCategory).toEqual(a.paretoCategory);
    // own scope: only the own complaint
    const mine = (await own.get(`${BASE}/analysis?from=2026-11-01&to=2026-11-30`)).json() as TComplaintAnalysis;
    expect(mine.kpis.total).toBe(1);
    expect(mine.paretoCategory).toEqual([{ key: 'quality', count: 1, share: 1, cumulative: 1 }]);
    // a reversed period is refused
    const rev = await manager.get(`${BASE}/analysis?from=2026-11-30&to=2026-11-01`, EN);
    expect(rev.statusCode).toBe(400);
    expect(rev.json().errors[0]).toMatchObject({ path: 'from', message: 'The start date must not be after the end date' });
  });

  it('exports the tracking table (tool 34) with the list\'s filters, in scope, audited', async () => {
    const res = await manager.get('/api/v1/complaints/export.xlsx?category=quality');
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['投诉编号', '受理日期', '客户', '客户等级', '投诉摘要', '类别', '级别', '责任部门', '处理人', '要求完成日期', '进度', '处理结果', '结案日期', '是否超时', '客户满意度', '回访结果']);
    const rows = (ws.getSheetValues().slice(2) as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    // quality, not drafts: c1, c2, c5, c7, c10 — newest id first
    expect(rows).toHaveLength(5);
    const byCode = new Map(rows.map((r) => [String(r[0]), r]));
    const c2 = [...byCode.values()].find((r) => r[11] === '上门更换排水管')!;
    expect(c2.slice(1, 2)).toEqual(['2026-11-22']);
    expect(c2[5]).toBe('产品质量');
    expect(c2[10]).toBe('已结案');
    expect(c2[13]).toBe('否');
    expect(c2[14]).toBe('满意');
    const overdue = rows.filter((r) => r[13] === '是');
    expect(overdue).toHaveLength(1); // c10
    // the audit row is written once the stream has ended
    await vi.waitFor(async () => {
      const audit = await db().selectFrom('audit_log').select(['summary']).where('entity', '=', 'complaint').where('action', '=', 'export').execute();
      expect(audit.map((x) => x.summary)).toEqual(['5 rows']);
    });

    // overdue=true and the own scope
    const ov = await manager.get('/api/v1/complaints/export.xlsx?overdue=true', EN);
    const wbo = new ExcelJS.Workbook();
    await wbo.xlsx.load(ov.rawPayload as unknown as ArrayBuffer);
    expect(wbo.worksheets[0]!.rowCount - 1).toBe(3); // c3, c4, c10
    expect((wbo.worksheets[0]!.getRow(1).values as unknown[])[1]).toBe('Complaint no.');
    const mine = await own.get('/api/v1/complaints/export.xlsx');
    const wbm = new ExcelJS.Workbook();
    await wbm.xlsx.load(mine.rawPayload as unknown as ArrayBuffer);
    expect(wbm.worksheets[0]!.rowCount - 1).toBe(1);
    const bad = await manager.get('/api/v1/complaints/export.xlsx?from=2026-11-30&to=2026-11-01', ZH);
    expect(bad.statusCode).toBe(400);
  });
});
