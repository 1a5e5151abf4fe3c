// A dissatisfied return visit (by phone with follow-up 'complaint', or through the customer's link) opens a draft complaint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { createTechnician, serviceWorld, SIGNATURE_PNG, type ServiceWorld } from '../../test/service-factories';
import { visitComplaintSentence, visitComplaintSeverity } from './visit-draft';

const answers = { onTime: true, solved: true, attitude: 5, feesOk: true, misconduct: false, rating: 5 };

describe('the draft’s wording and severity', () => {
  it('names every complaint the customer made and rates misconduct or the lowest rating major', () => {
    expect(visitComplaintSentence('FW1', { ...answers, rating: 2, solved: false, onTime: false, feesOk: false, misconduct: true })).toBe(
      '回访不满意（工单 FW1）：评分 2/5，服务态度 5/5，问题未解决，未按时上门，对收费有异议，反映有吃拿卡要',
    );
    expect(visitComplaintSeverity({ ...answers, rating: 2 })).toBe('minor');
    expect(visitComplaintSeverity({ ...answers, rating: 1 })).toBe('major');
    expect(visitComplaintSeverity({ ...answers, rating: 4, misconduct: true })).toBe('major');
  });
});

describe.each(testDatabases())('draft complaint from a dissatisfied return visit (%s)', (kind) => {
  let h: Harness;
  let agent: Client;
  let tech: Client;
  let manager: Client;
  let w: ServiceWorld;

  beforeAll(async () => {
    h = await createHarness(kind, { now: new Date('2026-11-23T02:00:00Z') });
    agent = await h.user('agent1', ['service_agent']);
    manager = await h.user('manager1', ['service_manager']);
    w = await serviceWorld(h, '2026-06-01');
    tech = await createTechnician(h, 'tech1', w.outletId, w.outletTeamId, ['aircon']);
  });
  afterAll(async () => h?.close());

  const ok = async (c: Client, id: number, body: Record<string, unknown>) => {
    const res = await c.post(`/api/v1/service/orders/${id}/transitions`, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  async function completed(over: Record<string, unknown> = {}) {
    const res = await agent.post('/api/v1/service/orders', {
      customerId: w.customerId,
      unitId: w.unitId,
      type: 'repair',
      mode: 'onsite',
      channel: 'phone',
      description: '空调不制冷',
      contactName: '张三',
      contactPhone: '13912345678',
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    let o = res.json();
    o = await ok(agent, o.id, { action: 'dispatch', version: o.version, outletId: w.outletId, technicianId: tech.userId });
    const from = new Date(h.clock.now().getTime() + 3_600_000).toISOString();
    const to = new Date(h.clock.now().getTime() + 7_200_000).toISOString();
    o = await ok(tech, o.id, { action: 'schedule', version: o.version, appointmentFrom: from, appointmentTo: to });
    o = await ok(tech, o.id, { action: 'depart', version: o.version });
    o = await ok(tech, o.id, { action: 'arrive', version: o.version });
    o = await ok(tech, o.id, { action: 'start', version: o.version });
    return ok(tech, o.id, { action: 'complete', version: o.version, resolution: '已修复', signature: SIGNATURE_PNG, signedBy: '张三' });
  }
  const complaintsOfVisit = (visitId: number) =>
    h.kehu.ctx.db.selectFrom('complaints').selectAll().where('source_type', '=', 'return_visit').where('source_id', '=', visitId).execute();
  const visitRow = (id: number) => h.kehu.ctx.db.selectFrom('return_visits').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const lastNotice = async () =>
    (await manager.get('/api/v1/notifications')).json().items[0] as { title: string; link: string };

  it('a phone visit with follow-up “complaint” opens a draft linked to the customer, unit and order', async () => {
    const o = await completed();
    // a cold dictionary cache (after a restart or an edit): the draft's category check must read it through the
    // visit's own transaction — on SQLite another connection would wait for it forever
    h.kehu.ctx.dictionaries.invalidate();
    const res = await agent.post(`/api/v1/service/visits/${o.visit.id}`, { ...answers, version: 1, solved: false, rating: 2, comment: '修完第二天又不制冷了', followUp: 'complaint' });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ orderId: o.id, dissatisfied: true, followUpOrderId: null, complaintId: expect.any(Number) });
    const [c, ...more] = await complaintsOfVisit(o.visit.id);
    expect(more).toHaveLength(0);
    expect(c).toMatchObject({
      id: r.complaintId,
      state: 'draft',
      channel: 'return_visit',
      source_type: 'return_visit',
      source_id: o.visit.id,
      customer_id: w.customerId,
      unit_id: w.unitId,
      service_order_id: o.id,
      category: 'repair',
      severity: 'minor',
      complainant_name: '张三',
      complainant_phone: '13912345678',
      created_by: null,
      reply_due: null,
    });
    expect(c!.content).toBe(`修完第二天又不制冷了\n\n回访不满意（工单 ${o.code}）：评分 2/5，服务态度 5/5，问题未解决`);
    expect(await visitRow(o.visit.id)).toMatchObject({ follow_up: 'complaint', follow_up_order_id: null });
    expect(await lastNotice()).toMatchObject({ link: `/complaints/${r.complaintId}`, title: `回访不满意：${o.code}` });
    // the agent who took the call is in the audit log of the draft
    const a = await h.kehu.ctx.db.selectFrom('audit_log').select(['user_id', 'summary']).where('entity', '=', 'complaint').where('entity_id', '=', String(r.complaintId)).executeTakeFirstOrThrow();
    expect(a.user_id).toBe(agent.userId);
    // the complaint desk sees the draft
    const detail = await agent.get(`/api/v1/complaints/${r.complaintId}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({ state: 'draft', source: { type: 'return_visit', id: o.visit.id }, serviceOrder: { id: o.id } });
  });

  it('misconduct or the lowest rating makes it major; an installation is an installation complaint', async () => {
    const o = await completed({ type: 'install' });
    const res = await agent.post(`/api/v1/service/visits/${o.visit.id}`, { ...answers, version: 1, rating: 4, misconduct: true, followUp: 'complaint' });
    expect(res.statusCode, res.body).toBe(200);
    const [c] = await complaintsOfVisit(o.visit.id);
    expect(c).toMatchObject({ category: 'installation', severity: 'major', state: 'draft' });
    expect(c!.content).toBe(`回访不满意（工单 ${o.code}）：评分 4/5，服务态度 5/5，反映有吃拿卡要`);
  });

  it('a dissatisfied answer through the customer’s link opens a draft too; a satisfied one or rework does not', async () => {
    const o = await completed();
    const token = (await agent.post(`/api/v1/service/visits/${o.visit.id}/link`)).json().token as string;
    const answer = await h.kehu.app.inject({ method: 'POST', url: `/api/v1/public/visits/${token}`, payload: { ...answers, rating: 1, attitude: 1, comment: '态度恶劣' } });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toEqual({ ok: true }); // the customer sees no internal numbers
    const [c] = await complaintsOfVisit(o.visit.id);
    expect(c).toMatchObject({ state: 'draft', severity: 'major', service_order_id: o.id, customer_id: w.customerId });
    expect(c!.content).toContain('态度恶劣');
    expect(await visitRow(o.visit.id)).toMatchObject({ follow_up: 'complaint', channel: 'link' });
    expect((await lastNotice()).link).toBe(`/complaints/${c!.id}`);

    const happy = await completed();
    const fine = await agent.post(`/api/v1/service/visits/${happy.visit.id}`, { ...answers, version: 1 });
    expect(fine.json()).toMatchObject({ dissatisfied: false, complaintId: null });
    const sad = await completed();
    const rework = await agent.post(`/api/v1/service/visits/${sad.visit.id}`, { ...answers, version: 1, rating: 2, followUp: 'rework' });
    expect(rework.json()).toMatchObject({ dissatisfied: true, complaintId: null, followUpOrderId: expect.any(Number) });
    expect((await lastNotice()).link).toBe(`/service/orders/${rework.json().followUpOrderId}`);
    for (const v of [happy.visit.id, sad.visit.id]) expect(await complaintsOfVisit(v)).toHaveLength(0);
  });

  it('a customer archived since the order still gets the draft, unlinked, in the same transaction as the visit', async () => {
    const o = await completed();
    await h.kehu.ctx.db.updateTable('customers').set({ archived_at: h.clock.now().toISOString() }).where('id', '=', w.customerId).execute();
    try {
      const res = await agent.post(`/api/v1/service/visits/${o.visit.id}`, { ...answers, version: 1, rating: 2, followUp: 'complaint' });
      expect(res.statusCode, res.body).toBe(200);
      const { complaintId } = res.json();
      expect(complaintId).toBeGreaterThan(0);
      const drafts = await complaintsOfVisit(o.visit.id);
      expect(drafts).toHaveLength(1);
      expect(drafts[0]).toMatchObject({ state: 'draft', customer_id: null });
      expect(await visitRow(o.visit.id)).toMatchObject({ state: 'done', follow_up: 'complaint' });
      expect(await lastNotice()).toMatchObject({ link: `/complaints/${complaintId}` });
    } finally {
      await h.kehu.ctx.db.updateTable('customers').set({ archived_at: null }).where('id', '=', w.customerId).execute();
    }
  });
});
