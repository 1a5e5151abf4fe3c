// Complaints in the service module's figures: the complaints column of the service KPIs (per technician, outlet,
// month; in the caller's service scope) and the complaint evidence of the after-sales evaluation (投诉处理).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { createOutlet, createTechnician, serviceWorld, type ServiceWorld } from '../../test/service-factories';

const KPIS = '/api/v1/service/kpis';

interface Row {
  key: string;
  label: string;
  completed: number;
  complaints: number;
  complaintsPer100: number | null;
}

describe.each(testDatabases())('complaints in service KPIs and evaluation evidence (%s)', (kind) => {
  let h: Harness;
  let agent: Client;
  let manager: Client;
  let supervisor: Client;
  let w: ServiceWorld;
  let outletB: { outletId: number; teamId: number };
  let tech1: Client;
  let tech2: Client;
  let tech3: Client;
  let deptId: number;
  let o7: number; // tech3's order, completed in October
  let n = 0;
  const complaint: Record<string, number> = {};

  /** a completed order written straight to the table (the order workflow has its own tests) */
  const completedOrder = async (ownerId: number, outletId: number, teamId: number, completedAt: string) => {
    const at = new Date(new Date(completedAt).getTime() - 24 * 3_600_000).toISOString();
    const r = await h.kehu.ctx.db
      .insertInto('service_orders')
      .values({
        code: `FWT-${++n}`,
        type: 'repair',
        mode: 'onsite',
        channel: 'phone',
        priority: 'normal',
        state: 'completed',
        customer_id: w.customerId,
        unit_id: w.unitId,
        description: '空调不制冷',
        tier: 'standard',
        warranty: 'in',
        outlet_id: outletId,
        owner_id: ownerId,
        team_id: teamId,
        sla: '{}',
        completed_at: completedAt,
        first_time_fix: 1,
        created_at: at,
        updated_at: completedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  };
  const intake = async (name: string, serviceOrderId: number | null, receivedAt: string) => {
    const res = await agent.post('/api/v1/complaints', { customerId: w.customerId, serviceOrderId, channel: 'phone', complainantName: '张三', content: `维修后仍不制冷 ${name}`, receivedAt });
    expect(res.statusCode, res.body).toBe(201);
    complaint[name] = res.json().id;
    return res.json();
  };
  const set = (name: string, values: Record<string, unknown>) => h.kehu.ctx.db.updateTable('complaints').set(values).where('id', '=', complaint[name]!).execute();
  const act = async (id: number, body: Record<string, unknown>) => {
    const res = await agent.post(`/api/v1/complaints/${id}/transitions`, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const kpis = async (c: Client, query: string) => {
    const res = await c.get(`${KPIS}?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { rows: Row[]; total: Row };
  };

  beforeAll(async () => {
    // Monday 2026-11-23 10:00 in Beijing
    h = await createHarness(kind, { now: new Date('2026-11-23T02:00:00Z') });
    deptId = await h.unit('售后二部', 'department');
    const teamB = await h.unit('宁波维修组', 'team', deptId);
    agent = await h.user('agent1', ['service_agent'], deptId);
    manager = await h.user('svcmgr', ['service_manager']);
    supervisor = await h.user('sup1', ['supervisor'], deptId);
    w = await serviceWorld(h, '2026-06-01');
    outletB = await createOutlet(h, 'NB1', [['330203', 'urban']]);
    tech1 = await createTechnician(h, 'tech1', w.outletId, w.outletTeamId);
    tech2 = await createTechnician(h, 'tech2', outletB.outletId, outletB.teamId);
    tech3 = await createTechnician(h, 'tech3', w.outletId, w.outletTeamId);

    // tech1 (outlet A): four orders completed in November; tech2 (outlet B, team under 售后二部): two;
    // tech3 (outlet A): one completed in October only
    const o1 = await completedOrder(tech1.userId, w.outletId, w.outletTeamId, '2026-11-10T03:00:00.000Z');
    const o2 = await completedOrder(tech1.userId, w.outletId, w.outletTeamId, '2026-11-10T04:00:00.000Z');
    const o3 = await completedOrder(tech1.userId, w.outletId, w.outletTeamId, '2026-11-11T04:00:00.000Z');
    const o4 = await completedOrder(tech1.userId, w.outletId, w.outletTeamId, '2026-11-12T04:00:00.000Z');
    const o5 = await completedOrder(tech2.userId, outletB.outletId, teamB, '2026-11-05T04:00:00.000Z');
    const o6 = await completedOrder(tech2.userId, outletB.outletId, teamB, '2026-11-06T04:00:00.000Z');
    o7 = await completedOrder(tech3.userId, w.outletId, w.outletTeamId, '2026-10-15T04:00:00.000Z');

    await intake('c1', o1, '2026-11-12T02:00:00Z'); // counts (later reopened)
    await intake('c2', o2, '2026-11-13T02:00:00Z'); // counts (resolved, not yet confirmed)
    await intake('c3', o3, '2026-11-13T03:00:00Z'); // judged invalid: never counts
    await intake('c4', o5, '2026-11-14T02:00:00Z'); // counts for tech2 / outlet B
    await intake('c5', o5, '2026-10-20T02:00:00Z'); // received in October
    await intake('c6', o7, '2026-11-15T02:00:00Z'); // counts for tech3 although the order was completed in October
    await intake('c7', o6, '2026-11-16T02:00:00Z'); // dismissed draft: never a complaint
    await intake('c8', o6, '2026-11-16T03:00:00Z'); // still a draft
    await intake('c9', null, '2026-11-17T02:00:00Z'); // about no order: only in the evaluation evidence
    await intake('c10', o4, '2026-11-18T02:00:00Z'); // closed on time, customer satisfied
    await intake('c11', null, '2026-11-19T02:00:00Z'); // closed late, basically satisfied
    // what the workflow leaves behind (the life cycle has its own tests)
    await set('c1', { reopen_count: 1 });
    await set('c2', { state: 'resolved', validity: 'valid', resolution: '更换压缩机', resolved_at: '2026-11-14T02:00:00.000Z' });
    await set('c7', { state: 'dismissed' });
    await set('c8', { state: 'draft' });
    await set('c11', { state: 'closed', validity: 'valid', resolution: '赔偿', resolved_at: '2026-11-20T02:00:00.000Z', confirmation: 'basic', on_time: 0, closed_at: '2026-11-21T02:00:00.000Z' });

    // c3 is judged invalid through the workflow
    let c = (await agent.get(`/api/v1/complaints/${complaint.c3}`)).json();
    c = await act(c.id, { action: 'classify', version: c.version, category: 'repair', severity: 'minor' });
    c = await act(c.id, { action: 'assign', version: c.version, departmentId: deptId, ownerId: agent.userId });
    c = await act(c.id, { action: 'accept', version: c.version });
    c = await act(c.id, { action: 'invalidate', version: c.version, invalidReason: '客户操作不当，非维修质量问题' });
    expect(c).toMatchObject({ state: 'invalid', validity: 'invalid' });
    // c10 runs the whole life cycle and is closed on time
    c = (await agent.get(`/api/v1/complaints/${complaint.c10}`)).json();
    c = await act(c.id, { action: 'classify', version: c.version, category: 'repair', severity: 'minor' });
    c = await act(c.id, { action: 'assign', version: c.version, departmentId: deptId, ownerId: agent.userId });
    c = await act(c.id, { action: 'accept', version: c.version });
    c = await act(c.id, { action: 'propose', version: c.version, solutionKind: 'repair', solution: '上门复修' });
    c = await act(c.id, { action: 'accept_solution', version: c.version });
    c = await act(c.id, { action: 'resolve', version: c.version, resolution: '复修完成，运行正常' });
    c = await act(c.id, { action: 'confirm', version: c.version, confirmation: 'satisfied', confirmReason: '电话回访客户确认' });
    c = await act(c.id, { action: 'visit', version: c.version, visitResult: '满意', visitRating: 5 });
    c = await act(c.id, { action: 'close', version: c.version });
    expect(c).toMatchObject({ state: 'closed', onTime: true, validity: 'valid', confirmation: 'satisfied' });
  });
  afterAll(async () => h.close());

  it('counts the valid complaints about each technician’s orders and their rate per 100 completed orders', async () => {
    const { rows, total } = await kpis(manager, 'from=2026-11-01&to=2026-11-30&groupBy=technician');
    const row = (label: string) => rows.find((r) => r.label === label);
    // c1, c2, c10 (c3 invalid)
    expect(row('tech1')).toMatchObject({ key: String(tech1.userId), completed: 4, complaints: 3, complaintsPer100: 75 });
    // c4 (c5 was received in October; c7 dismissed, c8 a draft)
    expect(row('tech2')).toMatchObject({ completed: 2, complaints: 1, complaintsPer100: 50 });
    // no order completed in the period, but a complaint received in it: the row is there, without a rate
    expect(row('tech3')).toMatchObject({ completed: 0, complaints: 1, complaintsPer100: null, firstTimeFixRate: null });
    expect(total).toMatchObject({ completed: 6, complaints: 5, complaintsPer100: 83.3 });
    // the other KPIs are untouched by the complaints
    expect(row('tech1')!).toMatchObject({ firstTimeFixRate: 1, dissatisfiedVisits: 0 });
    // one technician
    const one = await kpis(manager, `from=2026-11-01&to=2026-11-30&technicianId=${tech2.userId}`);
    expect(one.rows.map((r) => [r.label, r.complaints])).toEqual([['tech2', 1]]);
    expect(one.total.complaints).toBe(1);
  });

  it('groups them by the order’s outlet and by the month the complaint was received', async () => {
    const outlets = await kpis(manager, 'from=2026-11-01&to=2026-11-30&groupBy=outlet');
    expect(outlets.rows.find((r) => r.key === String(w.outletId))).toMatchObject({ completed: 4, complaints: 4, complaintsPer100: 100 });
    expect(outlets.rows.find((r) => r.key === String(outletB.outletId))).toMatchObject({ label: 'NB1 服务中心', completed: 2, complaints: 1, complaintsPer100: 50 });
    expect(outlets.total.complaints).toBe(5);
    const byOutlet = await kpis(manager, `from=2026-11-01&to=2026-11-30&groupBy=outlet&outletId=${outletB.outletId}`);
    expect(byOutlet.rows.map((r) => r.complaints)).toEqual([1]);

    const months = await kpis(manager, 'from=2026-10-01&to=2026-11-30&groupBy=month');
    expect(months.rows.map((r) => [r.key, r.completed, r.complaints, r.complaintsPer100])).toEqual([
      ['2026-10', 1, 1, 100], // o7 completed, c5 received
      ['2026-11', 6, 5, 83.3],
    ]);
    // a complaint received on the first of the month in Beijing (still the last day of the month before in UTC)
    await intake('c12', o7, '2026-10-31T17:00:00Z');
    const after = await kpis(manager, 'from=2026-10-01&to=2026-11-30&groupBy=month');
    expect(after.rows.map((r) => [r.key, r.complaints])).toEqual([
      ['2026-10', 1],
      ['2026-11', 6],
    ]);
    await set('c12', { state: 'dismissed' });
  });

  it('applies the caller’s service scope to the complaints as to the orders', async () => {
    // 客户主管 of 售后二部 sees the orders of its team only: tech2's
    const { rows, total } = await kpis(supervisor, 'from=2026-11-01&to=2026-11-30&groupBy=technician');
    expect(rows.map((r) => [r.label, r.completed, r.complaints])).toEqual([['tech2', 2, 1]]);
    expect(total).toMatchObject({ completed: 2, complaints: 1 });
    expect((await tech1.get(`${KPIS}?from=2026-11-01&to=2026-11-30`)).statusCode).toBe(403);
  });

  it('gives the evaluation’s 投诉处理 indicator the complaint figures of the run’s period', async () => {
    const run = await manager.post('/api/v1/service/evaluation/runs', { title: '2026 年 11 月自评', assessedOn: '2026-11-22', periodFrom: '2026-11-01', periodTo: '2026-11-30', assessors: ['王五'] });
    expect(run.statusCode, run.body).toBe(201);
    // the seeded scheme feeds 5.3.2 投诉处理 with the complaint evidence
    const leaves = run.json().schemeDetail.indicators.flatMap((g: { children: { name: string; evidence: string | null }[] }) => g.children);
    expect(leaves.find((l: { name: string }) => l.name === '投诉处理')?.evidence).toBe('complaint');
    const res = await manager.get(`/api/v1/service/evaluation/runs/${run.json().id}/evidence`);
    expect(res.statusCode, res.body).toBe(200);
    // received in November and not draft/dismissed: c1 c2 c3 c4 c6 c9 c10 c11; c3 invalid; closed: c10 on time, c11 late;
    // resolved as valid: c2 c10 c11, of which c10 satisfied and c11 basically satisfied; reopened: c1
    expect(res.json().complaints).toEqual({
      received: 8,
      valid: 7,
      closed: 2,
      onTime: 1,
      onTimeRate: 0.5,
      resolved: 3,
      confirmed: 2,
      confirmedRate: 0.667,
      reopened: 1,
      reopenRate: 0.125,
    });
    expect(res.json().supervision).toBeTruthy();
    // another period: none of them
    const empty = (await manager.post('/api/v1/service/evaluation/runs', { title: '2025 自评', assessedOn: '2026-11-22', periodFrom: '2025-01-01', periodTo: '2025-12-31', assessors: ['王五'] })).json();
    expect((await manager.get(`/api/v1/service/evaluation/runs/${empty.id}/evidence`)).json().complaints).toEqual({
      received: 0,
      valid: 0,
      closed: 0,
      onTime: 0,
      onTimeRate: null,
      resolved: 0,
      confirmed: 0,
      confirmedRate: null,
      reopened: 0,
      reopenRate: null,
    });
    expect((await tech1.get(`/api/v1/service/evaluation/runs/${empty.id}/evidence`)).statusCode).toBe(403);
  });
});
